// One append-only JSON-lines journal file: each line handed to the OS by a synchronous write(2), synced per the fsync policy.
import { closeSync, fdatasync, fdatasyncSync, fsync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { PRIVATE_FILE_MODE } from "../../common/private-file-modes.js";

/**
 * When a journal write counts as done:
 * - `never`: once write(2) returned. Survives the process being killed (SIGKILL, a crash, OOM); a power cut or a
 *   kernel panic may lose the last few seconds of writes.
 * - `batched`: once an fdatasync that started after the write finished. Writers that arrive while one sync runs share
 *   the next one (group commit), so concurrent saves do not queue a sync each. Survives a power cut.
 * - `always`: a synchronous fdatasync after every write; the simplest and slowest, blocks the event loop per write.
 */
export type FsyncPolicy = "never" | "batched" | "always";

interface SyncWaiter {
  /** Bytes that must be covered by the sync. */
  upTo: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const DONE = Promise.resolve();

export class JournalSegmentWriter {
  private fd: number | null = null;
  /** Bytes written to this segment so far. */
  written = 0;
  /** fdatasync calls made (batched: fewer than appends when writers overlap). */
  syncs = 0;
  /** Bytes covered by the last finished sync. */
  private synced = 0;
  private syncing = false;
  private waiters: SyncWaiter[] = [];
  /** A failed write or sync leaves the file in doubt: every later append fails (fail-stop; a restart replays the file). */
  private failure: unknown = null;
  /** A new file's directory entry must be synced once too, or a power cut can drop the whole file. */
  private directorySynced = false;

  constructor(
    readonly path: string,
    private readonly fsyncPolicy: FsyncPolicy,
  ) {}

  /**
   * Writes one line (it must not contain a newline) before returning, or throws: the caller applies the change in
   * memory only after this returned. The promise settles when the line is as durable as the policy promises. A write
   * that throws may have left a torn line: that is what replay drops.
   */
  append(line: string): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      this.fd ??= openSync(this.path, "a", PRIVATE_FILE_MODE);
      const text = `${line}\n`;
      const length = Buffer.byteLength(text, "utf8");
      // The string goes to write(2) without a Buffer of its own. write(2) on a regular file normally takes everything;
      // a short write is finished from a Buffer rather than assumed away.
      const wrote = writeSync(this.fd, text, null, "utf8");
      if (wrote < length) {
        const bytes = Buffer.from(text, "utf8");
        for (let offset = wrote; offset < length; ) offset += writeSync(this.fd, bytes, offset, length - offset);
      }
      this.written += length;
      if (this.fsyncPolicy === "always") {
        fdatasyncSync(this.fd);
        this.syncs++;
        if (!this.directorySynced) syncDirectorySync(this.path);
        this.directorySynced = true;
        this.synced = this.written;
      }
    } catch (error) {
      this.failure = error;
      throw error;
    }
    if (this.fsyncPolicy !== "batched") return DONE;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo: this.written, resolve, reject });
      this.startSync();
    });
  }

  /** Resolves once every append so far is synced (batched), or at once. */
  async drain(): Promise<void> {
    if (this.fsyncPolicy !== "batched" || this.synced >= this.written || this.fd === null) return;
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo: this.written, resolve, reject });
      this.startSync();
    });
  }

  async close(): Promise<void> {
    await this.drain().catch(() => {});
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private startSync(): void {
    if (this.syncing || this.fd === null) return;
    this.syncing = true;
    const upTo = this.written;
    const needsDirectory = !this.directorySynced;
    this.syncs++;
    fdatasync(this.fd, (error) => {
      const finish = (failure: unknown) => {
        this.syncing = false;
        if (failure) return this.fail(failure);
        this.directorySynced = true;
        this.synced = upTo;
        const done = this.waiters.filter((w) => w.upTo <= upTo);
        this.waiters = this.waiters.filter((w) => w.upTo > upTo);
        for (const w of done) w.resolve();
        // Writers that came while this sync ran share the next one.
        if (this.waiters.length > 0) this.startSync();
      };
      if (error || !needsDirectory) return finish(error);
      syncDirectory(this.path, finish);
    });
  }

  private fail(error: unknown): void {
    this.failure = error;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w.reject(error);
  }
}

export function syncDirectorySync(file: string): void {
  const fd = openSync(dirname(file), "r");
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(file: string, done: (error: unknown) => void): void {
  let fd: number;
  try {
    fd = openSync(dirname(file), "r");
  } catch (error) {
    return done(error);
  }
  fsync(fd, (error) => {
    closeSync(fd);
    done(error);
  });
}
