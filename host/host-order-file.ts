// The lowdb adapter for host-orders.json: pretty JSON, written owner-only (0600) through a synced temp file and renamed over.
import type { Adapter } from "lowdb";
import { readFileIfPresent } from "../common/read-file-if-present.js";
import { replaceFileThroughTemp } from "../common/write-temp-file.js";

/**
 * lowdb's JSONFile (steno) creates its temp file with the default mode, so every write left the file 0644 under the
 * usual umask, while it holds customers' names, numbers and payment links. This one reads as JSONFile does (no file:
 * null; a damaged one: JSON.parse's SyntaxError, which the order store turns into its own message) and writes the same
 * two-space JSON, but through a 0600 temp file: the file is 0600 after its first write, an older 0644 one after its next.
 */
export class HostOrderFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    const text = await readFileIfPresent(this.path);
    return text === null ? null : (JSON.parse(text) as T);
  }

  /** Stringifies before its first await, so a change made after the call is not in this write. */
  async write(data: T): Promise<void> {
    // Synced, then the folder: a power cut leaves the old file or the new one whole, never an empty one (lowdb's
    // JSONFile never syncs). With npm start the plugin's payment records live in this file too.
    await replaceFileThroughTemp(this.path, JSON.stringify(data, null, 2), { sync: true, syncDirectory: true });
  }
}
