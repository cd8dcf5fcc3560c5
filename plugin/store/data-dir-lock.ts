// Keeps a second process off a data dir the embedded store is using: each would keep its own state and journal.
import { randomUUID } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { PRIVATE_FILE_MODE } from "../../common/private-file-modes.js";

/** Why a lock is not taken over: its holder may still run, and this process cannot tell. */
export type LockedReason = "running" | "same-process" | "other-host" | "other-pid-namespace" | "earlier-version-same-pid";

export class StoreLockedError extends Error {
  override readonly name = "StoreLockedError";
  readonly code = "store-locked";
  constructor(
    readonly lockFile: string,
    readonly pid: number,
    /** Held by another plugin instance of this same process. */
    readonly sameProcess = false,
    readonly reason: LockedReason = sameProcess ? "same-process" : "running",
    /** The host name the lock records (not a secret: it names the machine or container). */
    readonly holderHost?: string,
  ) {
    super(lockedMessage(lockFile, pid, reason, holderHost));
  }
}

function lockedMessage(lockFile: string, pid: number, reason: LockedReason, host: string | undefined): string {
  const ifGone = `if that process really no longer runs (it was killed, or its container or machine is gone), delete ${lockFile} and start again`;
  switch (reason) {
    case "same-process":
      return `the plugin's data dir is in use by another plugin instance in this process (${lockFile}): deactivate it first, or give each instance a dataDir of its own`;
    case "running":
      return `the plugin's data dir is in use by process ${pid} (${lockFile}); stop it first, or delete the file if no such process uses it`;
    case "other-host":
      return `the plugin's data dir is in use by process ${pid} on host ${host} (${lockFile}), which this process cannot check: stop it first; ${ifGone}`;
    case "other-pid-namespace":
      return `the plugin's data dir is in use by process ${pid} in another container (PID namespace) of host ${host} (${lockFile}), which this process cannot check: stop it first; ${ifGone}`;
    case "earlier-version-same-pid":
      return `the plugin's data dir is locked by process ${pid} (${lockFile}), written by an earlier plugin version: that is this process's own pid, so the holder ran in another container or before a restart and this process cannot check it: stop it first; ${ifGone}`;
  }
}

/** Who holds a lock: written into the lock file, and what a starter compares with its own. */
export interface LockHolder {
  pid: number;
  /** os.hostname(): the machine, or the container (each has its own by default). */
  host: string;
  /** The kernel's boot id (Linux), or null: a lock from an earlier boot names no running process. */
  boot: string | null;
  /** The PID namespace (Linux: /proc/self/ns/pid), or null: pids of another namespace cannot be checked from this one. */
  pidNamespace: string | null;
  /** The process's start time (Linux: clock ticks since boot), or null: tells a reused pid from its holder. */
  startTime: number | null;
  /** Random per process: a lock is this process's own only if it names this. */
  instance: string;
}

/** What a starter needs from the system: who it is, and whether a pid runs and since when. Injected by tests. */
export interface LockSystem {
  self: LockHolder;
  isRunning(pid: number): boolean;
  /** The start time of the running process `pid` (as LockHolder.startTime), or null when unknown. */
  startTimeOf(pid: number): number | null;
}

const GLOBALS = globalThis as Record<symbol, unknown>;

/**
 * Lock files held by a store open in this process. Kept on globalThis, so two copies of the plugin loaded into one
 * process (two paths, two versions) still see each other's.
 */
const HELD: Set<string> = (GLOBALS[Symbol.for("svea-instore.data-dir-locks")] ??= new Set<string>()) as Set<string>;
/** This process's instance id, shared the same way. */
const INSTANCE: string = (GLOBALS[Symbol.for("svea-instore.data-dir-lock-instance")] ??= randomUUID()) as string;

let systemLockSystem: LockSystem | undefined;

/** The running system's answers; read once (the host name, boot id and namespace do not change under a process). */
export function systemLocks(): LockSystem {
  return (systemLockSystem ??= {
    self: {
      pid: process.pid,
      host: hostname(),
      boot: readProc(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()),
      pidNamespace: readProc(() => readlinkSync("/proc/self/ns/pid")),
      startTime: processStartTime("self"),
      instance: INSTANCE,
    },
    isRunning,
    startTimeOf: processStartTime,
  });
}

export type StaleTakeover = (previousPid: number | null, why: string) => void;

/**
 * Takes `lockFile` for this process. The lock is made whole in a temp file and linked into place (link fails if a
 * lock exists), so no starter ever reads a half-written one. An existing lock is taken over only when its holder
 * certainly no longer runs (`onStaleTakeover` is told the old pid, or null for an unreadable file, and why):
 * - on this host, boot and PID namespace: its pid does not run, or now names another process (other start time), or
 *   is this process's own pid (no other process here can hold it);
 * - written in an earlier boot of this host (a reboot ended it);
 * - written by this very process (a store that never closed).
 * A lock whose holder may run and that this process cannot check (another host, another container's PID namespace, an
 * earlier version's lock naming this process's pid) is refused with a StoreLockedError saying how to remove it, as is
 * a live holder's. One a store of this very process holds is refused too: two plugin instances activated on one data
 * dir (a host that forgot `dataDir` per tenant, a re-activation without deactivating first) would each keep their
 * own state and lose each other's links.
 *
 * A stale lock is moved aside by rename() and only then checked to be the one judged stale (same text): a lock
 * another starter made in between is put back, never removed, so two starters racing for a stale lock never both get in.
 */
export async function takeDataDirLock(lockFile: string, onStaleTakeover?: StaleTakeover, system: LockSystem = systemLocks()): Promise<void> {
  const key = resolve(lockFile);
  if (HELD.has(key)) throw new StoreLockedError(lockFile, system.self.pid, true);
  const unique = `${system.self.instance}-${randomUUID()}`;
  const temp = `${lockFile}.${unique}.new`;
  writeFileSync(temp, lockText(system.self), { mode: PRIVATE_FILE_MODE, flag: "wx" });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, lockFile);
        HELD.add(key);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const found = readLock(lockFile);
      if (!found) continue; // Gone meanwhile (released, or moved aside by another starter): try again.
      const verdict = judge(found.text, system);
      if (verdict.live) throw new StoreLockedError(lockFile, verdict.pid, false, verdict.reason, verdict.host);
      // Checked again: another store of this process may have taken it while the file was read.
      if (HELD.has(key)) throw new StoreLockedError(lockFile, system.self.pid, true);
      if (moveAsideIfSame(lockFile, `${lockFile}.${unique}.stale`, found.text)) onStaleTakeover?.(verdict.pid, verdict.why);
    }
  } finally {
    unlinkQuietly(temp);
  }
  throw new Error(`could not take ${lockFile}: other processes keep taking it`);
}

/**
 * Renames `lockFile` to `aside` and removes it if it is the lock judged stale (its text `judged`); true then. A lock
 * made in between (another starter won the race) is linked back into place and false returned: the next round reads
 * it. The text tells them apart, not the inode: a file system may give a newcomer's lock the number the judged one
 * freed at once (ext4 does), while every holder's text names its own random instance id.
 */
function moveAsideIfSame(lockFile: string, aside: string, judged: string): boolean {
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false; // Another starter moved it first.
    throw error;
  }
  try {
    if (readFileSync(aside, "utf8") === judged) return true;
    try {
      linkSync(aside, lockFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A third starter linked its own lock in the instant the live one was aside: both now believe they hold it.
      throw new Error(
        `the data dir lock ${lockFile} was disturbed by several processes starting at once; stop every process using this data dir and start one`,
      );
    }
    return false;
  } finally {
    unlinkQuietly(aside);
  }
}

/** The lock's text, or null when there is none. */
function readLock(lockFile: string): { text: string } | null {
  let fd: number;
  try {
    fd = openSync(lockFile, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    return { text: readFileSync(fd, "utf8") };
  } finally {
    closeSync(fd);
  }
}

/** The pid on the first line (all an earlier version wrote, and all it reads), then the holder as JSON. */
function lockText(holder: LockHolder): string {
  return `${holder.pid}\n${JSON.stringify(holder)}\n`;
}

function parseLock(text: string): { pid: number | null; holder: LockHolder | null } {
  const [first = "", second = ""] = text.split("\n");
  const pid = /^[1-9]\d*$/.test(first.trim()) ? Number(first.trim()) : null;
  if (pid === null || !Number.isSafeInteger(pid)) return { pid: null, holder: null };
  try {
    const holder = JSON.parse(second) as Partial<LockHolder>;
    if (typeof holder.instance === "string" && typeof holder.host === "string" && holder.pid === pid) return { pid, holder: holder as LockHolder };
  } catch {
    // An earlier version's lock: the pid alone.
  }
  return { pid, holder: null };
}

type Verdict = { live: true; pid: number; reason: LockedReason; host?: string } | { live: false; pid: number | null; why: string };

/** Whether the holder a lock names may still run, as far as this process can tell. */
export function judge(text: string, system: LockSystem): Verdict {
  const { self } = system;
  const { pid, holder } = parseLock(text);
  if (pid === null) return { live: false, pid: null, why: "the lock file was unreadable" };
  const dead = (why: string): Verdict => ({ live: false, pid, why });
  if (!holder) {
    // An earlier version's lock: the pid alone, from this host as far as anyone knows.
    if (pid === self.pid) return { live: true, pid, reason: "earlier-version-same-pid" };
    return system.isRunning(pid) ? { live: true, pid, reason: "running" } : dead("its process no longer runs");
  }
  if (holder.instance === self.instance) return dead("this process's own, left by a store that was never closed");
  if (holder.host !== self.host) return { live: true, pid, reason: "other-host", host: holder.host };
  if (holder.boot && self.boot && holder.boot !== self.boot) return dead("it was written before this host last started");
  // Unknown on one side only counts as another namespace: a pid is checked only where both name the same one.
  if (holder.pidNamespace !== self.pidNamespace) {
    return { live: true, pid, reason: "other-pid-namespace", host: holder.host };
  }
  if (pid === self.pid) return dead("its pid is now this process's");
  if (!system.isRunning(pid)) return dead("its process no longer runs");
  const now = holder.startTime === null ? null : system.startTimeOf(pid);
  if (now !== null && now !== holder.startTime) return dead("its pid now names another process");
  return { live: true, pid, reason: "running" };
}

/**
 * Forgets that a store of this process holds `lockFile`, leaving the file as a killed process would: for tests that
 * "crash" a store in-process (never closed) and start another on its data dir, as the next process would.
 */
export function forgetDataDirLock(lockFile: string): void {
  HELD.delete(resolve(lockFile));
}

/** Removes the lock if it is still this process's. */
export async function releaseDataDirLock(lockFile: string, system: LockSystem = systemLocks()): Promise<void> {
  HELD.delete(resolve(lockFile));
  const found = readLock(lockFile);
  if (found && parseLock(found.text).holder?.instance === system.self.instance) unlinkQuietly(lockFile);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null where there is no /proc. */
function processStartTime(pid: number | "self"): number | null {
  return readProc(() => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const value = Number(fields[19]);
    return Number.isSafeInteger(value) ? value : null;
  });
}

function readProc<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
