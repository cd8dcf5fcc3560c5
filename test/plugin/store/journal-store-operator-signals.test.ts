// What the embedded store tells an operator: a failed write stops it (health, one log line, "restart required"); a
// store file that cannot be read or written fails the start naming it.
import { readdirSync } from "node:fs";
import { appendFile, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbeddedPluginStore, JournalCorruptError, StoreFileError, StoreStoppedError, type JournalPluginStore } from "../../../plugin/store/index.js";
import * as pluginEntry from "../../../plugin/index.js";
import { forgetDataDirLock } from "../../../plugin/store/data-dir-lock.js";
import { tempFileBeside } from "../../../common/write-temp-file.js";
import { CapturingLogger } from "../support/plugin-test-kit.js";
import { link } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let file: string;
let logger: CapturingLogger;
const opened: JournalPluginStore[] = [];

beforeEach(async () => {
  dir = await storeDir();
  file = join(dir.path, "svea-instore-plugin.json");
  logger = new CapturingLogger();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
  await dir.remove();
});

function store(options: Parameters<typeof createEmbeddedPluginStore>[0] = {}): JournalPluginStore {
  const s = createEmbeddedPluginStore({ file, logger, ...options });
  opened.push(s);
  return s;
}

const logged = () => logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("a journal write that fails (a full disk)", () => {
  it("stops the store: health says restart required, one error line says so, and every later change is refused with the same words", async () => {
    const s = store();
    await s.open();
    expect(s.health()).toEqual({ status: "ok" });
    // The segment this run writes is /dev/full: every write(2) to it fails with ENOSPC, as on a full disk.
    await symlink("/dev/full", join(dir.path, "svea-instore-plugin.journal-000001.jsonl"));

    const first = await s.putLink("o1", link("a-1")).then(() => undefined, (e: unknown) => e);
    expect(first).toBeInstanceOf(StoreStoppedError);
    // A host catches it by the class the package entry exports (README: operations).
    expect(first).toBeInstanceOf(pluginEntry.StoreStoppedError);
    expect((first as Error).message).toMatch(/stopped after a failed write \(ENOSPC\).*restart required/);
    expect((first as Error).message).not.toMatch(/try again/i);
    expect(await s.getOrder("o1")).toBeUndefined();

    const health = s.health();
    expect(health).toMatchObject({ status: "restart-required", store: file });
    expect(health.status === "restart-required" && health.message).toMatch(/restart required/);

    await expect(s.reserve("a-1", 1, 5_000)).rejects.toThrow(/restart required/);
    await expect(s.putLink("o2", link("b-1"))).rejects.toBeInstanceOf(StoreStoppedError);

    const errors = logged().filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ store: file, code: "ENOSPC", restartRequired: true });
    expect(String(errors[0]!.msg)).toMatch(/stopped after a failed journal write and must be restarted/);
    // No stack, no record: only the code of the failed write.
    expect(JSON.stringify(errors[0])).not.toMatch(/at |a-1|stack/);
  });

  it("stops the store when a batched sync fails too", async () => {
    const s = store({ fsync: "batched" });
    await s.open();
    await symlink("/dev/full", join(dir.path, "svea-instore-plugin.journal-000001.jsonl"));
    await expect(s.putLink("o1", link("a-1"))).rejects.toBeInstanceOf(StoreStoppedError);
    expect(s.health().status).toBe("restart-required");
  });
});

describe("a damaged store file at start", () => {
  /** A snapshot with a payment link in it, written by a store that then closed. */
  async function snapshotText(): Promise<string> {
    const s = store();
    await s.putLink("o1", link("a-1", { storeUiUri: "http://127.0.0.1/pay/SECRETLINK" } as never));
    await s.close();
    opened.length = 0;
    return readFile(file, "utf8");
  }

  const openError = async () => {
    const again = store();
    const error = await again.open().then(() => undefined, (e: unknown) => e);
    forgetDataDirLock(again.lockFile);
    return error as Error;
  };
  const advice = /restore the plugin's data folder from a backup.*do not delete the file/;

  it.each([
    ["cut short", (text: string) => text.slice(0, text.length - 7), /line 1, column \d+: (the text ends too early|a string that is never closed)/],
    ["garbled mid-file", (text: string) => text.replace('"http://127.0.0.1/pay/SECRETLINK"', "Xhttp://127.0.0.1/pay/SECRETLINK"), /line 1, column \d+: expected a value/],
    ["emptied", () => "", /line 1, column 1: there is no JSON value/],
  ])("a snapshot %s is named with line, column and what to do, never quoting it", async (_name, damage, where) => {
    await writeFile(file, damage(await snapshotText()));
    const error = await openError();
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid JSON: `));
    expect(error.message).toMatch(where);
    expect(error.message).toMatch(advice);
    expect(error.message).not.toMatch(/SECRETLINK|Unexpected|"/);
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("a damaged shard of the earlier sharded layout is named with line, column and what to do, never quoting it", async () => {
    await writeFile(file, JSON.stringify({ format: 1, shardCount: 2 }));
    const shard = join(dir.path, "svea-instore-plugin.shard-00.json");
    await writeFile(shard, '{"orders/o1":{"orderId":"o1","links":[{"storeUiUri":"http://127.0.0.1/pay/SECRETLINK","mobilePhoneNumber":"+46701234567"}]},\n BROKEN');
    const error = await openError();
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect(error.message).toContain(`${shard} is not valid JSON: line 2, column 2: expected a property name in double quotes`);
    expect(error.message).toMatch(advice);
    expect(error.message).not.toMatch(/SECRETLINK|46701234567|BROKEN/);
    await writeFile(shard, "null");
    expect((await openError()).message).toContain(`${shard} does not hold a shard of the earlier layout`);
  });

  it("a snapshot of the wrong shape is named with the part at fault, not a TypeError", async () => {
    await snapshotText();
    for (const [text, fault] of [
      ['{"format":2,"journalSeq":0}', /orders must be an object/],
      ["[1,2]", /must be a JSON object/],
      ['{"format":7,"journalSeq":0,"orders":{},"links":{},"pollSlots":{}}', /format 7 is not one this plugin version reads/],
      ['{"format":2,"journalSeq":0,"orders":{"o1":"SECRETLINK"},"links":{},"pollSlots":{}}', /entry 1 of orders is not an order record/],
    ] as const) {
      await writeFile(file, text);
      const error = await openError();
      expect(error).toBeInstanceOf(JournalCorruptError);
      expect(error.message).toMatch(fault);
      expect(error.message).toMatch(advice);
      expect(error.message).not.toMatch(/SECRETLINK/);
    }
  });

  it("a damaged journal line is named with its file and line, and what to do", async () => {
    const crashed = store();
    await crashed.putLink("o1", link("a-1"));
    await crashed.putLink("o1", link("a-2", { sequence: 2 }));
    forgetDataDirLock(crashed.lockFile);
    opened.length = 0;
    const [segment] = (await readdir(dir.path)).filter((n) => n.includes(".journal-"));
    const path = join(dir.path, segment!);
    const [first, second] = (await readFile(path, "utf8")).split("\n");
    await writeFile(path, `${first!.slice(0, 20)}#\n${second}\n`);
    const error = await openError();
    expect(error.message).toMatch(new RegExp(`${segment!.replace(/\./g, "\\.")}: line 1 of 2 complete lines is not JSON`));
    expect(error.message).toMatch(advice);
  });
});

describe("what a start takes over, said in the log", () => {
  it("warns, naming the file and the bytes, when it drops a torn last journal line", async () => {
    const crashed = store();
    await crashed.putLink("o1", link("a-1"));
    forgetDataDirLock(crashed.lockFile);
    opened.length = 0;
    const [segment] = (await readdir(dir.path)).filter((n) => n.includes(".journal-"));
    await appendFile(join(dir.path, segment!), '{"s":2,"o":{"orderId":"o1","li');

    const again = store();
    expect((await again.getOrder("o1"))?.links).toHaveLength(1);
    const warnings = logged().filter((l) => l.level === "warn" && /unfinished last line/.test(String(l.msg)));
    expect(warnings).toEqual([expect.objectContaining({ file: join(dir.path, segment!), droppedBytes: 30 })]);
  });

  it("warns, naming the old pid, when it takes over a lock left by a process that no longer runs", async () => {
    await writeFile(join(dir.path, "svea-instore-plugin.lock"), "999999999\n");
    await store().open();
    expect(logged().filter((l) => l.level === "warn")).toEqual([
      expect.objectContaining({ lockFile: join(dir.path, "svea-instore-plugin.lock"), previousPid: 999999999, msg: expect.stringMatching(/took over the data dir's lock/) }),
    ]);
  });

  it("says nothing on a clean start", async () => {
    const first = store();
    await first.putLink("o1", link("a-1"));
    await first.close();
    opened.length = 0;
    await store().open();
    expect(logged()).toEqual([]);
  });
});

describe("a store file that cannot be read or written at start", () => {
  const startError = async () => {
    const s = store();
    const error = (await s.open().then(() => undefined, (e: unknown) => e)) as Error;
    // A failed start gives its lock back: nothing is left held.
    expect(readdirSync(dir.path)).not.toContain("svea-instore-plugin.lock");
    return error;
  };

  it("names the snapshot a folder took the place of (not a bare EISDIR), with what to do, in one line", async () => {
    await mkdir(file);
    const error = await startError();
    expect(error).toBeInstanceOf(StoreFileError);
    expect(error).toBeInstanceOf(pluginEntry.StoreFileError);
    expect(error).toMatchObject({ code: "store-file-failed", file, action: "read", fileErrorCode: "EISDIR" });
    expect(error.message).toBe(
      `the plugin's order store could not read ${file} (EISDIR): ${file} is a folder where the store keeps a file: move that folder away (see first whether it holds anything of the shop's; if it took the place of the store's file, restore that file from a backup), then start again`,
    );
  });

  it("names a journal segment that is a folder", async () => {
    const segment = join(dir.path, "svea-instore-plugin.journal-000001.jsonl");
    await mkdir(segment);
    expect(await startError()).toMatchObject({ file: segment, fileErrorCode: "EISDIR", message: expect.stringMatching(/^the plugin's order store could not read .*journal-000001\.jsonl \(EISDIR\)/) });
  });

  it("names the snapshot the start's compaction could not write on a full disk, and keeps the journal for the next start", async () => {
    const crashed = store();
    await crashed.putLink("o1", link("a-1"));
    forgetDataDirLock(crashed.lockFile);
    opened.length = 0;
    // The snapshot's temp file is /dev/full: its write fails with ENOSPC, as on a full disk.
    await symlink("/dev/full", tempFileBeside(file));
    const error = await startError();
    expect(error).toMatchObject({ file, action: "write", fileErrorCode: "ENOSPC" });
    expect(error.message).toMatch(/could not write .*svea-instore-plugin\.json \(ENOSPC\): the disk of .* is full .*nothing stored is lost/);
    expect(error.message.split("\n")).toHaveLength(1);
    // The failed write removed its temp file (the space is free again): the next start folds the journal in.
    expect((await store().getOrder("o1"))?.links).toHaveLength(1);
  });
});
