// Reads README.md as a developer does: its sections by heading, their tables, backticked names, and GitHub's heading anchors.
import { readFileSync } from "node:fs";

export const repoRoot = new URL("../../", import.meta.url);
export const readme = readFileSync(new URL("README.md", repoRoot), "utf8");

interface Heading {
  level: number;
  text: string;
  line: number;
}

const lines = readme.split("\n");

/** Every heading outside code fences (a `# comment` in a shell block is no heading). */
const headings: Heading[] = (() => {
  const found: Heading[] = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (line.startsWith("```")) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6}) (.+)$/.exec(line);
    if (match) found.push({ level: match[1]!.length, text: match[2]!, line: index });
  });
  return found;
})();

/** The section under the (unique) heading whose text is `title`, up to the next heading of its level or above. */
export function section(title: string): string {
  const matches = headings.filter((h) => h.text === title);
  if (matches.length !== 1) throw new Error(`README: ${matches.length} headings "${title}"`);
  const start = matches[0]!;
  const end = headings.find((h) => h.line > start.line && h.level <= start.level);
  return lines.slice(start.line + 1, end?.line ?? lines.length).join("\n");
}

/** The cells of each body row of the markdown tables in `text` (header and separator rows left out). */
export function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  const tableLines = text.split("\n").filter((line) => line.startsWith("|"));
  for (let i = 0; i < tableLines.length; i++) {
    const next = tableLines[i + 1] ?? "";
    const line = tableLines[i]!;
    if (/^\|[\s|:-]+\|$/.test(line) || /^\|[\s|:-]+\|$/.test(next)) continue;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
  }
  return rows;
}

/** What stands between backticks in `text`. */
export function backticked(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered -1, -2... */
export function headingAnchors(): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of headings) {
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}
