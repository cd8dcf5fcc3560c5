// One append-only JSON-lines journal file with group commit: the lines of a few event-loop turns share one write.
import { closeSync, constants, fdatasyncSync, ftruncateSync, openSync, write, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { PRIVATE_FILE_MODE } from "../../common/private-file-modes.js";

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
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

/**
 * A `batched` segment is written into space zero-filled ahead of time. An appending write makes every flush also
 * commit the file's new size (on ext4, a journal commit by a kernel thread that competes for the same busy CPUs);
 * overwriting space the file already has flushes the data alone. On the bench machine that made batched creates about
 * 5-10 % faster. The filling runs in libuv's thread pool while half the space ahead is still free, doubling from 64 KiB
 * (a test's few lines) to 4 MiB (about 2,000 creates). The zero tail is cut off when the segment is closed, and by
 * trimZeroTail when a segment left by a crash is read.
 */
const FIRST_FILL_BYTES = 64 * 1024;
const MAX_FILL_BYTES = 4 * 1024 * 1024;

/**
 * A fill is written in pieces of this size, each its own O_DSYNC write. While a fill's write extends the file, every
 * batch's O_DSYNC write must also commit the file's new size, and on ext4 (data=ordered) that commit first waits for
 * the zeros the fill has in the page cache: with one 4 MiB write, a batch written meanwhile blocked the event loop for
 * about 5 ms, and those stalls took about 8 % of the time under create load (400 ms in 5 s, 20 connections). In
 * 128 KiB pieces a batch waits for at most one piece: the stalls fell to about 2 % and the create p99 from 10-14 ms to
 * 4-7 ms. Much smaller pieces (16 KiB) fill too slowly to stay ahead of the journal under load.
 */
const FILL_CHUNK_BYTES = 128 * 1024;

/** Writes all of `data` at `position` in writes of at most `chunk` bytes, one after the other. */
function writeAll(fd: number, data: Buffer, position: number, chunk = data.length): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (offset: number) =>
      write(fd, data, offset, Math.min(chunk, data.length - offset), position + offset, (error, n) => {
        if (error) reject(error);
        else if (offset + n < data.length) next(offset + n);
        else resolve();
      });
    next(0);
  });
}

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
  /** Bytes of lines written, and bytes the file holds (lines and the zero-filled space after them). */
  private written = 0;
  private allocated = 0;
  /** The zero-filling under way; lines are only ever written below `allocated`, so never into what it writes. */
  private filling: Promise<void> | null = null;
  /** Set once a fill failed (a full disk...): the segment then appends, which is slower but as durable. */
  private fillFailed = false;
  /** How many lines this segment holds (or will once flushed). */
  lineCount = 0;

  constructor(
    readonly path: string,
    private readonly fsync: MockFsyncPolicy = "batched",
    /** Told once when zero-filling fails and the segment falls back to appending. */
    private readonly onFillError?: (error: unknown) => void,
    /**
     * The last line of the segment before this one: nothing is written here until it is, and if it is refused every
     * line of this one is refused too, so no change made after a refused one is kept (a replay would have the later
     * change without the one it was made on).
     */
    private after?: Promise<unknown>,
  ) {}

  /** The error a write failed with (this segment's lines from the failed one on were refused), or null. */
  get writeFailure(): unknown {
    return this.failure;
  }

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
    // A failed fill only made the segment append (see fillFailed); closing goes on.
    await this.filling?.catch(() => {});
    if (this.fd === null) return;
    // A crash before this line leaves the zero tail, which trimZeroTail removes on the next start.
    if (this.preallocates() && !this.failure) ftruncateSync(this.fd, this.written);
    closeSync(this.fd);
    this.fd = null;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await this.gather();
        const batch = this.pending;
        this.pending = [];
        try {
          if (this.after) {
            const after = this.after;
            this.after = undefined;
            await after;
          }
          const data = Buffer.from(batch.map((p) => p.line).join(""));
          if (this.preallocates()) await this.spaceFor(data.length);
          this.writeDurably(data);
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
    if (!this.preallocates()) {
      // Opened lazily so an empty segment leaves no file behind.
      this.fd ??= openSync(this.path, APPEND_FLAGS, PRIVATE_FILE_MODE);
      for (let offset = 0; offset < data.length; ) offset += writeSync(this.fd, data, offset, data.length - offset, null);
      if (this.fsync === "batched") fdatasyncSync(this.fd);
      return;
    }
    // At `written`, below `allocated` (or past it, as an append would, once a fill failed).
    for (let offset = 0; offset < data.length; ) {
      const n = writeSync(this.fd!, data, offset, data.length - offset, this.written);
      offset += n;
      this.written += n;
    }
    if (!this.filling && !this.fillFailed && this.allocated - this.written < this.allocated / 2) this.fill(0).catch(() => {});
  }

  private preallocates(): boolean {
    return this.fsync === "batched" && DSYNC !== 0;
  }

  /** Waits until `bytes` more fit below `allocated`, filling further if need be. */
  private async spaceFor(bytes: number): Promise<void> {
    this.fd ??= openSync(this.path, constants.O_WRONLY | constants.O_CREAT | DSYNC, PRIVATE_FILE_MODE);
    while (this.written + bytes > this.allocated && !this.fillFailed) {
      await (this.filling ?? this.fill(bytes)).catch(() => {});
    }
  }

  /** Zero-fills the next stretch of the file through the O_DSYNC descriptor (so its size is on the device too). */
  private fill(atLeast: number): Promise<void> {
    const zeros = Buffer.alloc(Math.max(atLeast, Math.min(MAX_FILL_BYTES, Math.max(FIRST_FILL_BYTES, this.allocated))));
    const start = this.allocated;
    this.filling = writeAll(this.fd!, zeros, start, FILL_CHUNK_BYTES).then(
      () => {
        this.allocated = start + zeros.length;
        this.filling = null;
      },
      (error: unknown) => {
        this.fillFailed = true;
        this.filling = null;
        this.onFillError?.(error);
        throw error;
      },
    );
    return this.filling;
  }
}

/**
 * Cuts the zero-filled tail off a segment left by a crash (see FIRST_FILL_BYTES), so it reads as the lines written.
 * Only for segments no longer written to: every start writes to a fresh one.
 */
export async function trimZeroTail(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    const { size } = await handle.stat();
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      let i = bytesRead - 1;
      while (i >= 0 && chunk[i] === 0) i--;
      if (i >= 0) {
        end = start + i + 1;
        break;
      }
      end = start;
    }
    if (end < size) await handle.truncate(end);
  } finally {
    await handle.close();
  }
}
