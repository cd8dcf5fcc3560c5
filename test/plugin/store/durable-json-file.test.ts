// The store's snapshot file on a full disk: a failed write or rename removes its temp file and throws a StoreFileError naming the file.
import { lstat, mkdir, readFile, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DurableJsonFile, StoreTooLargeError } from "../../../plugin/store/durable-json-file.js";
import { StoreFileError } from "../../../plugin/store/store-file-error.js";
import * as pluginEntry from "../../../plugin/index.js";
import { rejectionOf } from "../../host/host-test-helpers.js";
import { storeDir } from "./store-temp-dir.js";

/** Files whose read fails as Node's does for a file longer than the longest string (reading 512 MiB here would be slow). */
const tooLongToRead = vi.hoisted(() => new Set<string>());
vi.mock("../../../common/read-file-if-present.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../../common/read-file-if-present.js")>();
  return {
    readFileIfPresent: async (path: string) => {
      if (!tooLongToRead.has(path)) return actual.readFileIfPresent(path);
      throw Object.assign(new Error("Cannot create a string longer than 0x1fffffe8 characters"), { code: "ERR_STRING_TOO_LONG" });
    },
  };
});

const removals: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const remove of removals.splice(0)) await remove();
});

async function dir(): Promise<string> {
  const made = await storeDir();
  removals.push(made.remove);
  return made.path;
}

describe("DurableJsonFile", () => {
  it("a write the full disk refuses leaves no temp file (it would hold the space) and the snapshot as it was", async () => {
    const deviceMode = (await stat("/dev/full")).mode;
    const path = join(await dir(), "mock-svea.json");
    const file = new DurableJsonFile<{ n: number }>(path);
    await file.write({ n: 1 });
    // The temp file is /dev/full: made, then its write fails with ENOSPC, as on a full disk.
    await symlink("/dev/full", file.tempPath);
    // Named (Node's own "ENOSPC: no space left on device, write" names no file), with the code and what to do.
    const failed = await rejectionOf(file.write({ n: 2 }));
    expect(failed).toBeInstanceOf(StoreFileError);
    expect(failed).toMatchObject({ code: "store-file-failed", file: path, action: "write", fileErrorCode: "ENOSPC" });
    expect((failed as Error).message).toMatch(/could not write .*mock-svea\.json \(ENOSPC\): the disk of .* is full .*free space there/);
    expect(await rejectionOf(lstat(file.tempPath))).toMatchObject({ code: "ENOENT" });
    expect(await file.read()).toEqual({ n: 1 });
    await file.write({ n: 3 });
    expect(await file.read()).toEqual({ n: 3 });
    // The temp file is set owner-only only when it is a file: the device it pointed at keeps its mode.
    expect((await stat("/dev/full")).mode).toBe(deviceMode);
  });

  it("a rename that fails removes the written temp file and names the file in the way, with the rename's own code", async () => {
    const folder = await dir();
    // A folder with something in it where the snapshot goes: the temp file is written, the rename over it fails.
    const path = join(folder, "svea-instore-plugin.json");
    await mkdir(path);
    await writeFile(join(path, "keep"), "x");
    const file = new DurableJsonFile<{ n: number }>(path);
    expect(await rejectionOf(file.write({ n: 1 }))).toMatchObject({ file: path, fileErrorCode: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(await rejectionOf(lstat(file.tempPath))).toMatchObject({ code: "ENOENT" });
    expect(await readFile(join(path, "keep"), "utf8")).toBe("x");
  });

  it("a write its caller refuses just before the rename (its data dir lock lost meanwhile) leaves the snapshot and no temp file", async () => {
    const path = join(await dir(), "svea-instore-plugin.json");
    let refuse = false;
    const file = new DurableJsonFile<{ n: number }>(path, () => {
      if (refuse) throw new Error("lock lost");
    });
    await file.write({ n: 1 });
    refuse = true;
    expect(await rejectionOf(file.write({ n: 2 }))).toMatchObject({ message: "lock lost" });
    expect(await rejectionOf(lstat(file.tempPath))).toMatchObject({ code: "ENOENT" });
    expect(await file.read()).toEqual({ n: 1 });
  });

  it("a temp file a crash left 0644 is written 0600, so the snapshot renamed from it is owner-only", async () => {
    const path = join(await dir(), "svea-instore-plugin.json");
    const file = new DurableJsonFile<{ n: number }>(path);
    await writeFile(file.tempPath, "left by a crash", { mode: 0o644 });
    await file.write({ n: 1 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await file.read()).toEqual({ n: 1 });
  });

  it("a snapshot too large for one string is named with its size and the way out, on read and on write", async () => {
    const path = join(await dir(), "svea-instore-plugin.json");
    // Sparse: the size of the snapshot the review saw (about 480,000 orders), without the disk space.
    await writeFile(path, "");
    await truncate(path, 552 * 1024 * 1024);
    tooLongToRead.add(path);
    const file = new DurableJsonFile<unknown>(path);
    const read = await rejectionOf(file.read());
    expect(read).toBeInstanceOf(StoreTooLargeError);
    expect((read as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(578813952 bytes\\) is too large .*PostgreSQL store`));
    // JSON.stringify meets the same limit as the snapshot grows: the same error, not a bare RangeError.
    const written = await rejectionOf(file.write({ toJSON: () => "x".repeat(2 ** 29) }));
    expect(written).toBeInstanceOf(StoreTooLargeError);
    // A host tells it apart by class, as the store's other refusals, from the package entry.
    expect(read).toBeInstanceOf(pluginEntry.StoreTooLargeError);
  });
});
