// The modes of the folders and files that hold orders, customers' numbers and keys: the running user's only.
import { stat } from "node:fs/promises";

/** A data folder the package creates: no other user may list or enter it, whatever its files' modes. */
export const PRIVATE_DIR_MODE = 0o700;

/** A file the package creates in it (journals, snapshots, keys). */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * The mode of `dir` when users other than its owner may enter it (a folder that existed before the package created
 * its files there keeps its mode), else null: files in it that lowdb writes with its own mode are then readable too.
 */
export async function openToOthers(dir: string): Promise<number | null> {
  try {
    const mode = (await stat(dir)).mode & 0o777;
    return (mode & 0o077) === 0 ? null : mode;
  } catch {
    return null;
  }
}
