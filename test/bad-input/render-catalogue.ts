// Renders the bad-input catalogue as a Markdown table (CATALOGUE.md), so a reader sees every case without reading code.
import type { CatalogueRow } from "./bad-input-catalogue.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function expectation(row: CatalogueRow): string {
  switch (row.layer) {
    case "order.save": {
      const e = row.expect;
      if ("refused" in e) return `refused: ${e.refused.map((r) => `\`${r.code}\`${r.field ? ` on \`${r.field}\`` : ""}: “${r.message}”`).join("; ")}`;
      const held = e.sveaHolds ? ` — Svea holds ${Object.entries(e.sveaHolds).map(([k, v]) => `\`${k}\` = \`${JSON.stringify(v)}\``).join(", ")}` : "";
      if ("notice" in e) return `accepted, notice \`${e.notice.code}\` on \`${e.notice.field}\`: “${e.notice.message}”${held}`;
      return `accepted, notices ${e.noticeCodes.map((c) => `\`${c}\``).join(", ")} only${held}`;
    }
    case "mock-api":
      return `${row.expect.status}${row.expect.detail ? ` “${row.expect.detail}”` : ""}${row.expect.errors ? ` errors \`${JSON.stringify(row.expect.errors)}\`` : ""}`;
    case "callback":
      return `${row.expect.status} \`${JSON.stringify(row.expect.body)}\`; ${row.expect.recorded ? "recorded, truth read from Svea" : "nothing recorded or changed"}`;
  }
}

export function renderCatalogue(rows: readonly CatalogueRow[]): string {
  const lines = [
    "# Bad-input catalogue",
    "",
    "Generated from `bad-input-catalogue.ts` by `render-catalogue.ts`; `test/bad-input/bad-input-catalogue.test.ts` runs every row",
    "and fails when this file is stale (regenerate with `UPDATE_CATALOGUE=1 npx vitest run test/bad-input`).",
    "Plugin rows go through the `order.save` hook of an activated plugin talking to a mock Svea on 127.0.0.1; the message is",
    "exactly what the clerk sees. Mock and callback rows are raw HTTP requests.",
    "",
    "| # | case | layer | locale | input | what the clerk or caller sees |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((row, i) => `| ${i + 1} | ${cell(row.case)} | ${row.layer} | ${row.layer === "order.save" ? row.locale : "—"} | ${cell(row.input)} | ${cell(expectation(row))} |`),
    "",
  ];
  return lines.join("\n");
}
