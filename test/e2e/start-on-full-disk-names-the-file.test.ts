// A host restarted after a crash while the plugin's data disk is still full is told which file or folder could not be
// written and what to do (StoreFileError), not only "ENOSPC: no space left on device, write", and without a stack.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { startReferenceHost } from "../../host/reference-host.js";
import { ensurePluginBuilt } from "./ensure-plugin-built.js";
import { embeddedStoreHostOptions } from "./embedded-store-host.js";
import { fullDisk, type FullDisk } from "../support/full-disk.js";
import { link } from "../plugin/store/plugin-store-contract.js";

let disk: FullDisk | undefined;
afterEach(async () => {
  await disk?.close();
  disk = undefined;
});

describe("the embedded store started on a full disk", () => {
  it("fails activation naming the store file it could not write, its error code and what to do, in one line per language", async () => {
    await ensurePluginBuilt();
    // As root a small tmpfs filled for real (ENOSPC, here at the lock file); otherwise a folder where the snapshot's
    // temp file goes (EISDIR, at the start's compaction).
    disk = await fullDisk("full-start-");
    const file = join(disk.dir, "svea-instore-plugin.json");
    // The last run journaled a link and was killed (never closed): the next start folds the journal into the snapshot.
    // (Written as that run's journal line, so no descriptor of this process keeps the small disk busy.)
    const order = { orderId: "o1", orderNumber: "1", linkSequence: 1, links: [link("a-1", { instoreUiUri: `https://instore.example/${"x".repeat(4000)}` })], intents: [], inbox: [] };
    await writeFile(join(disk.dir, "svea-instore-plugin.journal-000001.jsonl"), `${JSON.stringify({ s: 1, o: order, m: "a-1" })}\n`);
    await disk.fill(file);

    const started = await startReferenceHost({ ...embeddedStoreHostOptions(disk.dir, "full-start-callback-key-0123456789abcdef"), logLevel: "silent" }).then(
      async (host) => {
        await host.close();
        return undefined;
      },
      (error: unknown) => error as Error,
    );
    expect(started).toBeInstanceOf(Error);
    // What the operator reads: which file (or at least which folder) the plugin could not write, and what to do.
    expect(started!.message, started!.message).toContain(disk.dir);
    expect(started!.message).toMatch(
      disk.real
        ? /the plugin's order store could not .*\(ENOSPC\): the disk of .* is full .*free space there, then start again/
        : /the plugin's order store could not write .*\.svea-instore-plugin\.json\.tmp \(EISDIR\): .* is a folder where the store keeps a file/,
    );
    // One line in each language, no stack.
    expect(started!.message.split("\n")).toHaveLength(2);
    expect(started!.message).not.toMatch(/\bat .*\.js:\d+/);
  });
});
