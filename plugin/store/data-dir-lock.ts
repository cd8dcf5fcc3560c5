// Keeps a second process off a data dir the embedded store is using: each would keep its own state and journal.
import { readFile, unlink, writeFile } from "node:fs/promises";
import { resolve } from "node:path";

export class StoreLockedError extends Error {
  override readonly name = "StoreLockedError";
  readonly code = "store-locked";
  constructor(
    readonly lockFile: string,
    readonly pid: number,
    /** Held by another plugin instance of this same process. */
    readonly sameProcess = false,
  ) {
    super(
      sameProcess
        ? `the plugin's data dir is in use by another plugin instance in this process (${lockFile}): deactivate it first, or give each instance a dataDir of its own`
        : `the plugin's data dir is in use by process ${pid} (${lockFile}); stop it first, or delete the file if no such process uses it`,
    );
  }
}

/**
 * Lock files held by a store open in this process. Kept on globalThis, so two copies of the plugin loaded into one
 * process (two paths, two versions) still see each other's.
 */
const HELD: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for("svea-instore.data-dir-locks")] ??= new Set<string>()) as Set<string>;

/**
 * Takes `lockFile` for this process. A lock left by a process that no longer runs (killed, crashed) is taken over
 * (`onStaleTakeover` is told the old pid, or null for an unreadable file), as
 * is one naming this process's pid that no store of this process holds (a container whose new process got the old
 * one's pid). One a store of this very process holds is refused like another process's: two plugin instances
 * activated on one data dir (a host that forgot `dataDir` per tenant, a re-activation without deactivating first)
 * would each keep their own state and lose each other's links.
 */
export async function takeDataDirLock(lockFile: string, onStaleTakeover?: (previousPid: number | null) => void): Promise<void> {
  const key = resolve(lockFile);
  if (HELD.has(key)) throw new StoreLockedError(lockFile, process.pid, true);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: "wx" });
      HELD.add(key);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
    if (holder === process.pid) {
      // Checked again: another store of this process may have taken it while the file was read.
      if (HELD.has(key)) throw new StoreLockedError(lockFile, process.pid, true);
      HELD.add(key);
      onStaleTakeover?.(holder);
      return;
    }
    if (Number.isSafeInteger(holder) && holder > 0 && isRunning(holder)) throw new StoreLockedError(lockFile, holder);
    // Stale or unreadable: remove it and race for it again (another starter may win); said, not silent.
    onStaleTakeover?.(Number.isSafeInteger(holder) && holder > 0 ? holder : null);
    await unlink(lockFile).catch(() => {});
  }
  throw new Error(`could not take ${lockFile}: other processes keep taking it`);
}

/**
 * Forgets that a store of this process holds `lockFile`, leaving the file as a killed process would: for tests that
 * "crash" a store in-process (never closed) and start another on its data dir, as the next process would.
 */
export function forgetDataDirLock(lockFile: string): void {
  HELD.delete(resolve(lockFile));
}

/** Removes the lock if it is still this process's. */
export async function releaseDataDirLock(lockFile: string): Promise<void> {
  HELD.delete(resolve(lockFile));
  const holder = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
  if (holder === process.pid) await unlink(lockFile).catch(() => {});
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
