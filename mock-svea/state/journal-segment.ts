// One append-only JSON-lines journal file with group commit: lines queued while an fsync runs share the next one.
import { open, type FileHandle } from "node:fs/promises";

interface PendingLine {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class JournalSegment {
  private handle: FileHandle | null = null;
  private pending: PendingLine[] = [];
  private flushing: Promise<void> | null = null;
  private failure: unknown = null;
  /** How many lines this segment holds (or will once flushed). */
  lineCount = 0;

  constructor(readonly path: string) {}

  /** Queues one line (without its newline); resolves once it is on disk. */
  append(line: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.lineCount++;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: `${line}\n`, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves once every line queued so far is on disk (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle?.close();
    this.handle = null;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        // Let every request already read in this turn of the event loop join the batch: the first append of a burst
        // would otherwise get an fsync of its own while the rest wait for the next one.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.pending;
        this.pending = [];
        try {
          // Opened lazily so an empty segment leaves no file behind.
          this.handle ??= await open(this.path, "a");
          await this.handle.appendFile(batch.map((p) => p.line).join(""));
          await this.handle.datasync();
          for (const p of batch) p.resolve();
        } catch (error) {
          // A failed write may leave a partial line; anything appended after it would be unreadable, so stop here.
          this.failure = error;
          for (const p of [...batch, ...this.pending]) p.reject(error);
          this.pending = [];
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
