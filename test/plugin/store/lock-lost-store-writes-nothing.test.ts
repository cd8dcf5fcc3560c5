// A store that lost its data dir lock to another process writes, renames and deletes nothing more, its close() and
// compactions included: the snapshot, the segments and the lock file are the new holder's. A store stopped by a
// failed journal write still holds the lock, and its close still compacts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readdir, readFile, rename, rmdir, symlink, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEmbeddedPluginStore, StoreStoppedError, type StoreSnapshot } from "../../../plugin/store/index.js";
import { tempFileBeside } from "../../../common/write-temp-file.js";
import { CapturingLogger } from "../support/plugin-test-kit.js";
import { compileStore } from "./compiled-store.js";
import { link } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

/** Every file in `dir` with its content: what must stay as it is. */
async function filesIn(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), "utf8");
  return out;
}

/** Process B: a replacement node on another host name that takes over A's stale lock, acknowledges three links, compacts in between, and stays up. */
const CHILD = `
const [moduleUrl, lockUrl, file, linkJson] = process.argv.slice(1);
const { createEmbeddedPluginStore } = await import(moduleUrl);
const { systemLocks } = await import(lockUrl);
const template = JSON.parse(linkJson);
const sys = systemLocks();
const system = { ...sys, self: { ...sys.self, host: "erp-node-b", instance: "node-b-instance" } };
const store = createEmbeddedPluginStore({ file, lock: { system, heartbeatMs: 5, staleAfterMs: 15 } });
await store.open();
await store.putLink("o2", { ...template, merchantOrderNumber: "b-1" });
await store.putLink("o3", { ...template, merchantOrderNumber: "b-2" });
await store.compact();
await store.putLink("o4", { ...template, merchantOrderNumber: "b-3" });
process.stdout.write("acknowledged\\n");
setInterval(() => {}, 1000);
`;

describe("a store that lost its lock", () => {
  let compiled: Awaited<ReturnType<typeof compileStore>>;
  beforeAll(async () => {
    compiled = await compileStore("review-lock-lost");
  });
  afterAll(async () => {
    await compiled.remove();
  });

  it("does not write its stale snapshot over the new holder's on close: every change the new holder acknowledged survives its kill -9", async () => {
    const dir = await storeDir();
    let child: ChildProcess | undefined;
    try {
      const file = join(dir.path, "svea-instore-plugin.json");
      // Process A: its beat stalls (the mtime it writes is 1970: as a frozen process's lock looks to a starter elsewhere).
      const a = createEmbeddedPluginStore({ file, lock: { heartbeatMs: 5, staleAfterMs: 15, now: () => 0 } });
      await a.putLink("o1", link("a-1"));

      child = spawn(process.execPath, ["--input-type=module", "-e", CHILD, compiled.url("index"), compiled.url("data-dir-lock"), file, JSON.stringify(link("x"))], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on("data", (c: Buffer) => c.toString().includes("acknowledged") && resolve());
        child!.once("exit", () => reject(new Error(`B exited: ${stderr}`)));
      });
      // A notices it lost the lock and stops (README: "every change is refused ... until a restart").
      await vi.waitFor(() => expect(a.health()).toMatchObject({ status: "restart-required" }), { timeout: 2_000, interval: 5 });
      const before = (JSON.parse(await readFile(file, "utf8")) as StoreSnapshot).journalSeq;

      // The operator stops A (SIGTERM → deactivate → close).
      await a.close();
      const after = JSON.parse(await readFile(file, "utf8")) as StoreSnapshot;
      expect.soft(after.journalSeq, "A's close rewrote the snapshot B had compacted into").toBe(before);

      // B is killed -9 before its next compaction; the next start must hold every link B acknowledged.
      child.kill("SIGKILL");
      await new Promise((r) => child!.once("close", r));
      await unlink(join(dir.path, "svea-instore-plugin.lock"));
      const c = createEmbeddedPluginStore({ file });
      const orders = await c.getOrderStates(["o1", "o2", "o3", "o4"]);
      expect([...orders.values()].flatMap((o) => o.links.map((l) => l.merchantOrderNumber)).sort()).toEqual(["a-1", "b-1", "b-2", "b-3"]);
      await c.close();
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await dir.remove();
    }
  });

  it("refuses a compaction and closes without writing, renaming or deleting a file, even before its beat saw the takeover", async () => {
    const dir = await storeDir();
    try {
      const file = join(dir.path, "svea-instore-plugin.json");
      const lockFile = join(dir.path, "svea-instore-plugin.lock");
      const logger = new CapturingLogger();
      // A beat far apart: only the store's own check before a compaction can find the takeover.
      const s = createEmbeddedPluginStore({ file, logger, lock: { heartbeatMs: 60_000, staleAfterMs: 180_000 } });
      await s.putLink("o1", link("a-1"));
      await s.compact();
      await s.putLink("o2", link("a-2"));
      // This process was paused past the window, and a starter elsewhere took the lock over (its own lock file).
      await writeFile(`${lockFile}.theirs`, `${2 ** 22 + 9}\n{}\n`);
      await rename(`${lockFile}.theirs`, lockFile);
      const before = await filesIn(dir.path);

      await expect(s.compact()).rejects.toBeInstanceOf(StoreStoppedError);
      expect(s.health()).toMatchObject({ status: "restart-required" });
      await expect(s.putLink("o3", link("a-3"))).rejects.toBeInstanceOf(StoreStoppedError);
      await s.close();
      // The snapshot, both segments and the other process's lock file, exactly as they were.
      expect(await filesIn(dir.path)).toEqual(before);
      const told = logger.lines.map((l) => JSON.parse(l) as { level: string; code?: string });
      expect(told.filter((l) => l.level === "error").map((l) => l.code)).toEqual(["LOCK_LOST"]);
      expect(told.filter((l) => l.level === "warn")).toEqual([]);

      // Once that holder is gone, the next start (this process's lock forgotten by close) has every change.
      await unlink(lockFile);
      const next = createEmbeddedPluginStore({ file });
      expect((await next.getOrderStates(["o1", "o2"])).size).toBe(2);
      await next.close();
    } finally {
      await dir.remove();
    }
  });
});

describe("a store stopped by a failed journal write", () => {
  it("still compacts on close (it holds the lock, and its memory is exactly what was acknowledged), and releases the lock", async () => {
    const dir = await storeDir();
    try {
      const file = join(dir.path, "svea-instore-plugin.json");
      const s = createEmbeddedPluginStore({ file });
      await s.putLink("o1", link("a-1"));
      // A compaction fails (a folder where the snapshot's temp file goes): segment 1 stays, the store writes segment 2.
      await mkdir(tempFileBeside(file));
      await expect(s.compact()).rejects.toMatchObject({ name: "StoreFileError", file: tempFileBeside(file), fileErrorCode: "EISDIR" });
      // Segment 2 is /dev/full: its first write fails with ENOSPC, as on a full disk, and stops the store.
      await symlink("/dev/full", join(dir.path, "svea-instore-plugin.journal-000002.jsonl"));
      await expect(s.putLink("o2", link("b-1"))).rejects.toBeInstanceOf(StoreStoppedError);
      await rmdir(tempFileBeside(file));
      await s.close();

      const names = await readdir(dir.path);
      expect(names.filter((n) => n.includes(".journal-") || n.endsWith(".lock"))).toEqual([]);
      const snapshot = JSON.parse(await readFile(file, "utf8")) as StoreSnapshot;
      expect(snapshot.journalSeq).toBe(1);
      const next = createEmbeddedPluginStore({ file });
      expect((await next.getOrder("o1"))?.links.map((l) => l.merchantOrderNumber)).toEqual(["a-1"]);
      expect(await next.getOrder("o2")).toBeUndefined();
      await next.close();
    } finally {
      await dir.remove();
    }
  });
});
