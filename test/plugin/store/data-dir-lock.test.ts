// The data dir lock on its own, with the system it asks injected: interleavings a real race hits only now and then.
import { writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StoreLockedError, forgetDataDirLock, systemLocks, takeDataDirLock, type LockHolder, type LockSystem } from "../../../plugin/store/data-dir-lock.js";
import { storeDir } from "./store-temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let lockFile: string;

beforeEach(async () => {
  dir = await storeDir();
  lockFile = join(dir.path, "svea-instore-plugin.lock");
});
afterEach(async () => {
  forgetDataDirLock(lockFile);
  await dir.remove();
});

/** A lock as `holder` writes it: this process's host, boot and namespace unless it says otherwise. */
function lockTextOf(holder: Partial<LockHolder>): string {
  const written = { ...systemLocks().self, startTime: 1, ...holder };
  return `${written.pid}\n${JSON.stringify(written)}\n`;
}

/** This process's system, with `isRunning` answered by `running`. */
function systemWith(running: (pid: number) => boolean): LockSystem {
  return { self: { ...systemLocks().self, instance: "the-starter" }, isRunning: running, startTimeOf: () => 1 };
}

describe("taking over a stale lock", () => {
  it("leaves a newcomer's lock in place when it took the judged one's inode (ext4 reuses a freed inode number at once)", async () => {
    const dead = 2 ** 22 + 1;
    const newcomer = lockTextOf({ pid: dead + 1, instance: "the-newcomer" });
    await writeFile(lockFile, lockTextOf({ pid: dead, instance: "the-dead-one" }));
    // While the stale lock is judged, another starter removes it and links its own lock, which gets the same inode
    // number: written over in place here, so the inode is the same every time.
    const system = systemWith((pid) => {
      if (pid === dead) writeFileSync(lockFile, newcomer);
      return pid === dead + 1;
    });
    const error = (await takeDataDirLock(lockFile, { system }).catch((e: unknown) => e)) as StoreLockedError;
    expect(error).toBeInstanceOf(StoreLockedError);
    expect(error.pid).toBe(dead + 1);
    expect(await readFile(lockFile, "utf8")).toBe(newcomer);
  });
});

describe("the holder's beat", () => {
  it("reports a failed refresh once, keeps beating, and never throws out of the timer", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    // The take's own refresh reads the time once; every beat after it fails.
    const now = () => {
      if (++calls > 1) throw new Error("no time");
      return Date.now();
    };
    await takeDataDirLock(lockFile, { now, heartbeatMs: 2, onRefreshError: (error) => errors.push(error) });
    await vi.waitFor(() => expect(calls).toBeGreaterThan(5), { timeout: 2_000, interval: 5 });
    expect(errors).toEqual([new Error("no time")]);
  });
});

describe("one holder at a time", () => {
  it("refuses a second hold of the same data dir by this process through a symlinked path", async () => {
    const { symlink } = await import("node:fs/promises");
    const linked = join(dir.path, "linked");
    await symlink(dir.path, linked);
    await takeDataDirLock(lockFile);
    const second = join(linked, "svea-instore-plugin.lock");
    const error = (await takeDataDirLock(second).catch((e: unknown) => e)) as StoreLockedError;
    expect(error).toBeInstanceOf(StoreLockedError);
    expect(error.pid).toBe(process.pid);
  });

  it("tells the holder once when another process took its lock over, and stops refreshing what is no longer its own", async () => {
    const lost: number[] = [];
    await takeDataDirLock(lockFile, { heartbeatMs: 5, staleAfterMs: 60_000, onLost: () => lost.push(Date.now()) });
    // Another starter judged it stale (this process paused past the window) and put its own lock in its place.
    const theirs = lockTextOf({ pid: 2 ** 22 + 7, instance: "the-other-one" });
    const { rename } = await import("node:fs/promises");
    await writeFile(`${lockFile}.theirs`, theirs);
    await rename(`${lockFile}.theirs`, lockFile);
    await vi.waitFor(() => expect(lost).toHaveLength(1), { timeout: 2_000, interval: 5 });
    await new Promise((r) => setTimeout(r, 40));
    expect(lost).toHaveLength(1);
    expect(await readFile(lockFile, "utf8")).toBe(theirs);
  });

  it("refuses a beat too slow for its window (a live holder would be taken over between two beats)", async () => {
    await expect(takeDataDirLock(lockFile, { heartbeatMs: 40_000, staleAfterMs: 30_000 })).rejects.toThrow(/heartbeatMs \(40000\) must be above 0 and at most a third of staleAfterMs \(30000\)/);
    await expect(takeDataDirLock(lockFile, { heartbeatMs: 0 })).rejects.toThrow(RangeError);
  });
});
