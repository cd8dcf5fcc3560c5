// One append-only JSON-lines journal file with group commit: the lines of a few event-loop turns share one write.
import { closeSync, constants, fdatasyncSync, openSync, writeSync } from "node:fs";

/**
 * When a journal line counts as written, and so when the request that made it is answered:
 * - `batched` (default): once the batch's write is on the device (O_DSYNC, or fdatasync where the platform has no
 *   O_DSYNC). Survives a power cut, at one device flush per batch (about 0.3-1.3 ms on the bench machine).
 * - `never`: once write(2) returned and the bytes are in the OS. Survives the mock being killed at any point (kill -9,
 *   a crash, OOM), which is what a test double's restarts need; a power cut may lose the last seconds. For CI and load
 *   tests that want the mock out of the way.
 * The same words and meanings as the plugin's own store (`plugin/store/journal-segment-writer.ts`).
 */
export type MockFsyncPolicy = "never" | "batched";

/** O_DSYNC makes each write durable before it returns (data and the file size, as write + fdatasync would), in one system call. */
const DSYNC = constants.O_DSYNC ?? 0;
const FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

/**
 * How many turns of the event loop a batch may wait for more lines, as long as each turn brings some. Under load every
 * connection's next request arrives within a turn or two of the last answer; waiting for them makes one durable write
 * serve nearly every connection instead of half of them. A lone request waits one turn.
 */
const MAX_GATHER_TURNS = 4;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface PendingLine {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class JournalSegment {
  private fd: number | null = null;
  private pending: PendingLine[] = [];
  private flushing: Promise<void> | null = null;
  private failure: unknown = null;
  /** How many lines this segment holds (or will once flushed). */
  lineCount = 0;

  constructor(
    readonly path: string,
    private readonly fsync: MockFsyncPolicy = "batched",
  ) {}

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
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await this.gather();
        const batch = this.pending;
        this.pending = [];
        try {
          this.writeDurably(Buffer.from(batch.map((p) => p.line).join("")));
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

  /** Lets requests read in the next turns of the event loop join the batch, while each turn adds to it. */
  private async gather(): Promise<void> {
    let size = -1;
    for (let turn = 0; turn < MAX_GATHER_TURNS && this.pending.length !== size; turn++) {
      size = this.pending.length;
      await nextTurn();
    }
  }

  /**
   * Writes on the event loop's own thread, as the plugin's store does. With `batched` that blocks the loop for one
   * device flush per batch; every create in the batch waits for that flush anyway. Measured alternatives were slower
   * on the bench machine: the thread pool (a thread wake-up and a completion hop per batch, about twice the time per
   * batch under load), and two or four writes in flight at once (the device serialises the flushes, and the batches
   * got smaller). With `never` a write(2) of a few tens of KB takes tens of microseconds.
   */
  private writeDurably(data: Buffer): void {
    const dsync = this.fsync === "batched" && DSYNC !== 0;
    // Opened lazily so an empty segment leaves no file behind.
    this.fd ??= openSync(this.path, dsync ? FLAGS | DSYNC : FLAGS, 0o666);
    for (let offset = 0; offset < data.length; ) offset += writeSync(this.fd, data, offset, data.length - offset, null);
    if (this.fsync === "batched" && !dsync) fdatasyncSync(this.fd);
  }
}
