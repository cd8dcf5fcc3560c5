// A whole-file write through a temp file beside it (written 0600, then renamed over the file), and its removal after a failure.
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PRIVATE_FILE_MODE } from "./private-file-modes.js";

/** `/dir/.name.tmp` for `/dir/name`: where the host's order file and the plugin's DurableJsonFile write first. */
export function tempFileBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

/**
 * Replaces `file` with `text`: written to its temp file, synced first with `sync`, then renamed over it. The file
 * ends owner-only (0600) whatever mode it had, since the rename gives it the temp file's: a temp file a crash left
 * with another mode is set to 0600 before it is written. A failed write or rename removes the temp file and throws
 * its own error. With `syncDirectory` the folder is synced after the rename (so the rename itself survives a power
 * cut); otherwise the caller does that when it needs to. `beforeRename` runs once the temp file is written, and may
 * refuse the rename by throwing (the temp file is then removed and its error thrown): a caller that may have lost
 * the right to write `file` while the temp file was written checks that there.
 */
export async function replaceFileThroughTemp(
  file: string,
  text: string,
  options: { sync?: boolean; syncDirectory?: boolean; beforeRename?: () => void } = {},
): Promise<void> {
  const tempFile = tempFileBeside(file);
  try {
    const handle = await open(tempFile, "w", PRIVATE_FILE_MODE);
    try {
      // The mode given to open applies to a new file only. (Not to a device a test puts there: /dev/full stays as it is.)
      const info = await handle.stat();
      if (info.isFile() && (info.mode & 0o777) !== PRIVATE_FILE_MODE) await handle.chmod(PRIVATE_FILE_MODE);
      await handle.writeFile(text, "utf8");
      if (options.sync) await handle.sync();
    } finally {
      await handle.close();
    }
    options.beforeRename?.();
    await rename(tempFile, file);
  } catch (error) {
    // A full disk: what the temp file took is freed again, and the write's own error is the one thrown.
    await removeFailedTempFile(tempFile);
    throw error;
  }
  if (options.syncDirectory) await syncFolder(dirname(file));
}

/** fsync of a folder: makes the entries renamed or created in it durable. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes what a failed write left at `tempFile`, best effort: a write that failed for a full disk would otherwise
 * keep holding the space it took (up to the whole file) exactly when the disk is full. Never throws, so the write's own
 * error is the one the caller reports; anything that is not a file there (a folder) is left alone.
 */
async function removeFailedTempFile(tempFile: string): Promise<void> {
  await unlink(tempFile).catch(() => undefined);
}
