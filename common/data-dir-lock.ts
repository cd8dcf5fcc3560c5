// Keeps a second process off a data dir a store is using (the plugin's embedded store, the reference host's order file,
// the mock's state store): each would keep its own state and journal, and overwrite the other's writes.
import { randomUUID } from "node:crypto";
import { closeSync, fstatSync, futimesSync, linkSync, openSync, readFileSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { BilingualText } from "./bilingual-text.js";
import { PRIVATE_FILE_MODE } from "./private-file-modes.js";

/** How often a holder refreshes its lock file's mtime: the beat that tells a live holder this process cannot check. */
export const DEFAULT_LOCK_HEARTBEAT_MS = 5_000;
/** A lock whose holder cannot be checked is taken over once its mtime is this old: 6 missed beats. */
export const DEFAULT_LOCK_STALE_AFTER_MS = 30_000;

/** Why a lock is not taken over: its holder may still run, and this process cannot tell. */
export type LockedReason = "running" | "same-process" | "other-host" | "other-pid-namespace" | "earlier-version-same-pid";

/** How a refusal names the locked folder and who else in this process could hold it, in both languages. */
export interface LockedDirWords {
  /** The folder: "the plugin's data dir", "the host's data folder /srv/shop/data". */
  dir: BilingualText;
  /** Another store of this very process holding it: "another plugin instance". */
  sameProcessHolder: BilingualText;
  /** What to do about that one: "deactivate it first, or give each instance a dataDir of its own". */
  sameProcessAdvice: BilingualText;
  /** What wrote a lock naming a pid alone: "an earlier plugin version". */
  earlierVersion: BilingualText;
}

/** The plugin's embedded store's words, the default. */
export const PLUGIN_DATA_DIR_WORDS: LockedDirWords = {
  dir: { en: "the plugin's data dir", sv: "tilläggets datamapp" },
  sameProcessHolder: { en: "another plugin instance", sv: "en annan instans av tillägget" },
  sameProcessAdvice: { en: "deactivate it first, or give each instance a dataDir of its own", sv: "avaktivera den först, eller ge varje instans en egen dataDir" },
  earlierVersion: { en: "an earlier plugin version", sv: "en tidigare version av tillägget" },
};

export class StoreLockedError extends Error {
  override readonly name = "StoreLockedError";
  readonly code = "store-locked";
  /** The refusal in Swedish and English (`message` is the English one). */
  readonly messages: BilingualText;
  constructor(
    readonly lockFile: string,
    readonly pid: number,
    /** Held by another plugin instance of this same process. */
    readonly sameProcess = false,
    readonly reason: LockedReason = sameProcess ? "same-process" : "running",
    /** The host name the lock records (not a secret: it names the machine or container). */
    readonly holderHost?: string,
    /** After how long without a refresh a lock whose holder cannot be checked is taken over. */
    readonly staleAfterMs = DEFAULT_LOCK_STALE_AFTER_MS,
    words: LockedDirWords = PLUGIN_DATA_DIR_WORDS,
  ) {
    const messages = { en: lockedMessage("en", words, lockFile, pid, reason, holderHost, staleAfterMs), sv: lockedMessage("sv", words, lockFile, pid, reason, holderHost, staleAfterMs) };
    super(messages.en);
    this.messages = messages;
  }
}

function lockedMessage(locale: keyof BilingualText, words: LockedDirWords, lockFile: string, pid: number, reason: LockedReason, host: string | undefined, staleAfterMs: number): string {
  const window = `${Math.ceil(staleAfterMs / 1000)} s`;
  const dir = words.dir[locale];
  if (locale === "sv") {
    const takenOver =
      `det tas över automatiskt när det inte har förnyats på ${window}, så en omstart efter det lyckas; ` +
      `stoppa den processen först om den fortfarande körs, eller ta bort ${lockFile} för att starta genast om den verkligen inte längre körs`;
    const ifGone = `innehavaren förnyar låset med några sekunders mellanrum; ${takenOver}`;
    switch (reason) {
      case "same-process":
        return `${dir} används av ${words.sameProcessHolder.sv} i den här processen (${lockFile}): ${words.sameProcessAdvice.sv}`;
      case "running":
        return `${dir} används av process ${pid} (${lockFile}); stoppa den först, eller ta bort filen om ingen sådan process använder den`;
      case "other-host":
        return `${dir} används av process ${pid} på värden ${host} (${lockFile}), som den här processen inte kan kontrollera: ${ifGone}`;
      case "other-pid-namespace":
        return `${dir} används av process ${pid} i en annan container (PID-namnrymd) på värden ${host} (${lockFile}), som den här processen inte kan kontrollera: ${ifGone}`;
      case "earlier-version-same-pid":
        return `${dir} är låst av process ${pid} (${lockFile}), skrivet av ${words.earlierVersion.sv}: det är den här processens egen pid, så innehavaren körde i en annan container eller före en omstart och den här processen kan inte kontrollera den; en tidigare version förnyar aldrig sitt lås: ${takenOver}`;
    }
  }
  const takenOver =
    `it is taken over automatically once not refreshed for ${window}, so a restart after that succeeds; ` +
    `stop that process first if it still runs, or delete ${lockFile} to start at once if it really no longer runs`;
  const ifGone = `its holder refreshes the lock every few seconds; ${takenOver}`;
  switch (reason) {
    case "same-process":
      return `${dir} is in use by ${words.sameProcessHolder.en} in this process (${lockFile}): ${words.sameProcessAdvice.en}`;
    case "running":
      return `${dir} is in use by process ${pid} (${lockFile}); stop it first, or delete the file if no such process uses it`;
    case "other-host":
      return `${dir} is in use by process ${pid} on host ${host} (${lockFile}), which this process cannot check: ${ifGone}`;
    case "other-pid-namespace":
      return `${dir} is in use by process ${pid} in another container (PID namespace) of host ${host} (${lockFile}), which this process cannot check: ${ifGone}`;
    case "earlier-version-same-pid":
      return `${dir} is locked by process ${pid} (${lockFile}), written by ${words.earlierVersion.en}: that is this process's own pid, so the holder ran in another container or before a restart and this process cannot check it; an earlier version never refreshes its lock: ${takenOver}`;
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
/** The heartbeats of the locks this copy of the module holds: the timer, the lock file's open descriptor, whom to tell when lost. */
const HEARTBEATS = new Map<string, { timer: NodeJS.Timeout; fd: number; onLost: (() => void) | undefined }>();
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

/** How long a lock lives without its holder's beat, and the seams tests inject. */
export interface DataDirLockTiming {
  /** How often the holder refreshes the lock file's mtime. Default DEFAULT_LOCK_HEARTBEAT_MS (5 s). */
  heartbeatMs?: number;
  /** A lock whose holder cannot be checked is taken over once its mtime is this old. Default DEFAULT_LOCK_STALE_AFTER_MS (30 s). */
  staleAfterMs?: number;
  /** Wall time (epoch ms) the mtimes are written with and compared to. Default Date.now. */
  now?: () => number;
  /** Who this process is and which pids run. Default systemLocks(). */
  system?: LockSystem;
}

export interface DataDirLockOptions extends DataDirLockTiming {
  /** How a refusal names the folder (StoreLockedError's messages). Default the plugin's data dir's words. */
  words?: LockedDirWords;
  /** Told the old pid (null for an unreadable file) and why, when a stale lock is taken over. */
  onStaleTakeover?: StaleTakeover;
  /** Told when a refresh fails (once, until one succeeds again); the next beat retries. */
  onRefreshError?: (error: unknown) => void;
  /**
   * Told once when the lock is found no longer this process's (another process took it over while this one did not
   * beat: a blocked event loop, a paused container, a clock far apart): the holder must stop writing.
   */
  onLost?: () => void;
}

/**
 * Takes `lockFile` for this process. The lock is made whole in a temp file and linked into place (link fails if a
 * lock exists), so no starter ever reads a half-written one. An existing lock is taken over only when its holder
 * certainly no longer runs (`onStaleTakeover` is told the old pid, or null for an unreadable file, and why):
 * - on this host, boot and PID namespace: its pid does not run, or now names another process (other start time), or
 *   is this process's own pid (no other process here can hold it);
 * - written in an earlier boot of this host (a reboot ended it);
 * - written by this very process (a store that never closed).
 * A lock whose holder may run and that this process cannot check (another host, another container's PID namespace, an
 * earlier version's lock naming this process's pid) is judged by its age instead: its holder refreshes the file's
 * mtime every `heartbeatMs`, so it is taken over once not refreshed for `staleAfterMs` (a crashed container's restart,
 * a replaced pod get in on their own) and refused with a StoreLockedError saying so until then, as a live holder's is. One a store of this very process holds is refused too: two plugin instances activated on one data
 * dir (a host that forgot `dataDir` per tenant, a re-activation without deactivating first) would each keep their
 * own state and lose each other's links.
 *
 * A stale lock is moved aside by rename() and only then checked to be the one judged stale (same text): a lock
 * another starter made in between is put back, never removed, so two starters racing for a stale lock never both get in.
 */
export async function takeDataDirLock(lockFile: string, options: DataDirLockOptions = {}): Promise<void> {
  const { onStaleTakeover, system = systemLocks(), now = Date.now, staleAfterMs = DEFAULT_LOCK_STALE_AFTER_MS, heartbeatMs = DEFAULT_LOCK_HEARTBEAT_MS, words } = options;
  // A beat must come several times within the window, or a live holder is taken over between two of its beats.
  if (!(heartbeatMs > 0 && heartbeatMs * 3 <= staleAfterMs)) {
    throw new RangeError(`the data dir lock's heartbeatMs (${heartbeatMs}) must be above 0 and at most a third of staleAfterMs (${staleAfterMs})`);
  }
  const key = lockKey(lockFile);
  const sameProcess = () => new StoreLockedError(lockFile, system.self.pid, true, "same-process", undefined, staleAfterMs, words);
  if (HELD.has(key)) throw sameProcess();
  const unique = `${system.self.instance}-${randomUUID()}`;
  const temp = `${lockFile}.${unique}.new`;
  // Kept open while held: the beat refreshes this file (the lock is a link to it), never one another process made.
  const fd = openSync(temp, "wx", PRIVATE_FILE_MODE);
  let held = false;
  try {
    writeFileSync(fd, lockText(system.self));
    refresh(fd, now);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, lockFile);
        held = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      if (held) {
        HELD.add(key);
        startHeartbeat(key, lockFile, fd, options);
        return;
      }
      const found = readLock(lockFile);
      if (!found) continue; // Gone meanwhile (released, or moved aside by another starter): try again.
      const verdict = judge(found.text, system, { ageMs: now() - found.mtimeMs, staleAfterMs });
      if (verdict.live) throw new StoreLockedError(lockFile, verdict.pid, false, verdict.reason, verdict.host, staleAfterMs, words);
      // Checked again: another store of this process may have taken it while the file was read.
      if (HELD.has(key)) throw sameProcess();
      if (moveAsideIfSame(lockFile, `${lockFile}.${unique}.stale`, found.text)) onStaleTakeover?.(verdict.pid, verdict.why);
    }
  } finally {
    if (!held) closeSync(fd);
    unlinkQuietly(temp);
  }
  throw new Error(`could not take ${lockFile}: other processes keep taking it`);
}

/** Sets the lock file's mtime (and atime) to `now`: the holder's beat. */
function refresh(fd: number, now: () => number): void {
  const seconds = now() / 1000;
  futimesSync(fd, seconds, seconds);
}

/**
 * The key a process holds a data dir's lock by: the lock's path with its folder's symlinks resolved, so one data dir
 * reached by two paths (a symlink) is one lock, not a second store of this process taking over the first's.
 */
function lockKey(lockFile: string): string {
  const path = resolve(lockFile);
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

/** Whether the lock file at `lockFile` is still the one `fd` holds (not unlinked, not replaced by another's). */
function stillHeld(lockFile: string, fd: number): boolean {
  const mine = fstatSync(fd);
  if (mine.nlink === 0) return false;
  try {
    const current = statSync(lockFile);
    return current.ino === mine.ino && current.dev === mine.dev;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Refreshes the held lock every `heartbeatMs` (a timer that keeps no process running) until released or forgotten.
 * Each beat first checks the lock is still this process's: one taken over while this process did not beat is told
 * (`onLost`) once, and no longer refreshed.
 */
function startHeartbeat(key: string, lockFile: string, fd: number, options: DataDirLockOptions): void {
  const { now = Date.now, heartbeatMs = DEFAULT_LOCK_HEARTBEAT_MS, onRefreshError, onLost } = options;
  let failing = false;
  const timer = setInterval(() => {
    try {
      if (!confirmHeld(key, lockFile)) return;
      refresh(fd, now);
      failing = false;
    } catch (error) {
      // The next beat retries; the window is 6 beats. Told once per run of failures, not every beat.
      if (!failing) onRefreshError?.(error);
      failing = true;
    }
  }, heartbeatMs);
  timer.unref();
  HEARTBEATS.set(key, { timer, fd, onLost });
}

/**
 * Whether this copy of the module still holds `lockFile`: its beat runs and the file at the path is still the one it
 * made. One found taken over stops beating and its `onLost` is told, once (a later call answers false at once).
 */
function confirmHeld(key: string, lockFile: string): boolean {
  const beat = HEARTBEATS.get(key);
  if (!beat) return false;
  if (stillHeld(lockFile, beat.fd)) return true;
  stopHeartbeat(key);
  beat.onLost?.();
  return false;
}

/**
 * Checked now, not at the next beat: whether this process still holds `lockFile` (false once it was released,
 * forgotten or taken over; a takeover found here is told to `onLost` as a beat would). A store asks before it writes
 * or deletes files in the data dir outside its journal: a process that was paused past the window may resume in the
 * middle of a compaction, and its files (the snapshot, the segments it would delete) are then another holder's.
 * Throws when the lock file cannot be checked (an I/O error): the caller writes nothing then either.
 */
export function holdsDataDirLock(lockFile: string): boolean {
  return confirmHeld(lockKey(lockFile), lockFile);
}

function stopHeartbeat(key: string): void {
  const beat = HEARTBEATS.get(key);
  if (!beat) return;
  HEARTBEATS.delete(key);
  clearInterval(beat.timer);
  closeSync(beat.fd);
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

/** The lock's text and mtime (read from one open file, so they belong together), or null when there is none. */
function readLock(lockFile: string): { text: string; mtimeMs: number } | null {
  let fd: number;
  try {
    fd = openSync(lockFile, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    return { mtimeMs: fstatSync(fd).mtimeMs, text: readFileSync(fd, "utf8") };
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

/** How long ago the lock file was last refreshed, and after how long a holder this process cannot check counts as gone. */
export interface LockAge {
  ageMs: number;
  staleAfterMs: number;
}

/** Whether the holder a lock names may still run, as far as this process can tell. */
export function judge(text: string, system: LockSystem, age: LockAge): Verdict {
  const { self } = system;
  const { pid, holder } = parseLock(text);
  if (pid === null) return { live: false, pid: null, why: "the lock file was unreadable" };
  const dead = (why: string): Verdict => ({ live: false, pid, why });
  /** A holder this process cannot check: live while it refreshes the lock (or, an earlier version's, while it is young). */
  const byAge = (reason: LockedReason, host?: string): Verdict =>
    age.ageMs > age.staleAfterMs
      ? dead(`its holder cannot be checked from here (${reason}) and the lock was not refreshed for ${Math.ceil(age.staleAfterMs / 1000)} s`)
      : { live: true, pid, reason, host };
  if (!holder) {
    // An earlier version's lock: the pid alone, from this host as far as anyone knows.
    if (pid === self.pid) return byAge("earlier-version-same-pid");
    return system.isRunning(pid) ? { live: true, pid, reason: "running" } : dead("its process no longer runs");
  }
  if (holder.instance === self.instance) return dead("this process's own, left by a store that was never closed");
  if (holder.host !== self.host) return byAge("other-host", holder.host);
  if (holder.boot && self.boot && holder.boot !== self.boot) return dead("it was written before this host last started");
  // Unknown on one side only counts as another namespace: a pid is checked only where both name the same one.
  if (holder.pidNamespace !== self.pidNamespace) return byAge("other-pid-namespace", holder.host);
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
  const key = lockKey(lockFile);
  stopHeartbeat(key);
  HELD.delete(key);
}

/** Stops refreshing the lock and removes it if it is still this process's. */
export async function releaseDataDirLock(lockFile: string, system: LockSystem = systemLocks()): Promise<void> {
  forgetDataDirLock(lockFile);
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
