// The durable StateStore: a lowdb snapshot file plus append-only journal segments written with group commit,
// compacted into the snapshot (temp file + rename) so no request ever rewrites the whole file.
import { mkdir, readdir, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { JournalSegment, trimZeroTail, type MockFsyncPolicy } from "./journal-segment.js";
import { readLines } from "./read-lines.js";
import { MOCK_FILE_ADVICE } from "./snapshot-file.js";
import { Low } from "lowdb";
import { ChunkedSnapshotAdapter } from "./chunked-snapshot-adapter.js";
import { recordsAdded, type LoadedState, type SnapshotSource, type StateChange, type StateSnapshot, type StateStore } from "./state-store.js";
import { PRIVATE_DIR_MODE } from "../../common/private-file-modes.js";
import { requireWritableDirectory } from "../../common/writable-directory.js";
import { releaseDataDirLock, takeDataDirLock, type DataDirLockTiming, type LockedDirWords } from "../../common/data-dir-lock.js";
import { StateStoreStoppedError, errorCodeOf, mockStoreStoppedMessage, type MockStoreHealth } from "./state-store-stopped-error.js";

export interface FileStateStoreOptions {
  /**
   * Compact in the background once the journal has made this many records obsolete (changed orders, a reset), or as
   * many as are still live, whichever is more. Only obsolete records make a compaction worth its cost: a journal of new
   * orders replays as fast as a snapshot of them would, so rewriting 50,000 orders to fold in 20,000 new ones would
   * spend more time on snapshots than on requests, and a replay never reads more than about twice what is live.
   */
  compactEvery?: number;
  /** When a journal write counts as done (see MockFsyncPolicy). Default `batched`: on the device, survives a power cut. */
  fsync?: MockFsyncPolicy;
  /**
   * Told about background work that failed, none of which loses anything: a compaction (the journal keeps
   * everything), or a segment's zero-filling (the segment appends instead, as durable and a little slower).
   */
  onBackgroundError?: (error: unknown, work: "compaction" | "preallocation" | "lock-refresh") => void;
  /**
   * Told once, with the failed write's error code, when a journal write fails and the store stops (restart required);
   * `LOCK_LOST` when another process took the data file's lock over while this one did not refresh it.
   */
  onStopped?: (code: string) => void;
  /** Told when the data file's lock, left by a process that no longer runs or refreshes it, is taken over. */
  onStaleLockTakeover?: (lockFile: string, previousPid: number | null, why: string) => void;
  /** The data file lock's heartbeat and stale window (tests). */
  lock?: DataDirLockTiming;
  /**
   * Told when a replayed segment ends in an unfinished line, which is dropped: a write a crash cut short. With fsync
   * `never` a power cut can cut acknowledged lines too, so the drop is reported, never silent.
   */
  onTornTail?: (file: string, droppedBytes: number) => void;
}

type JournalRecord = StateChange & { seq: number };

/** How a refused start names the folder and what to do. */
function mockLockWords(folder: string): LockedDirWords {
  return {
    dir: { en: `the mock's data folder ${folder}`, sv: `mockens datamapp ${folder}` },
    sameProcessHolder: { en: "another mock server", sv: "en annan mockserver" },
    sameProcessAdvice: { en: "close it first, or give each mock a data file of its own", sv: "stäng den först, eller ge varje mock en egen datafil" },
    earlierVersion: { en: "an earlier version of the mock", sv: "en tidigare version av mocken" },
  };
}

/** Thrown when a journal line in the middle of a segment cannot be read: that is corruption, not a torn tail. */
export class JournalCorruptError extends Error {
  override readonly name = "JournalCorruptError";
}

export class FileStateStore implements StateStore {
  private readonly dir: string;
  private readonly prefix: string;
  private readonly compactEvery: number;
  private source: SnapshotSource | null = null;
  private segment: JournalSegment | null = null;
  private segmentNumber = 0;
  /** Segments whose changes are all older than the segment being written; deleted by the next compaction. */
  private olderSegments: JournalSegment[] = [];
  private lastSeq = 0;
  private sinceCompaction = 0;
  /** Orders and SMS that a replay would keep. */
  private liveRecords = 0;
  /** Records in the snapshot and journal that a later change made obsolete: what a compaction would drop. */
  private obsoleteRecords = 0;
  private compacting: Promise<void> | null = null;
  private readonly db: Low<StateSnapshot | null>;
  /** The error code of the journal write that stopped the store; every later change is refused until a restart. */
  private stoppedBy: string | undefined;
  /** `<file>.lock`: keeps a second mock (a second npm start) off the data file while this store has it loaded. */
  private readonly lockFile: string;
  private lockTaken = false;
  /** The last line appended: the next segment writes nothing before it is accepted (see JournalSegment's `after`). */
  private lastLine: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: FileStateStoreOptions = {},
  ) {
    this.dir = dirname(file);
    this.prefix = `${basename(file)}.journal-`;
    this.compactEvery = options.compactEvery ?? 20_000;
    this.db = new Low<StateSnapshot | null>(new ChunkedSnapshotAdapter(file), null);
    this.lockFile = `${file}.lock`;
  }

  /**
   * Takes the data file's lock (a second mock on it would choose the same next segment and overwrite this one's
   * snapshot: StoreLockedError naming the folder and the holder), then reads the snapshot and the journal. A load that
   * fails gives the lock back.
   */
  async load(source: SnapshotSource): Promise<LoadedState> {
    this.source = source;
    await mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    // Readable but not writable: every change would fail, so the start does, naming the folder.
    await requireWritableDirectory(this.dir, "the mock's data folder");
    await this.takeLock();
    try {
      return await this.read();
    } catch (error) {
      await this.releaseLock();
      throw error;
    }
  }

  private async takeLock(): Promise<void> {
    const { onStaleLockTakeover, onBackgroundError } = this.options;
    await takeDataDirLock(this.lockFile, {
      ...this.options.lock,
      words: mockLockWords(this.dir),
      onStaleTakeover: (pid, why) => onStaleLockTakeover?.(this.lockFile, pid, why),
      onLost: () => void this.stop({ code: "LOCK_LOST" }),
      onRefreshError: (error) => onBackgroundError?.(error, "lock-refresh"),
    });
    this.lockTaken = true;
  }

  private async releaseLock(): Promise<void> {
    if (!this.lockTaken) return;
    this.lockTaken = false;
    await releaseDataDirLock(this.lockFile);
  }

  private async read(): Promise<LoadedState> {
    await this.db.read();
    const snapshot = this.db.data;
    this.lastSeq = snapshot?.lastSeq ?? 0;
    const changes: StateChange[] = [];
    for (const [number, path] of await this.segmentFiles()) {
      this.segmentNumber = Math.max(this.segmentNumber, number);
      this.olderSegments.push(new JournalSegment(path));
      await trimZeroTail(path);
      for await (const record of readSegment(path, (bytes) => this.options.onTornTail?.(path, bytes))) {
        if (record.seq <= (snapshot?.lastSeq ?? 0)) continue;
        const { seq, ...change } = record;
        this.lastSeq = Math.max(this.lastSeq, seq);
        changes.push(change as StateChange);
        this.sinceCompaction++;
      }
    }
    this.countRecords(snapshot, changes);
    // Never append after a possibly torn tail: every start writes to a fresh segment.
    this.segment = this.nextSegment();
    return { snapshot, changes };
  }

  append(change: StateChange, supersedes: number): Promise<void> {
    if (!this.segment) return Promise.reject(new Error("FileStateStore.append before load"));
    if (this.stoppedBy !== undefined) return Promise.reject(new StateStoreStoppedError(this.file, this.stoppedBy));
    const seq = ++this.lastSeq;
    // {"seq":N,...change}, without copying the change into a new object first.
    const done = this.segment.append(`{"seq":${seq},${JSON.stringify(change).slice(1)}`).catch((error: unknown) => Promise.reject(this.stop(error)));
    this.lastLine = done;
    this.sinceCompaction++;
    this.obsoleteRecords += supersedes;
    if (change.op === "reset") this.liveRecords = 0;
    else if (supersedes === 0) this.liveRecords += recordsAdded(change);
    if (this.obsoleteRecords >= Math.max(this.compactEvery, this.liveRecords) && !this.compacting) {
      this.compact().catch((error: unknown) => this.options.onBackgroundError?.(error, "compaction"));
    }
    return done;
  }

  /** Stopped after a failed journal write (restart required), or ok. */
  health(): MockStoreHealth {
    if (this.stoppedBy === undefined) return { status: "ok" };
    return { status: "restart-required", store: this.file, message: mockStoreStoppedMessage(this.file, this.stoppedBy) };
  }

  /** Latches the stop (a failed write may leave a torn line: nothing more is appended) and says so once. */
  private stop(error: unknown): StateStoreStoppedError {
    if (this.stoppedBy === undefined) {
      this.stoppedBy = errorCodeOf(error);
      this.options.onStopped?.(this.stoppedBy);
    }
    return new StateStoreStoppedError(this.file, this.stoppedBy);
  }

  /** Snapshots every change appended before the call; a compaction already running is awaited first. */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting.catch(() => {}).then(() => this.compact());
    this.compacting = this.runCompaction().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  /** Resolves once no compaction runs (a failed one included: its error went to onBackgroundError). */
  async settled(): Promise<void> {
    while (this.compacting) await this.compacting.catch(() => {});
  }

  /**
   * Compacts what the journal holds and releases the files. A stopped store compacts nothing: the journal holds every
   * change it accepted, and a snapshot of memory could hold a refused one (its 503 asked for the restart that replays).
   */
  async close(): Promise<void> {
    try {
      await this.compacting;
      if (this.sinceCompaction > 0 && this.stoppedBy === undefined) await this.compact();
    } finally {
      try {
        for (const segment of [...this.olderSegments, ...(this.segment ? [this.segment] : [])]) await segment.close();
        this.segment = null;
      } finally {
        await this.releaseLock();
      }
    }
  }

  private async runCompaction(): Promise<void> {
    if (!this.source || !this.segment) return;
    if (this.stoppedBy !== undefined) throw new StateStoreStoppedError(this.file, this.stoppedBy);
    // Rotate and capture in the same tick: the snapshot then holds exactly the changes of the segments it replaces.
    const replaced = [...this.olderSegments, this.segment];
    this.segment = this.nextSegment();
    this.olderSegments = [];
    this.sinceCompaction = 0;
    // Not restored if the write fails: the next try waits for as many obsolete records again, rather than every append.
    this.obsoleteRecords = 0;
    // The source copies its lists and orders are immutable values, so the snapshot cannot see later changes, however
    // long its chunked write takes.
    const snapshot: StateSnapshot = { version: 1, lastSeq: this.lastSeq, ...this.source() };
    try {
      // Only once every replaced line is accepted: the snapshot holds their changes, and one refused must not be kept.
      for (const segment of replaced) {
        await segment.drain();
        if (segment.writeFailure !== null) throw this.stop(segment.writeFailure);
      }
      this.db.data = snapshot;
      await this.db.write();
      for (const segment of replaced) {
        await segment.close();
        await unlink(segment.path).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
        });
      }
    } catch (error) {
      // Keep the replaced segments: they are still the only durable copy of their changes.
      this.olderSegments = [...replaced, ...this.olderSegments];
      throw error;
    }
  }

  /** What a replay of `snapshot` then `changes` keeps and drops, for the compaction rule. */
  private countRecords(snapshot: StateSnapshot | null, changes: readonly StateChange[]): void {
    const orders = new Set<string>();
    let sms = snapshot?.sms.length ?? 0;
    let obsolete = 0;
    const orderKey = (order: { merchantId: string; merchantOrderNumber: string }) => `${order.merchantId}\u0000${order.merchantOrderNumber}`;
    for (const order of snapshot?.orders ?? []) orders.add(orderKey(order));
    for (const change of changes) {
      if (change.op === "sms") sms++;
      else if (change.op === "reset") {
        obsolete += orders.size + sms;
        orders.clear();
        sms = 0;
      } else {
        if (change.sms) sms++;
        if (orders.has(orderKey(change.order))) obsolete++;
        else orders.add(orderKey(change.order));
      }
    }
    this.liveRecords = orders.size + sms;
    this.obsoleteRecords = obsolete;
  }

  private nextSegment(): JournalSegment {
    this.segmentNumber++;
    const path = join(this.dir, `${this.prefix}${String(this.segmentNumber).padStart(6, "0")}.jsonl`);
    return new JournalSegment(path, this.options.fsync, (error) => this.options.onBackgroundError?.(error, "preallocation"), this.lastLine);
  }

  private async segmentFiles(): Promise<[number, string][]> {
    const found: [number, string][] = [];
    for (const name of await readdir(this.dir)) {
      if (!name.startsWith(this.prefix) || !name.endsWith(".jsonl")) continue;
      const number = Number(name.slice(this.prefix.length, -".jsonl".length));
      if (Number.isInteger(number)) found.push([number, join(this.dir, name)]);
    }
    return found.sort((a, b) => a[0] - b[0]);
  }
}

/**
 * Reads a segment's records line by line (a segment may hold as many changes as the snapshot has records, too much
 * for one string); a torn last line (a crash mid-write, never acknowledged) is dropped.
 */
export async function* readSegment(path: string, onTornTail?: (droppedBytes: number) => void): AsyncGenerator<JournalRecord> {
  let lineNumber = 0;
  let unreadable = 0;
  let unreadableBytes = 0;
  for await (const line of readLines(path)) {
    lineNumber++;
    if (line === "") continue;
    if (unreadable > 0) throw new JournalCorruptError(`${path}: line ${unreadable} is not JSON and is not the last line. ${MOCK_FILE_ADVICE}`);
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      unreadable = lineNumber;
      unreadableBytes = Buffer.byteLength(line, "utf8");
      continue;
    }
    yield record;
  }
  if (unreadable > 0) onTornTail?.(unreadableBytes);
}
