// Finds and reads the journal segments beside the snapshot, dropping a torn last line and refusing corruption elsewhere.
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { namingStoreFile } from "./store-file-error.js";

/** A journal line in the middle of a segment is unreadable, or records are missing: that is damage, not a crash. */
export class JournalCorruptError extends Error {
  override readonly name = "JournalCorruptError";
  readonly code = "journal-corrupt";
}

/**
 * What to do about a damaged snapshot or journal file. Moving it away is not the way out (unlike the host's order
 * file): the snapshot and the journal together are the only record of the shop's payment links and payments.
 */
export const STORE_FILE_ADVICE =
  "Stop the host, restore the plugin's data folder from a backup (or repair the file at that spot), then start again; do not delete the file: it holds payment records that exist nowhere else";

export interface JournalSegmentFile {
  number: number;
  path: string;
}

/** `svea-instore-plugin.json` → `svea-instore-plugin.journal-` (segments are `<prefix>NNNNNN.jsonl`). */
export function journalPrefix(snapshotFile: string): string {
  return `${basename(snapshotFile).replace(/\.json$/, "")}.journal-`;
}

export function segmentPath(snapshotFile: string, number: number): string {
  return join(dirname(snapshotFile), `${journalPrefix(snapshotFile)}${String(number).padStart(6, "0")}.jsonl`);
}

/** The segments beside `snapshotFile`, oldest first. */
export async function listJournalSegments(snapshotFile: string): Promise<JournalSegmentFile[]> {
  const prefix = journalPrefix(snapshotFile);
  const found: JournalSegmentFile[] = [];
  for (const name of await readdir(dirname(snapshotFile))) {
    if (!name.startsWith(prefix) || !name.endsWith(".jsonl")) continue;
    const number = Number(name.slice(prefix.length, -".jsonl".length));
    if (Number.isSafeInteger(number)) found.push({ number, path: join(dirname(snapshotFile), name) });
  }
  return found.sort((a, b) => a.number - b.number);
}

/**
 * A segment's records in order. Every record is written as one line ending in "\n", and acknowledged only after the
 * write returned, so text after the last newline is a write the crash cut short: never acknowledged, dropped whole.
 * `onTornTail` is told how many bytes that was: with fsync "never" a power cut can also cut lines that were
 * acknowledged, so the drop is reported, never silent.
 */
export async function readJournalSegment<T>(path: string, onTornTail?: (bytes: number) => void): Promise<T[]> {
  // A folder in a segment's place (EISDIR), no permission: named, not a bare code.
  const data = await namingStoreFile(path, "read", () => readFile(path));
  const end = data.lastIndexOf(0x0a);
  const torn = data.length - (end + 1);
  if (torn > 0) onTornTail?.(torn);
  const records: T[] = [];
  if (end < 0) return records;
  const lines = data.toString("utf8", 0, end).split("\n");
  for (let i = 0; i < lines.length; i++) {
    try {
      records.push(JSON.parse(lines[i]!) as T);
    } catch {
      throw new JournalCorruptError(`${path}: line ${i + 1} of ${lines.length} complete lines is not JSON. ${STORE_FILE_ADVICE}`);
    }
  }
  return records;
}
