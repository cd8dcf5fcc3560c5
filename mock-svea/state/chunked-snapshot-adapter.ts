// The lowdb adapter behind the mock's snapshot: lowdb reads and writes it, in the chunked one-record-per-line layout.
import type { Adapter } from "lowdb";
import { readSnapshot, writeSnapshot } from "./snapshot-file.js";
import type { StateSnapshot } from "./state-store.js";

/**
 * lowdb stays the snapshot store; only its adapter is ours. lowdb's own DataFile stringifies the whole document in one
 * call (about a second of blocked event loop at 50,000 orders) and never fsyncs; this adapter writes in chunks, fsyncs,
 * renames, and reads line by line (see snapshot-file.ts for the layout, which is still one JSON document).
 */
export class ChunkedSnapshotAdapter implements Adapter<StateSnapshot | null> {
  constructor(readonly file: string) {}

  read(): Promise<StateSnapshot | null> {
    return readSnapshot(this.file);
  }

  /** A null document (nothing loaded yet) is never written over a snapshot that may exist. */
  async write(data: StateSnapshot | null): Promise<void> {
    if (data) await writeSnapshot(this.file, data);
  }
}
