// One journal segment on its own: the zero-filled space of a batched segment, cut off at close or after a crash, and
// the fall-back to appending when zero-filling fails (a file-size limit stands in for a full disk).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { JournalSegment, trimZeroTail } from "../../mock-svea/state/journal-segment.js";

const run = promisify(execFile);
const compiledSegment = fileURLToPath(new URL("../../dist/mock-svea/state/journal-segment.js", import.meta.url));

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mock-svea-segment-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe("JournalSegment", () => {
  it("writes a batched segment into zero-filled space and cuts the zero tail when it is closed", async () => {
    const segment = new JournalSegment(join(await tempDir(), "s.jsonl"));
    await Promise.all([segment.append('{"seq":1}'), segment.append('{"seq":2}')]);
    expect((await stat(segment.path)).size).toBeGreaterThanOrEqual(64 * 1024);
    await segment.close();
    expect(await readFile(segment.path, "utf8")).toBe('{"seq":1}\n{"seq":2}\n');
  });

  it("keeps every line whole across fills written in several pieces (fills grow past the 128 KiB piece)", async () => {
    const segment = new JournalSegment(join(await tempDir(), "s.jsonl"));
    const line = (n: number) => JSON.stringify({ seq: n, pad: "x".repeat(900) });
    // About 1.2 MB: fills of 64, 64, 128, 256, 512 KiB and 1 MiB, the last three in 2, 4 and 8 pieces.
    for (let n = 1; n <= 1300; n += 50) await Promise.all(Array.from({ length: 50 }, (_, i) => segment.append(line(n + i))));
    const lines = Array.from({ length: 1300 }, (_, i) => `${line(i + 1)}\n`).join("");
    // As a crash would leave it, once the fill running in the background is done: the lines, then zeros up to the
    // end of the last fill. The fills double from 64 KiB, so a file with every piece in its place ends at a power of two.
    await (segment as unknown as { filling: Promise<void> | null }).filling;
    const raw = await readFile(segment.path);
    expect(Number.isInteger(Math.log2(raw.length))).toBe(true);
    expect(raw.subarray(0, lines.length).toString("utf8")).toBe(lines);
    expect(raw.subarray(lines.length).every((byte) => byte === 0)).toBe(true);
    await segment.close();
    expect(await readFile(segment.path, "utf8")).toBe(lines);
  });

  it("appends a segment with fsync never, leaving no zero tail at any time", async () => {
    const segment = new JournalSegment(join(await tempDir(), "s.jsonl"), "never");
    await segment.append('{"seq":1}');
    expect(await readFile(segment.path, "utf8")).toBe('{"seq":1}\n');
    await segment.close();
  });

  it("trims a zero tail and leaves a segment without one as it is", async () => {
    const path = join(await tempDir(), "s.jsonl");
    await writeFile(path, '{"seq":1}\n{"seq":2}\n');
    await trimZeroTail(path);
    expect(await readFile(path, "utf8")).toBe('{"seq":1}\n{"seq":2}\n');
    await writeFile(path, Buffer.concat([Buffer.from('{"seq":1}\n'), Buffer.alloc(200_000)]));
    await trimZeroTail(path);
    expect(await readFile(path, "utf8")).toBe('{"seq":1}\n');
  });

  it("falls back to appending when zero-filling fails, tells once, and loses no line", async () => {
    const path = join(await tempDir(), "s.jsonl");
    // Under a 100 KiB file-size limit the first fill (64 KiB) succeeds and the second (64 KiB more) fails with EFBIG;
    // the lines after it (up to about 90 KB in all) must still be written and acknowledged.
    const script = `
      const { JournalSegment } = await import(${JSON.stringify(compiledSegment)});
      const errors = [];
      const segment = new JournalSegment(${JSON.stringify(path)}, "batched", (e) => errors.push(e.code));
      const line = (n) => JSON.stringify({ seq: n, pad: "x".repeat(1000) });
      for (let n = 1; n <= 90; n++) await segment.append(line(n));
      await segment.close();
      console.log(JSON.stringify({ errors }));
    `;
    const { stdout } = await run("bash", ["-c", 'ulimit -f 100 && exec node --input-type=module -e "$0"', script]);
    expect(JSON.parse(stdout)).toEqual({ errors: ["EFBIG"] });
    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
  });
});
