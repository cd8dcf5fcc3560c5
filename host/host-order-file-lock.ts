// Keeps a second reference host (a second npm start) off an order file one already uses: each would keep its own copy
// in memory and overwrite the other's orders, payment states and the plugin's documents with every write.
import { dirname } from "node:path";
import { releaseDataDirLock, StoreLockedError, takeDataDirLock, type DataDirLockTiming, type LockedDirWords } from "../common/data-dir-lock.js";
import { errorCodeOf } from "../common/store-stopped.js";
import type { PluginLogger } from "../plugin/host-contract/plugin-api.js";
import { HostStartupError } from "./host-startup-error.js";

/** How the refusal names the folder: the one `npm start` takes from --data, or the dataFile's. */
function hostLockWords(folder: string): LockedDirWords {
  return {
    dir: { en: `the host's data folder ${folder}`, sv: `värdens datamapp ${folder}` },
    sameProcessHolder: { en: "another reference host", sv: "en annan referensvärd" },
    sameProcessAdvice: { en: "close it first, or give each host a data folder of its own", sv: "stäng den först, eller ge varje värd en egen datamapp" },
    earlierVersion: { en: "an earlier version of the reference host", sv: "en tidigare version av referensvärden" },
  };
}

export interface HostOrderFileLockOptions {
  logger?: PluginLogger;
  /** The lock's heartbeat and stale window (tests); the plugin store's defaults otherwise. */
  lock?: DataDirLockTiming;
  /** Told once when another process took the lock over while this one did not refresh it: stop writing. */
  onLost: () => void;
}

/**
 * Takes `<file>.lock` for this process, as the plugin's embedded store takes its data dir's (common/data-dir-lock.ts):
 * a lock whose holder runs (or may run, and still refreshes it) refuses the start with `data-dir-in-use`, naming the
 * folder and the holder; one a killed or crashed process left is taken over with a warning. Resolves to its release.
 */
export async function lockHostOrderFile(file: string, options: HostOrderFileLockOptions): Promise<() => Promise<void>> {
  const lockFile = `${file}.lock`;
  const { logger } = options;
  try {
    await takeDataDirLock(lockFile, {
      ...options.lock,
      words: hostLockWords(dirname(file)),
      onStaleTakeover: (previousPid, why) =>
        logger?.warn(
          { lockFile, previousPid, why },
          "took over the host's order file lock left by a process that no longer runs or no longer refreshes it (it was killed or crashed, or its container is gone)",
        ),
      onLost: () => {
        logger?.error(
          { file, lockFile, code: "LOCK_LOST", restartRequired: true },
          "the host's order file lost its lock to another process (this one did not refresh it within the stale window: a blocked or paused process) and refuses every write: restart required, and make sure only one host uses the data folder",
        );
        options.onLost();
      },
      onRefreshError: (error) =>
        logger?.warn(
          { lockFile, error: errorCodeOf(error) },
          "could not refresh the host's order file lock; retried every few seconds: if it stays unrefreshed past the stale window, a host on another machine or container may take the folder over",
        ),
    });
  } catch (error) {
    // The operator's refusal, in both languages, without a stack: another process runs on this folder.
    if (error instanceof StoreLockedError) throw new HostStartupError("data-dir-in-use", error.messages);
    throw error;
  }
  return () => releaseDataDirLock(lockFile);
}
