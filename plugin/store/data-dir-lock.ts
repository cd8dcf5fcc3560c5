// Keeps a second process off a data dir the embedded store is using: each would keep its own state and journal.
import { readFile, unlink, writeFile } from "node:fs/promises";

export class StoreLockedError extends Error {
  override readonly name = "StoreLockedError";
  readonly code = "store-locked";
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(`the plugin's data dir is in use by process ${pid} (${lockFile}); stop it first, or delete the file if no such process uses it`);
  }
}

/**
 * Takes `lockFile` for this process. A lock left by a process that no longer runs (killed, crashed) is taken over;
 * one held by this very process is shared (several stores of one process, e.g. a restart inside a test, or a
 * container whose new process got the old one's pid).
 */
export async function takeDataDirLock(lockFile: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
    if (holder === process.pid) return;
    if (Number.isSafeInteger(holder) && holder > 0 && isRunning(holder)) throw new StoreLockedError(lockFile, holder);
    // Stale or unreadable: remove it and race for it again (another starter may win).
    await unlink(lockFile).catch(() => {});
  }
  throw new Error(`could not take ${lockFile}: other processes keep taking it`);
}

/** Removes the lock if it is still this process's. */
export async function releaseDataDirLock(lockFile: string): Promise<void> {
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
