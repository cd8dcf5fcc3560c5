// host-orders.json as the reference host writes it: whole, through a synced temp file, the folder synced after the rename.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { HostOrderFile } from "../../host/host-order-file.js";

/** Notes the file-system calls a write makes (the calls themselves go through unchanged). */
const fsCalls = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const handle = await actual.open(...args);
      fsCalls.calls.push(`open ${String(args[0])}`);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => (await sync(), void fsCalls.calls.push(`sync ${String(args[0])}`));
      return handle;
    },
    rename: async (from: string, to: string) => (await actual.rename(from, to), void fsCalls.calls.push(`rename ${from} ${to}`)),
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "host-order-file-"));
  fsCalls.calls.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("writes the order book so a power cut leaves the old file or the new one whole: temp file synced, renamed, folder synced", async () => {
  // With npm start the plugin's payment records live in this file too (lent host storage).
  const file = join(dir, "host-orders.json");
  const temp = join(dir, ".host-orders.json.tmp");
  await new HostOrderFile<{ orders: string[] }>(file).write({ orders: ["ord-1"] });
  expect(fsCalls.calls).toEqual([`open ${temp}`, `sync ${temp}`, `rename ${temp} ${file}`, `open ${dir}`, `sync ${dir}`]);
  expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ orders: ["ord-1"] });
});
