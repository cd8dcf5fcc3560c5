// readLines: every line back exactly, across 4 MiB chunk boundaries and multi-byte letters, last line with or without "\n".
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLines } from "../../mock-svea/state/read-lines.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mock-read-lines-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function collect(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(path)) out.push(line);
  return out;
}

describe("readLines", () => {
  it("returns the lines of a file larger than one chunk, multi-byte letters intact", async () => {
    // ~6 MiB of lines of varying length, each with letters that take two or three bytes in UTF-8.
    const lines = Array.from({ length: 40_000 }, (_, i) => `${i} Slutför köp – ${"å".repeat(i % 97)}${"x".repeat((i * 7) % 13)}`);
    lines[123] = "";
    const path = join(dir, "big.jsonl");
    await writeFile(path, `${lines.join("\n")}\n`);
    expect(await collect(path)).toEqual(lines);
    await writeFile(path, lines.join("\n"));
    expect(await collect(path)).toEqual(lines);
  });

  it("yields nothing for an empty file and rejects a missing one", async () => {
    const path = join(dir, "empty");
    await writeFile(path, "");
    expect(await collect(path)).toEqual([]);
    await expect(collect(join(dir, "missing"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
