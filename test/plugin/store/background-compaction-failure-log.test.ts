// A background compaction that fails reaches the operator: the plugin creates its embedded store with a logger and no
// onCompactionError (plugin/plugin-runtime.ts chooseStore), so the store logs it itself (file and error code, no stack,
// nothing of the records), once per distinct failure and not again on every retry while a disk stays full.
import { mkdir, readdir, readFile, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLowdbPluginStore, type JournalPluginStore, type StoreSnapshot } from "../../../plugin/store/index.js";
import { COMPACTION_FAILED_LOG, COMPACTION_FAILURE_REPEAT_MS, CompactionFailureLog } from "../../../plugin/store/compaction-failure-log.js";
import { StoreFileError } from "../../../plugin/store/store-file-error.js";
import { tempFileBeside } from "../../../common/write-temp-file.js";
import { CapturingLogger } from "../support/plugin-test-kit.js";
import { link } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

let dir: { path: string; remove: () => Promise<void> } | undefined;
let store: JournalPluginStore | undefined;
afterEach(async () => {
  await store?.close().catch(() => {});
  store = undefined;
  await dir?.remove();
});

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** Links written one by one, each given time for the compaction it made due to run (the journal writes take none). */
async function putLinks(store: JournalPluginStore, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    await store.putLink(`o${i}`, link(`m-${i}`));
    await settle(5);
  }
}

function warnings(logger: CapturingLogger): Record<string, unknown>[] {
  return logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === "warn" || l.level === "error");
}

describe("a failed background compaction", () => {
  it("is logged once, with the file and its error code, by a store made as the plugin makes it (a logger only)", async () => {
    dir = await storeDir();
    const file = join(dir.path, "svea-instore-plugin.json");
    const logger = new CapturingLogger();
    // As chooseStore makes it ({ file, logger }); a small threshold only so the test need not write 8 MiB.
    store = createLowdbPluginStore({ file, logger, compactAfterBytes: 2_000 });
    await store.open();
    // Something that makes every snapshot write fail while journal appends still work (here: a folder where the temp
    // file goes; in a shop: a snapshot past the 512 MiB string limit, a file system refusing the rename...).
    await mkdir(tempFileBeside(file));
    await putLinks(store, 0, 40);
    await settle();
    // The compactions did fail, several times: the journal keeps every segment.
    expect((await readdir(dir.path)).filter((n) => n.includes(".journal-")).length).toBeGreaterThan(2);
    // One line for them all: the same failure again is not logged on every retry.
    expect(warnings(logger)).toEqual([{ level: "warn", msg: COMPACTION_FAILED_LOG, store: file, file: tempFileBeside(file), code: "EISDIR" }]);
    expect(JSON.stringify(warnings(logger))).not.toMatch(/ at |stack|m-\d/);

    // Fixed: the next compaction folds every segment in, and a later failure is told again.
    await rmdir(tempFileBeside(file));
    await putLinks(store, 40, 60);
    await settle();
    // (At most the current segment stays: none yet when the last write made the compaction due.)
    expect((await readdir(dir.path)).filter((n) => n.includes(".journal-")).length).toBeLessThanOrEqual(1);
    expect(Object.keys((JSON.parse(await readFile(file, "utf8")) as StoreSnapshot).orders)).toContain("o39");
    await mkdir(tempFileBeside(file));
    await putLinks(store, 60, 80);
    await settle();
    expect(warnings(logger)).toHaveLength(2);
  });

  it("goes to onCompactionError instead, when a caller gives one", async () => {
    dir = await storeDir();
    const file = join(dir.path, "svea-instore-plugin.json");
    const logger = new CapturingLogger();
    const told: unknown[] = [];
    store = createLowdbPluginStore({ file, logger, compactAfterBytes: 2_000, onCompactionError: (error) => told.push(error) });
    await store.open();
    await mkdir(tempFileBeside(file));
    await putLinks(store, 0, 20);
    await settle();
    expect(told.length).toBeGreaterThan(0);
    expect(told[0]).toBeInstanceOf(StoreFileError);
    expect(warnings(logger)).toEqual([]);
  });
});

describe("CompactionFailureLog", () => {
  it("logs a distinct failure at once, the same one again only after an hour, and afresh after a success", () => {
    const logger = new CapturingLogger();
    let now = 0;
    const log = new CompactionFailureLog("/d/s.json", logger, () => now);
    const full = new StoreFileError("/d/.s.json.tmp", "write", "ENOSPC");
    log.failed(full);
    log.failed(full);
    now += COMPACTION_FAILURE_REPEAT_MS - 1;
    log.failed(full);
    expect(warnings(logger)).toHaveLength(1);
    log.failed(new StoreFileError("/d/.s.json.tmp", "write", "EIO"));
    expect(warnings(logger).at(-1)).toMatchObject({ file: "/d/.s.json.tmp", code: "EIO" });
    now += COMPACTION_FAILURE_REPEAT_MS;
    log.failed(new StoreFileError("/d/.s.json.tmp", "write", "EIO"));
    expect(warnings(logger)).toHaveLength(3);
    log.succeeded();
    log.failed(new StoreFileError("/d/.s.json.tmp", "write", "EIO"));
    expect(warnings(logger)).toHaveLength(4);
    // Another error: its own code (store-too-large), or "unknown", never its message.
    log.failed(Object.assign(new Error("secret text"), { code: "store-too-large" }));
    log.failed(new Error("secret text"));
    expect(warnings(logger).slice(-2)).toMatchObject([
      { file: "/d/s.json", code: "store-too-large" },
      { file: "/d/s.json", code: "unknown" },
    ]);
    expect(JSON.stringify(warnings(logger))).not.toMatch(/secret/);
  });
});
