// The temp file a whole-file write goes through (written, then renamed over the file), and its removal after a failure.
import { unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** `/dir/.name.tmp` for `/dir/name`: where lowdb's JSONFile (steno) and the plugin's DurableJsonFile write first. */
export function tempFileBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

/**
 * Removes what a failed write left at `tempFile`, best effort: a write that failed for a full disk would otherwise
 * keep holding the space it took (up to the whole file) exactly when the disk is full. Never throws, so the write's own
 * error is the one the caller reports; anything that is not a file there (a folder) is left alone.
 */
export async function removeFailedTempFile(tempFile: string): Promise<void> {
  await unlink(tempFile).catch(() => undefined);
}
