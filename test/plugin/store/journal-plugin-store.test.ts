// The embedded journal store's files: one line per mutation, replay after a crash, a torn last line, a crash during compaction, damage, migration.
import { spawnSync } from "node:child_process";
import { appendFile, copyFile, mkdir, readdir, readFile, rename, rmdir, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createEmbeddedPluginStore,
  createShardedLowdbPluginStore,
  JournalCorruptError,
  StoreLockedError,
  StoreStoppedError,
  type JournalPluginStore,
  type StoreSnapshot,
} from "../../../plugin/store/index.js";
import { forgetDataDirLock, systemLocks, type LockHolder } from "../../../plugin/store/data-dir-lock.js";
import { ManualClock } from "../../../common/clock.js";
import { activate } from "../../../plugin/index.js";
import { CapturingLogger, RecordingOrders, testSettings } from "../support/plugin-test-kit.js";
import { JournalSegmentWriter } from "../../../plugin/store/journal-segment-writer.js";
import { link } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

/**
 * The file-system calls that make a compaction durable, in the order the store makes them, while `on` (the seam for
 * the compaction-order test; the calls themselves go through unchanged).
 */
const fsCalls = vi.hoisted(() => ({ on: false, calls: [] as string[], fdPaths: new Map<number, string>() }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const note = (call: string) => fsCalls.on && fsCalls.calls.push(call);
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const handle = await actual.open(...args);
      note(`open ${String(args[0])}`);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => (await sync(), void note(`sync ${String(args[0])}`));
      return handle;
    },
    rename: async (from: string, to: string) => (await actual.rename(from, to), void note(`rename ${from} ${to}`)),
    unlink: async (path: string) => (await actual.unlink(path), void note(`unlink ${path}`)),
  };
});
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return {
    ...actual,
    openSync: (...args: Parameters<typeof actual.openSync>) => {
      const fd = actual.openSync(...args);
      fsCalls.fdPaths.set(fd, String(args[0]));
      return fd;
    },
    fdatasyncSync: (fd: number) => (actual.fdatasyncSync(fd), void (fsCalls.on && fsCalls.calls.push(`sync ${fsCalls.fdPaths.get(fd)}`))),
  };
});

let dir: { path: string; remove: () => Promise<void> };
let file: string;
const open: JournalPluginStore[] = [];

beforeEach(async () => {
  dir = await storeDir();
  file = join(dir.path, "svea-instore-plugin.json");
});
afterEach(async () => {
  // Stores a test "crashed" are left as a killed process leaves them: never closed, so nothing more is written.
  open.length = 0;
  await dir.remove();
});

function store(options: Parameters<typeof createEmbeddedPluginStore>[0] = {}): JournalPluginStore {
  // A store the test left open "crashed": its process, and so its hold on the data dir, is gone (the lock file stays).
  for (const previous of open) forgetDataDirLock(previous.lockFile);
  const s = createEmbeddedPluginStore({ file, ...options });
  open.push(s);
  return s;
}

async function segments(): Promise<string[]> {
  return (await readdir(dir.path)).filter((n) => n.includes(".journal-")).sort();
}

async function journalLines(): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  for (const name of await segments()) {
    const text = await readFile(join(dir.path, name), "utf8");
    lines.push(...text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
  }
  return lines;
}

/** The calls fsCalls notes while `run` runs. */
async function fsCallsDuring(run: () => Promise<void>): Promise<string[]> {
  fsCalls.calls.length = 0;
  fsCalls.on = true;
  try {
    await run();
  } finally {
    fsCalls.on = false;
  }
  return fsCalls.calls;
}

/** A snapshot made durable: its temp file written and synced, renamed into place, the folder synced. */
function durableSnapshotCalls(): string[] {
  const temp = join(dir.path, ".svea-instore-plugin.json.tmp");
  return [`open ${temp}`, `sync ${temp}`, `rename ${temp} ${file}`, `sync ${dir.path}`];
}

/** A store that journaled two links of order o1 and "crashed" (never closed), and its one segment. */
async function crashedWithTwoLinks(): Promise<{ crashed: JournalPluginStore; path: string }> {
  const crashed = store();
  await crashed.putLink("o1", link("a-1"));
  await crashed.putLink("o1", link("a-2", { sequence: 2 }));
  const [segment] = await segments();
  return { crashed, path: join(dir.path, segment!) };
}

async function snapshot(): Promise<StoreSnapshot> {
  return JSON.parse(await readFile(file, "utf8")) as StoreSnapshot;
}

const createIntent = (sequence: number) => ({
  id: `i${sequence}`,
  orderId: "o1",
  kind: "create" as const,
  merchantOrderNumber: `1001-${sequence}`,
  replaces: null,
  startedAt: 5,
  sequence,
  fingerprint: "f",
});

describe("embedded journal store", () => {
  it("writes one journal line per mutation: a link begun (sequence, mapping, intent) is one line, a duplicate callback none", async () => {
    const s = store();
    await s.beginLink("o1", "1001", createIntent);
    expect(await journalLines()).toHaveLength(1);
    const [line] = await journalLines();
    expect(line).toMatchObject({ s: 1, m: "1001-1", o: { orderId: "o1", linkSequence: 1, intents: [{ id: "i1" }] } });

    await s.putLink("o1", link("1001-1"), { finishIntent: { id: "i1", at: 9, outcome: "created" } });
    await s.recordCallback({ orderId: "o1", merchantOrderNumber: "1001-1", receivedAt: 10 });
    await s.recordCallback({ orderId: "o1", merchantOrderNumber: "1001-1", receivedAt: 11 });
    await s.reserve("1001-1", 20, 5_000);
    expect((await journalLines()).map((l) => l.s)).toEqual([1, 2, 3, 4]);
    expect(await readdir(dir.path)).not.toContain("svea-instore-plugin.json");
  });

  it("replays the journal after a crash (no close) and folds it into the snapshot at the next start", async () => {
    const crashed = store();
    await crashed.beginLink("o1", "1001", createIntent);
    await crashed.recordCallback({ orderId: "o2", merchantOrderNumber: "2002-1", receivedAt: 1 });
    await crashed.reserve("1001-1", 1_000, 5_000);

    const again = store();
    const o1 = await again.getOrder("o1");
    expect(o1?.intents.map((i) => i.id)).toEqual(["i1"]);
    expect(await again.orderIdForMerchantOrderNumber("1001-1")).toBe("o1");
    expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId).sort()).toEqual(["o1", "o2"]);
    expect(await again.reserve("1001-1", 1_000, 5_000)).toBe(6_000);
    // The start compacted the crashed run's segment; only this run's (rotated once by that compaction) remains.
    expect((await snapshot()).journalSeq).toBe(3);
    expect(await segments()).toEqual(["svea-instore-plugin.journal-000003.jsonl"]);
    await again.close();
    expect(await segments()).toEqual([]);
    expect((await snapshot()).journalSeq).toBe(4);
  });

  it("drops a torn last line whole and never appends after it", async () => {
    const crashed = store();
    await crashed.putLink("o1", link("a-1"));
    await crashed.putLink("o1", link("a-2", { sequence: 2 }));
    const [segment] = await segments();
    const complete = JSON.stringify({ s: 3, o: { ...(await crashed.getOrder("o1")), links: [] } });
    // The kill interrupted the third write half way: never acknowledged.
    await appendFile(join(dir.path, segment!), complete.slice(0, complete.length / 2));

    const again = store();
    expect((await again.getOrder("o1"))?.links.map((l) => l.merchantOrderNumber)).toEqual(["a-1", "a-2"]);
    await again.putLink("o1", link("a-3", { sequence: 3 }));
    const third = store();
    expect((await third.getOrder("o1"))?.links.map((l) => l.merchantOrderNumber)).toEqual(["a-1", "a-2", "a-3"]);
  });

  it("survives a crash during compaction: a temp snapshot left behind, and a journal whose records the snapshot already holds", async () => {
    const s = store();
    await s.putLink("o1", link("a-1"));
    await s.putLink("o1", link("a-2", { sequence: 2 }));
    // Keep the segment as it was, as if the compaction below died after its rename but before deleting it.
    const [segment] = await segments();
    await copyFile(join(dir.path, segment!), join(dir.path, "kept.jsonl"));
    await s.putLink("o1", link("a-1", { state: "cancelled", canceledByPlugin: true, reason: "reissued" }));
    await s.compact();
    expect(await segments()).toEqual([]);
    await copyFile(join(dir.path, "kept.jsonl"), join(dir.path, segment!));
    await writeFile(join(dir.path, ".svea-instore-plugin.json.tmp"), '{"format":2,"journalSe');

    const again = store();
    // Replaying the stale records over the newer snapshot would bring the cancelled link back to waiting.
    expect((await again.getOrder("o1"))?.links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([
      ["a-1", "cancelled"],
      ["a-2", "waiting"],
    ]);
    await again.putLink("o2", link("b-1"));
    await again.close();
    const third = store();
    expect((await third.getOrder("o2"))?.links).toHaveLength(1);
    expect((await third.getOrder("o1"))?.links[0]?.state).toBe("cancelled");
  });

  it("compacts in the background once a segment is big enough, deleting what the snapshot holds", async () => {
    const s = store({ compactAfterBytes: 4_000 });
    for (let i = 0; i < 60; i++) await s.putLink(`o${i % 5}`, link(`n${i}`, { state: "paid" }));
    await s.compact();
    expect((await snapshot()).journalSeq).toBe(60);
    expect(await segments()).toEqual([]);
    const again = store();
    expect((await again.getOrderStates(["o0", "o4"])).get("o4")?.links).toHaveLength(12);
  });

  it("refuses to start on a damaged line in the middle of the journal, or on missing records", async () => {
    const { path } = await crashedWithTwoLinks();
    const [first, second] = (await readFile(path, "utf8")).split("\n");
    await writeFile(path, `${first!.slice(0, 20)}#\n${second}\n`);
    await expect(store().getOrder("o1")).rejects.toBeInstanceOf(JournalCorruptError);

    await writeFile(path, `${second}\n`);
    await expect(store().getOrder("o1")).rejects.toThrow(/record 1 is missing/);
  });

  it("refuses to start on a record whose sequence number it has already read (two writers), naming the file and line", async () => {
    const { crashed, path } = await crashedWithTwoLinks();
    // Another process on the same data dir wrote its own second record: skipping it would lose order o2 unsaid.
    await appendFile(path, `${JSON.stringify({ s: 2, o: { ...(await crashed.getOrder("o1")), orderId: "o2", links: [link("SECRET-b-1")] } })}\n`);
    const error = (await store().getOrder("o1").catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect(error.message).toContain(`${path}: line 3 repeats journal record 2`);
    expect(error.message).toContain("two processes wrote this data dir at once, or an earlier version of this plugin went on writing after a start whose compaction failed");
    expect(error.message).not.toMatch(/SECRET/);
  });

  it("a start whose compaction fails is retried whole by the next call, never run on an empty state", async () => {
    const { crashed } = await crashedWithTwoLinks();
    expect((await crashed.getOrder("o1"))?.linkSequence).toBe(0);
    await crashed.nextLinkSequence("o1", "1001");
    // This start's compaction cannot write its temp file (a stand-in for EIO, ENOSPC or EACCES there).
    const temp = join(dir.path, ".svea-instore-plugin.json.tmp");
    await mkdir(temp);
    const s = store();
    await expect(s.open()).rejects.toThrow();
    await rmdir(temp);
    expect((await s.getOrder("o1"))?.links).toHaveLength(2);
    expect(await s.nextLinkSequence("o1", "1001")).toBe(2);
    const again = store();
    expect((await again.getOrder("o1"))?.linkSequence).toBe(2);
  });

  it("syncs the snapshot and then the folder before deleting a segment it replaces, even with fsync never", async () => {
    const s = store({ fsync: "never" });
    await s.putLink("o1", link("a-1"));
    const [segment] = await segments();
    // After a power cut the folder then holds the new snapshot whole, or the old one and every segment.
    expect(await fsCallsDuring(() => s.compact())).toEqual([...durableSnapshotCalls(), `unlink ${join(dir.path, segment!)}`]);
  });

  it("deletes the earlier sharded layout's files only after the snapshot holding them and the folder are synced", async () => {
    const old = createShardedLowdbPluginStore({ file, shardCount: 2 });
    await old.putLink("o1", link("a-1"));
    await old.putLink("o2", link("b-1"));
    await old.close();
    const shards = (await readdir(dir.path)).filter((n) => n.includes(".shard-")).map((n) => `unlink ${join(dir.path, n)}`);
    expect(await fsCallsDuring(() => store({ fsync: "never" }).open())).toEqual([...durableSnapshotCalls(), ...shards]);
  });

  it("applies nothing when the journal write fails, and stays failed (fail-stop) until restarted", async () => {
    const s = store();
    await s.open();
    // The segment's path is taken by a directory, so opening it for append fails.
    await mkdir(join(dir.path, "svea-instore-plugin.journal-000001.jsonl"));
    await expect(s.putLink("o1", link("a-1"))).rejects.toThrow();
    expect(await s.getOrder("o1")).toBeUndefined();
    expect(await s.orderIdForMerchantOrderNumber("a-1")).toBeUndefined();
    await expect(s.reserve("a-1", 1, 5_000)).rejects.toThrow();
  });

  it("takes over a data dir of the earlier sharded layout and removes its shard files", async () => {
    const old = createShardedLowdbPluginStore({ file, shardCount: 4 });
    await old.putLink("o1", link("a-1"));
    await old.recordCallback({ orderId: "o2", merchantOrderNumber: "b-1", receivedAt: 3 });
    await old.reserve("a-1", 1_000, 5_000);
    await old.close();

    const s = store();
    expect((await s.getOrder("o1"))?.links[0]?.merchantOrderNumber).toBe("a-1");
    expect(await s.orderIdForMerchantOrderNumber("a-1")).toBe("o1");
    expect((await s.listOrdersWithOpenWork()).map((o) => o.orderId).sort()).toEqual(["o1", "o2"]);
    expect(await s.reserve("a-1", 1_000, 5_000)).toBe(6_000);
    expect((await snapshot()).format).toBe(2);
    expect((await readdir(dir.path)).filter((n) => n.includes(".shard-"))).toEqual([]);
  });
});

describe("embedded journal store: schedule firings", () => {
  const quarter = 15 * 60_000;
  const now = Date.UTC(2026, 2, 3, 9, 0);

  it("reads the earlier layout (only each schedule's newest firing, in the snapshot and in journal lines): that firing stays claimed, the earlier ones run after a step back", async () => {
    // Left by a version that kept the newest claimed firing only: the snapshot after the sandbox's jump, then one
    // more claim journaled before the process stopped.
    const earlier = { format: 2, journalSeq: 0, orders: {}, links: {}, pollSlots: {}, scheduleFirings: { reconcile: now + 4 * quarter, "expire-links": now } };
    await writeFile(file, JSON.stringify(earlier));
    await writeFile(join(dir.path, "svea-instore-plugin.journal-000001.jsonl"), `${JSON.stringify({ s: 1, f: ["reconcile", now + 5 * quarter] })}\n`);

    const s = store();
    expect(await s.claimScheduleFiring("reconcile", now + 4 * quarter)).toBe(false);
    expect(await s.claimScheduleFiring("reconcile", now + 5 * quarter)).toBe(false);
    expect(await s.claimScheduleFiring("expire-links", now)).toBe(false);
    expect(await s.claimScheduleFiring("reconcile", now)).toBe(true);
    await s.close();
    const written = await snapshot();
    expect(written.scheduleFiringTimes).toEqual({ reconcile: [now, now + 4 * quarter, now + 5 * quarter], "expire-links": [now] });
    expect(written.scheduleFirings).toBeUndefined();

    const again = store();
    expect(await again.claimScheduleFiring("reconcile", now)).toBe(false);
    expect(await again.claimScheduleFiring("reconcile", now + quarter)).toBe(true);
    await again.close();
  });

  it("keeps a month of claimed firings per schedule, in memory and in the snapshot; a crash replays the claims and their pruning", async () => {
    const day = 86_400_000;
    const crashed = store();
    for (let d = 0; d < 40; d++) expect(await crashed.claimScheduleFiring("expire-links", now + d * day)).toBe(true);
    const again = store();
    expect(await again.claimScheduleFiring("expire-links", now + 39 * day)).toBe(false);
    expect(await again.claimScheduleFiring("expire-links", now + 8 * day)).toBe(false);
    await again.close();
    const kept = (await snapshot()).scheduleFiringTimes?.["expire-links"] ?? [];
    expect(kept).toHaveLength(32);
    expect(kept[0]).toBe(now + 8 * day);
  });

  it("refuses to start on a snapshot whose claimed firings are not lists of times, naming the part", async () => {
    await writeFile(file, JSON.stringify({ format: 2, journalSeq: 0, orders: {}, links: {}, pollSlots: {}, scheduleFiringTimes: { reconcile: now } }));
    await expect(store().claimScheduleFiring("reconcile", now)).rejects.toThrow(/each entry of scheduleFiringTimes must be a list of whole numbers/);
  });
});

describe("the data dir lock", () => {
  const lockFile = () => join(dir.path, "svea-instore-plugin.lock");

  it("keeps a second running process out, and lets the store in once that process is gone", async () => {
    await writeFile(lockFile(), `${process.ppid}\n`);
    const s = store();
    await expect(s.getOrder("o1")).rejects.toBeInstanceOf(StoreLockedError);
    await expect(s.getOrder("o1")).rejects.toThrow(new RegExp(`in use by process ${process.ppid}`));
    // A process that has exited (as after SIGKILL) holds nothing: the same store retries and takes over.
    const exited = spawnSync(process.execPath, ["-e", ""]);
    await writeFile(lockFile(), `${exited.pid}\n`);
    await s.putLink("o1", link("a-1"));
    // The pid first (all an earlier version reads), then who holds it; nothing else is left beside it.
    expect((await readFile(lockFile(), "utf8")).split("\n")[0]).toBe(`${process.pid}`);
    expect((await readdir(dir.path)).filter((n) => n.includes(".lock"))).toEqual(["svea-instore-plugin.lock"]);
    await s.close();
    expect(await readdir(dir.path)).not.toContain("svea-instore-plugin.lock");
  });

  /** A lock as another holder wrote it: this process's host, boot, namespace and pid unless `holder` says otherwise. */
  async function lockOf(holder: Partial<LockHolder>): Promise<void> {
    const written = { ...systemLocks().self, startTime: 1, instance: "another-process", ...holder };
    await writeFile(lockFile(), `${written.pid}\n${JSON.stringify(written)}\n`);
  }

  const lockedReason = async (s: JournalPluginStore) => ((await s.open().catch((e: unknown) => e)) as StoreLockedError).reason;

  /**
   * The lock's clock (wall time, epoch ms), set to now; the lock file's mtime is set to it too, as its holder's last
   * refresh would. A lock whose holder cannot be checked is taken over once 1 s old here.
   */
  async function clockAtLastRefresh(): Promise<ManualClock> {
    const clock = new ManualClock(Date.now());
    await utimes(lockFile(), clock.now() / 1000, clock.now() / 1000);
    return clock;
  }
  const lockOptions = (clock: ManualClock) => ({ lock: { now: () => clock.now(), staleAfterMs: 1_000, heartbeatMs: 250 } });

  /** Refused while refreshed within the window (left in place, the message naming the file and the window), taken over once older. */
  async function refusedUntilStale(reason: string, message: RegExp): Promise<void> {
    const clock = await clockAtLastRefresh();
    const before = await readFile(lockFile(), "utf8");
    const logger = new CapturingLogger();
    const s = store({ ...lockOptions(clock), logger });
    clock.advance(900);
    const error = (await s.open().catch((e: unknown) => e)) as StoreLockedError;
    expect(error).toBeInstanceOf(StoreLockedError);
    expect(error.reason).toBe(reason);
    expect(error.lockFile).toBe(lockFile());
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`(${lockFile()})`);
    expect(error.message).toMatch(/taken over automatically once not refreshed for 1 s/);
    expect(await readFile(lockFile(), "utf8")).toBe(before);
    // Its holder stopped refreshing it (killed, its container gone): the restart that comes next gets in.
    clock.advance(200);
    await s.open();
    const warnings = logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === "warn");
    expect(warnings).toEqual([expect.objectContaining({ lockFile: lockFile(), why: expect.stringMatching(/not refreshed for 1 s/) })]);
    await s.close();
  }

  it("refuses a lock from another container (PID namespace) while its holder refreshes it, and takes it over once it stops", async () => {
    await lockOf({ pidNamespace: "pid:[4026530000]" });
    await refusedUntilStale("other-pid-namespace", /in use by process \d+ in another container/);
  });

  it("refuses a lock from another host while its holder refreshes it (even when no process here has its pid), and takes it over once it stops", async () => {
    await lockOf({ pid: 2 ** 22 + 1, host: "erp-node-2" });
    await refusedUntilStale("other-host", /in use by process 4194305 on host erp-node-2 .*cannot check/);
  });

  it("refuses an earlier version's lock naming this process's pid (it cannot tell from where) until it is older than the window", async () => {
    await writeFile(lockFile(), `${process.pid}\n`);
    await refusedUntilStale("earlier-version-same-pid", /written by an earlier plugin version/);
  });

  it("refreshes the lock file's mtime while it holds it, and no longer once its process is gone", async () => {
    const clock = new ManualClock(Date.now());
    const s = store({ lock: { now: () => clock.now(), heartbeatMs: 5 } });
    await s.open();
    // Whole ms: a file system keeps the time in ns, read back as a float that may lie a hair below it.
    const mtime = async () => Math.round((await stat(lockFile())).mtimeMs);
    await utimes(lockFile(), 0, 0);
    clock.advance(60_000);
    await vi.waitFor(async () => expect(await mtime()).toBe(clock.now()), { timeout: 2_000, interval: 5 });
    // A "crashed" store (its process killed) refreshes nothing: after 10 beats the lock is as old as it was.
    forgetDataDirLock(s.lockFile);
    await utimes(lockFile(), 0, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await mtime()).toBe(0);
  });

  it("stops, refusing every change, once another process took its lock over (it did not beat within the window), and says so once", async () => {
    const logger = new CapturingLogger();
    const s = store({ logger, lock: { heartbeatMs: 5 } });
    await s.putLink("o1", link("a-1"));
    // This process paused past the window (a blocked loop, a paused container) and a starter elsewhere took the lock.
    await writeFile(`${lockFile()}.theirs`, `${2 ** 22 + 9}\n{}\n`);
    await rename(`${lockFile()}.theirs`, lockFile());
    await vi.waitFor(() => expect(s.health()).toMatchObject({ status: "restart-required" }), { timeout: 2_000, interval: 5 });
    await expect(s.putLink("o1", link("a-2"))).rejects.toBeInstanceOf(StoreStoppedError);
    expect(logger.lines.map((line) => JSON.parse(line) as { level: string; code?: string }).filter((e) => e.level === "error").map((e) => e.code)).toEqual(["LOCK_LOST"]);
    forgetDataDirLock(s.lockFile);
  });

  it("refuses a lock whose process runs, and takes over one whose pid now names another process (start time) or that an earlier boot wrote", async () => {
    const parent = process.ppid;
    await lockOf({ pid: parent, startTime: systemLocks().startTimeOf(parent) });
    const s = store();
    expect(await lockedReason(s)).toBe("running");
    // The same running pid, started at another time: the holder died and its pid was given to another process.
    await lockOf({ pid: parent, startTime: 7 });
    await s.open();
    await s.close();
    // Written before this host last started: its pid may run again, as another process.
    await lockOf({ pid: parent, boot: "an-earlier-boot" });
    const again = store();
    await again.open();
    await again.close();
  });
});

describe("the data dir lock within one process", () => {
  it("refuses a second store of this process while the first is open, names the way out, and lets it in once the first closes", async () => {
    const first = store();
    await first.putLink("o1", link("a-1"));
    const second = createEmbeddedPluginStore({ file });
    await expect(second.getOrder("o1")).rejects.toBeInstanceOf(StoreLockedError);
    await expect(second.getOrder("o1")).rejects.toThrow(/another plugin instance in this process.*deactivate it first, or give each instance a dataDir of its own/);
    await first.close();
    expect((await second.getOrder("o1"))?.links).toHaveLength(1);
    await second.close();
  });

  it("a failed open gives the lock back: the same store retries once the damage is repaired", async () => {
    const s = store();
    await s.putLink("o1", link("a-1"));
    forgetDataDirLock(s.lockFile);
    const [segment] = await segments();
    const good = await readFile(join(dir.path, segment!), "utf8");
    await writeFile(join(dir.path, segment!), `#${good}`);
    const again = createEmbeddedPluginStore({ file });
    await expect(again.getOrder("o1")).rejects.toBeInstanceOf(JournalCorruptError);
    await writeFile(join(dir.path, segment!), good);
    expect((await again.getOrder("o1"))?.links).toHaveLength(1);
    await again.close();
  });
});

describe("two plugin instances on one data dir", () => {
  it("the second activation in one process is refused while the first runs (it would lose the first's links), and succeeds after deactivate", async () => {
    const context = () => ({ settings: testSettings(), logger: new CapturingLogger(), clock: new ManualClock(), orders: new RecordingOrders(), dataDir: dir.path });
    const first = await activate(context());
    await expect(activate(context())).rejects.toThrow(/another plugin instance in this process/);
    await first.deactivate();
    const second = await activate(context());
    await second.deactivate();
  });
});

describe("journal segment group commit (fsync batched)", () => {
  it("resolves each writer only after a sync, sharing syncs between writers that overlap", async () => {
    const writer = new JournalSegmentWriter(join(dir.path, "segment.jsonl"), "batched");
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.append(JSON.stringify({ s: i + 1 }))));
    expect(writer.syncs).toBeGreaterThan(0);
    expect(writer.syncs).toBeLessThan(50);
    await writer.close();
    expect((await readFile(join(dir.path, "segment.jsonl"), "utf8")).split("\n")).toHaveLength(51);
  });
});

describe("choosing the fsync policy", () => {
  it("takes SVEA_INSTORE_STORE_FSYNC when no option is given, defaults to never, and names the variable when its value is wrong", () => {
    expect(createEmbeddedPluginStore({ file }, { SVEA_INSTORE_STORE_FSYNC: "batched" }).fsyncPolicy).toBe("batched");
    expect(createEmbeddedPluginStore({ file, fsync: "always" }, { SVEA_INSTORE_STORE_FSYNC: "batched" }).fsyncPolicy).toBe("always");
    expect(createEmbeddedPluginStore({ file }, {}).fsyncPolicy).toBe("never");
    expect(() => createEmbeddedPluginStore({ file }, { SVEA_INSTORE_STORE_FSYNC: "sometimes" })).toThrow(
      /SVEA_INSTORE_STORE_FSYNC must be one of never, batched, always \(got "sometimes"\)/,
    );
    expect(() => createEmbeddedPluginStore({ file, fsync: "never" }, { SVEA_INSTORE_STORE_FSYNC: "sometimes" })).not.toThrow();
  });
});
