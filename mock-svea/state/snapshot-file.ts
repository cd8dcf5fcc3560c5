// The snapshot file: one JSON document with one order or SMS per line, written in chunks and read line by line.
import { open, readFile, rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { MockOrder, SmsMessage } from "../mock-svea-schemas.js";
import { readLines } from "./read-lines.js";
import type { StateSnapshot } from "./state-store.js";
import { PRIVATE_FILE_MODE } from "../../common/private-file-modes.js";
import { describeJsonSyntaxError } from "../../common/json-syntax-position.js";

/** What to do about a damaged snapshot or journal of the mock: its orders are test data, so starting afresh is fine. */
export const MOCK_FILE_ADVICE = "Repair the file at that spot, or move the data file and its journal aside to start the mock with no orders";

/**
 * The layout (still one JSON value, so lowdb's DataFile or JSON.parse read it whole):
 *
 *   {"version":1,"lastSeq":7,"nextPaymentOrderId":8000003,"orders":[
 *   {...one order...},
 *   {...one order...}
 *   ],"sms":[
 *   {...one SMS...}
 *   ]}
 *
 * JSON.stringify never puts a raw newline inside a value, so each line between the brackets is one record. Writing
 * 50,000 orders as one string blocked the event loop for about a second and, with the SMS texts' non-ASCII letters,
 * needed a two-byte string twice the file's size; line by line, neither the writer nor the reader ever holds more
 * than a chunk, and the writer yields between chunks so requests keep being answered.
 */
const ORDERS_OPEN = ',"orders":[';
const SMS_OPEN = '],"sms":[';
const CLOSE = "]}";

export class SnapshotCorruptError extends Error {
  override readonly name = "SnapshotCorruptError";
}

/** Records per write: each chunk is stringified in one go (a few ms), then the event loop runs while it is written. */
const CHUNK_RECORDS = 256;

/** Writes to a temp file beside `file`, fsyncs it, renames it over `file`, fsyncs the directory. */
export async function writeSnapshot(file: string, snapshot: StateSnapshot): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.tmp`);
  const handle = await open(temp, "w", PRIVATE_FILE_MODE);
  try {
    const { orders, sms, ...header } = snapshot;
    await handle.writeFile(`${JSON.stringify(header).slice(0, -1)}${ORDERS_OPEN}\n`);
    await writeRecords(handle, orders);
    await handle.writeFile(`${SMS_OPEN}\n`);
    await writeRecords(handle, sms);
    await handle.writeFile(`${CLOSE}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await fsyncPath(dirname(file));
}

async function writeRecords(handle: { writeFile(data: string): Promise<void> }, records: readonly unknown[]): Promise<void> {
  for (let start = 0; start < records.length; start += CHUNK_RECORDS) {
    const end = Math.min(start + CHUNK_RECORDS, records.length);
    let chunk = "";
    for (let i = start; i < end; i++) chunk += i + 1 < records.length ? `${JSON.stringify(records[i])},\n` : `${JSON.stringify(records[i])}\n`;
    await handle.writeFile(chunk);
  }
}

/** Reads a snapshot; null when there is none yet. A file in another layout (one line, as lowdb writes) is parsed whole. */
export async function readSnapshot(file: string): Promise<StateSnapshot | null> {
  try {
    // The header line is short; a file without one in its first bytes is in the one-line layout.
    if (!(await firstBytes(file, 512)).includes(`${ORDERS_OPEN}\n`)) return parseWhole(file);
    let snapshot: StateSnapshot | null = null;
    let records: unknown[] | null = null;
    let lineNumber = 0;
    for await (const line of readLines(file)) {
      lineNumber++;
      if (snapshot === null) {
        if (!line.endsWith(ORDERS_OPEN)) return parseWhole(file);
        const header = JSON.parse(`${line.slice(0, -ORDERS_OPEN.length)}}`) as Omit<StateSnapshot, "orders" | "sms">;
        snapshot = { ...header, orders: [], sms: [] };
        records = snapshot.orders;
        continue;
      }
      if (line === SMS_OPEN) {
        records = snapshot.sms;
        continue;
      }
      if (line === CLOSE) return records === snapshot.sms ? snapshot : corrupt(file, lineNumber, "the SMS list is missing");
      if (records === null) return corrupt(file, lineNumber, "text after the end of the document");
      try {
        records.push(JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line) as MockOrder & SmsMessage);
      } catch {
        return corrupt(file, lineNumber, "not a JSON record");
      }
    }
    if (snapshot === null) return parseWhole(file);
    return corrupt(file, lineNumber, "the file ends before the document does");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function firstBytes(file: string, count: number): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.toString("utf8", 0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function parseWhole(file: string): Promise<StateSnapshot | null> {
  const text = await readFile(file, "utf8");
  try {
    return JSON.parse(text) as StateSnapshot;
  } catch {
    // Where it breaks, never what it says there: the file holds customers' numbers and payment links.
    throw new SnapshotCorruptError(`${file}: not a JSON snapshot (${describeJsonSyntaxError(text)}). ${MOCK_FILE_ADVICE}`);
  }
}

function corrupt(file: string, line: number, what: string): never {
  throw new SnapshotCorruptError(`${file}: line ${line}: ${what}. ${MOCK_FILE_ADVICE}`);
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
