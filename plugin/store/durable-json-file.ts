// A lowdb adapter for the store's snapshot: compact JSON written to a temp file, synced, then renamed over.
import { stat } from "node:fs/promises";
import type { Adapter } from "lowdb";
import { describeJsonSyntaxError } from "../../common/json-syntax-position.js";
import { readFileIfPresent } from "../../common/read-file-if-present.js";
import { JournalCorruptError, STORE_FILE_ADVICE } from "./journal-segment-reader.js";
import { syncDirectorySync } from "./journal-segment-writer.js";
import { asStoreFileError } from "./store-file-error.js";
import { replaceFileThroughTemp, tempFileBeside } from "../../common/write-temp-file.js";

/**
 * lowdb's own JSONFile writes temp + rename but never syncs, so after a power cut the renamed file may be empty
 * while the journal it replaced is already gone. Here the temp file is always synced before the rename and the
 * directory after it, whatever the journal's fsync policy, so the snapshot is on disk before the caller deletes the
 * journal (or the earlier layout's files) it includes. A snapshot is written once per several MiB of journal.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly tempPath: string;

  constructor(
    readonly path: string,
    private readonly beforeReplace?: () => void,
  ) {
    this.tempPath = tempFileBeside(path);
  }

  /**
   * The parsed file, or null when there is none; a damaged one is named as parseStoreFile says, one that cannot be read
   * (a folder in its place, no permission) as a StoreFileError.
   */
  async read(): Promise<T | null> {
    let text: string | null;
    try {
      text = await readFileIfPresent(this.path);
    } catch (error) {
      throw asStoreFileError(await tooLargeOr(error, this.path), this.path, "read");
    }
    return text === null ? null : parseStoreFile<T>(this.path, text);
  }

  /**
   * Stringifies before its first await: changes made after the call cannot leak into this snapshot. A failed write
   * (a full disk) is a StoreFileError naming the file; the snapshot is then as it was. `beforeReplace` runs once the
   * temp file is written, just before it is renamed over the snapshot, and may refuse that by throwing (the temp file
   * is then removed).
   */
  async write(data: T): Promise<void> {
    let text: string;
    try {
      text = JSON.stringify(data);
    } catch (error) {
      throw await tooLargeOr(error, this.path);
    }
    try {
      await replaceFileThroughTemp(this.path, text, { sync: true, beforeRename: this.beforeReplace });
      syncDirectorySync(this.path);
    } catch (error) {
      throw asStoreFileError(error, this.path, "write");
    }
  }
}

/**
 * `text`, the content of the store's file `path`, parsed. A damaged file is named with the line and column where it
 * breaks and what to do; JSON.parse's own message would quote the text there (a customer's payment link, say).
 */
export function parseStoreFile<T>(path: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new JournalCorruptError(`${path} is not valid JSON: ${describeJsonSyntaxError(text)}. ${STORE_FILE_ADVICE}`);
  }
}

/**
 * The snapshot is read and written as one string, and V8 caps a string at about 512 MiB (some 450,000 orders): past
 * that, Node's bare "Invalid string length" or ERR_STRING_TOO_LONG named no file. Any other error is handed back.
 */
export class StoreTooLargeError extends Error {
  override readonly name = "StoreTooLargeError";
  readonly code = "store-too-large";
  constructor(
    readonly file: string,
    readonly bytes: number | undefined,
  ) {
    super(
      `${file}${bytes === undefined ? "" : ` (${bytes} bytes)`} is too large for the embedded store, which holds its snapshot as one string (at most about 512 MiB): move the shop to the PostgreSQL store (see the README's "PostgreSQL store"); the file is whole, do not delete it`,
    );
  }
}

async function tooLargeOr(error: unknown, file: string): Promise<unknown> {
  const tooLong = (error as NodeJS.ErrnoException).code === "ERR_STRING_TOO_LONG" || (error instanceof RangeError && /Invalid string length/.test(error.message));
  if (!tooLong) return error;
  const bytes = await stat(file).then((info) => info.size, () => undefined);
  return new StoreTooLargeError(file, bytes);
}
