// A file of the embedded store that could not be read, written or removed: named, with its error code and what to do.
import { dirname } from "node:path";

/** What the store was doing with the file ("lock": taking its data dir lock, or checking it still holds it). */
export type StoreFileAction = "read" | "write" | "remove" | "lock";

/**
 * Node's own message for a failed read or write of an open file ("ENOSPC: no space left on device, write", a bare
 * "EISDIR: illegal operation on a directory, read") names no file, so a start that failed on a full disk told the
 * operator nothing about where. This names the file (the folder follows from it), the error code only (never a stack
 * or what was being written) and what to do. A start, a compaction or close rejects with it; nothing stored is lost
 * by the failure itself: the snapshot is replaced through a temp file, and the journal stays until a snapshot holds it.
 */
export class StoreFileError extends Error {
  override readonly name = "StoreFileError";
  readonly code = "store-file-failed";

  constructor(
    readonly file: string,
    readonly action: StoreFileAction,
    /** The file system's error code (ENOSPC, EISDIR, EACCES, EIO...). */
    readonly fileErrorCode: string,
  ) {
    super(storeFileMessage(file, action, fileErrorCode));
  }
}

const DOING: Record<StoreFileAction, string> = {
  read: "read",
  write: "write",
  remove: "remove",
  lock: "use its data dir lock",
};

function storeFileMessage(file: string, action: StoreFileAction, code: string): string {
  const what = action === "lock" ? `${DOING.lock} (${file})` : `${DOING[action]} ${file}`;
  return `the plugin's order store could not ${what} (${code}): ${adviceFor(code, file)}`;
}

function adviceFor(code: string, file: string): string {
  const kept = "the store's files are as they were (nothing stored is lost: the journal stays until a snapshot holds it)";
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return `the disk of ${dirname(file)} is full (or its quota is used up): free space there, then start again; ${kept}`;
    case "EISDIR":
      return `${file} is a folder where the store keeps a file: move that folder away (see first whether it holds anything of the shop's; if it took the place of the store's file, restore that file from a backup), then start again`;
    case "EACCES":
    case "EPERM":
      return `this process's user may not use it: give that user read and write permission on ${dirname(file)} and its files, then start again; ${kept}`;
    case "EROFS":
      return `${dirname(file)} is on a read-only file system: mount it read-write, then start again; ${kept}`;
    case "EMFILE":
    case "ENFILE":
      return `too many files are open: raise the process's open-file limit (ulimit -n), then start again; ${kept}`;
    case "EIO":
      return `the disk reported an I/O error: check the disk, and restore the plugin's data folder from a backup if a file is damaged; do not delete the store's files: they hold payment records that exist nowhere else`;
    default:
      return `fix the cause that code names, then start again; do not delete the store's files: they hold payment records that exist nowhere else`;
  }
}

/**
 * `error` as a StoreFileError when it is a file system error (an errno code such as ENOSPC); any other error (one of
 * the store's own, already naming its file) is handed back as it is. The file is the one Node names when it does (an
 * open; a rename's destination, where a folder in the snapshot's place stops it), else `file`: what the caller was
 * reading or writing (a write to an open file names none).
 */
export function asStoreFileError(error: unknown, file: string, action: StoreFileAction): unknown {
  const failed = error as { code?: unknown; path?: unknown; dest?: unknown } | null;
  if (typeof failed?.code !== "string" || !/^E[A-Z0-9]{2,15}$/.test(failed.code)) return error;
  const named = [failed.dest, failed.path].find((path): path is string => typeof path === "string");
  return new StoreFileError(named ?? file, action, failed.code);
}

/** Runs `work`, handing back a failure of a file as asStoreFileError says. */
export async function namingStoreFile<T>(file: string, action: StoreFileAction, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asStoreFileError(error, file, action);
  }
}
