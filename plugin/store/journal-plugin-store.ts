// The embedded PluginStore: state in memory, every mutation one appended journal line, compacted into a lowdb snapshot.
import { mkdir, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { Low } from "lowdb";
import { CompactionFailureLog } from "./compaction-failure-log.js";
import { forgetDataDirLock, holdsDataDirLock, releaseDataDirLock, takeDataDirLock, type DataDirLockOptions, type DataDirLockTiming } from "./data-dir-lock.js";
import { DurableJsonFile } from "./durable-json-file.js";
import { JournalCorruptError, STORE_FILE_ADVICE, listJournalSegments, readJournalSegment, segmentPath } from "./journal-segment-reader.js";
import { JournalSegmentWriter, type FsyncPolicy } from "./journal-segment-writer.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { DEFAULT_STORE_FILE } from "./lowdb-document-storage.js";
import { paymentSummaryOf, type OrderPaymentSummary } from "./order-payment-summary.js";
import {
  beginLinkIn,
  blankOrderRecord,
  endIntent,
  markCallbackProcessedIn,
  markIntentStepIn,
  newIntentRecord,
  putLinkIn,
  recordCallbackIn,
  recordForChange,
  setHostBeingCheckedIn,
} from "./order-record-changes.js";
import { copyPlainData } from "./plain-data-copy.js";
import { reservePollSlot } from "../svea-client/poll-slot-rule.js";
import {
  OrderBusyError,
  hasOpenWork,
  type CallbackInboxEntry,
  type IntentEnd,
  type IntentRecord,
  type LinkRecord,
  type NewIntent,
  type OrderLockOptions,
  type OrderPaymentRecord,
  type PluginStore,
} from "./plugin-store.js";
import { claimFiring, claimedFromNewest, isClaimedFirings } from "./schedule-firing-claims.js";
import { isShardedLayoutMain, readShardedLayout } from "./sharded-layout-migration.js";
import { asStoreFileError, namingStoreFile } from "./store-file-error.js";
import { StoreStoppedError, errorCodeOf, storeStoppedMessage, type StoreHealth } from "./store-stopped-error.js";
import type { PluginLogger } from "../host-contract/plugin-api.js";
import { PRIVATE_DIR_MODE } from "../../common/private-file-modes.js";
import { requireWritableDirectory } from "../../common/writable-directory.js";

/**
 * "never" by default: what the plugin must survive is its host being killed (write(2) is enough for that), and a save
 * makes two journal writes in a row (the intent before the Svea call, the answer after), so syncing each costs two
 * fdatasyncs (0.4-1 ms each here) per save: more than the whole budget of the plugin's own work (10 % of one create
 * round trip). Shops that must survive a power cut set "batched" (SVEA_INSTORE_STORE_FSYNC) or lend a database.
 */
export const DEFAULT_FSYNC_POLICY: FsyncPolicy = "never";
export const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

export interface JournalPluginStoreOptions {
  /** The lowdb snapshot; journal segments live beside it. Default ./data/svea-instore-plugin.json. */
  file?: string;
  /** When a mutation's promise resolves; see FsyncPolicy. Default "never" (write(2) done: survives SIGKILL, not power loss). */
  fsync?: FsyncPolicy;
  /** Compact once the current journal segment holds this many bytes. Default 8 MiB. */
  compactAfterBytes?: number;
  /**
   * Told when a background compaction fails; the journal still holds everything, and the next one retries. Without
   * it, the failure is logged as a warning through `logger` (file and error code), once per distinct failure.
   */
  onCompactionError?: (error: unknown) => void;
  /** Where the store reports what an operator must know: a write that stopped it, a torn journal line dropped. */
  logger?: Pick<PluginLogger, "warn" | "error">;
  /** The data dir lock's beat (5 s) and how long without it a holder this process cannot check counts as gone (30 s). */
  lock?: DataDirLockTiming;
}

/** The snapshot file. `journalSeq` is the last journal record it includes: replay skips every record up to it. */
export interface StoreSnapshot {
  format: 2;
  journalSeq: number;
  orders: Record<string, OrderPaymentRecord>;
  /** merchantOrderNumber → orderId. */
  links: Record<string, string>;
  /** merchantOrderNumber → the last reserved status-poll slot (epoch ms). */
  pollSlots: Record<string, number>;
  /** Schedule name → the firing times it has claimed (epoch ms, ascending, pruned as claimFiring says). */
  scheduleFiringTimes?: Record<string, number[]>;
  /**
   * The earlier layout: schedule name → its newest claimed firing only. Read when `scheduleFiringTimes` is absent (that
   * one firing counts as claimed); no longer written. Absent in snapshots written before firings were kept at all.
   */
  scheduleFirings?: Record<string, number>;
}

/** One journal line: the order's whole record after the change, a link mapping, or a poll slot. */
interface JournalRecord {
  s: number;
  o?: OrderPaymentRecord;
  /** A merchantOrderNumber now mapped to `o.orderId`. */
  m?: string;
  p?: [merchantOrderNumber: string, slot: number];
  /** A claimed schedule firing (replayed through claimFiring, so its pruning is replayed too; lines of the earlier layout read the same). */
  f?: [schedule: string, firingAt: number];
}

/**
 * Why a journal: the earlier store rewrote files (temp + rename) several times per save. Here every PluginStore
 * mutation is exactly one compact JSON line written with write(2) before its promise resolves (and, per the fsync
 * policy, synced), so a save costs a few microseconds of I/O and a process killed at any point loses nothing it
 * acknowledged. Each line holds the order's whole record after the change, so replaying a line never depends on a
 * half-applied one, and a torn last line (the write the kill interrupted, never acknowledged) is dropped whole.
 *
 * Compaction rotates to a fresh segment and snapshots the in-memory state in the same tick, writes the snapshot
 * (temp + rename, the temp file and the folder synced whatever the fsync policy), and only then deletes the segments
 * it includes: with "never" too, a power cut then loses at most the journal's last unsynced writes, never a snapshot. A crash at any
 * step leaves either the old snapshot with every segment, or the new snapshot with segments whose records it
 * already holds (skipped by sequence number). Every start writes to a fresh segment, so nothing is ever appended
 * after a torn line.
 *
 * One process per data dir: two would each keep their own state in memory, so a lock file keeps a second one out.
 */
export class JournalPluginStore implements PluginStore {
  readonly file: string;
  /** `<stem>.lock` beside the snapshot: the pid of the process using the data dir. */
  readonly lockFile: string;
  readonly fsyncPolicy: FsyncPolicy;
  private readonly compactAfterBytes: number;
  private readonly locks = new KeyedMutex();
  private readonly snapshot: Low<StoreSnapshot | null>;

  private readonly orders = new Map<string, OrderPaymentRecord>();
  private readonly links = new Map<string, string>();
  private readonly pollSlots = new Map<string, number>();
  /** Schedule name → the firing times it has claimed, within FIRINGS_KEPT_MS (see claimFiring). */
  private readonly scheduleFirings = new Map<string, number[]>();
  private readonly openWork = new Set<string>();
  /** Picking's index: each order's payment summary, replaced with its record (a lookup touches no record or link). */
  private readonly summaries = new Map<string, OrderPaymentSummary>();
  private seq = 0;

  private opening: Promise<void> | undefined;
  private loaded = false;
  private closed = false;
  private segmentNumber = 0;
  private segment: JournalSegmentWriter | undefined;
  /** Rotated-out segments still needed until a snapshot that includes them is on disk. */
  private olderSegments: JournalSegmentWriter[] = [];
  /** Files of an earlier layout to delete once a snapshot holds their contents. */
  private migratedFiles: string[] = [];
  private compacting: Promise<void> | undefined;
  /** Whether this store holds the data dir's lock (taken by load, given back by close or a failed load). */
  private lockTaken = false;
  /** Set by the first failed journal write: the error code; every later change is refused until a restart. */
  private stoppedBy: string | undefined;
  /**
   * Another process took the data dir's lock over (this one did not beat within the window): its snapshot, segments
   * and lock file are the new holder's now, so this store writes, renames and deletes nothing more there.
   */
  private lockLost = false;
  private readonly compactionFailures: CompactionFailureLog;

  constructor(private readonly options: JournalPluginStoreOptions = {}) {
    this.file = options.file ?? DEFAULT_STORE_FILE;
    this.lockFile = this.file.replace(/(\.json)?$/, ".lock");
    this.fsyncPolicy = options.fsync ?? DEFAULT_FSYNC_POLICY;
    this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
    // Checked once more just before the snapshot is renamed into place: the lock may have been lost while it was written.
    this.snapshot = new Low(new DurableJsonFile<StoreSnapshot | null>(this.file, () => this.requireLock()), null);
    this.compactionFailures = new CompactionFailureLog(this.file, options.logger);
  }

  /**
   * Takes the data dir's lock, loads the snapshot and replays the journal; every method calls it, a host may call it
   * first to fail fast. A failed open (the dir locked by another process, damage) is retried by the next call.
   */
  open(): Promise<void> {
    this.opening ??= this.load().catch(async (error: unknown) => {
      this.forgetState();
      // A lock this store took is given back, so the retry (or another instance) can take it; another's stays.
      if (this.lockTaken) {
        this.lockTaken = false;
        await releaseDataDirLock(this.lockFile);
      }
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  withOrderLock<T>(orderId: string, fn: () => Promise<T>, options?: OrderLockOptions): Promise<T> {
    // The signal is read only if the order is busy: a free order is locked at once, and a save's deadline, whose
    // signal is made on first read, then never makes one.
    return this.locks.run(`orders/${orderId}`, fn, options && (() => options.signal), () => new OrderBusyError(orderId));
  }

  async getOrder(orderId: string): Promise<OrderPaymentRecord | undefined> {
    if (this.notReady) await this.ready();
    const order = this.orders.get(orderId);
    return order ? copyPlainData(order) : undefined;
  }

  async getOrderStates(orderIds: readonly string[]): Promise<Map<string, OrderPaymentRecord>> {
    if (this.notReady) await this.ready();
    const out = new Map<string, OrderPaymentRecord>();
    for (const id of orderIds) {
      const order = this.orders.get(id);
      if (order && !out.has(id)) out.set(id, copyPlainData(order));
    }
    return out;
  }

  async getPaymentSummaries(orderIds: readonly string[]): Promise<(OrderPaymentSummary | undefined)[]> {
    if (this.notReady) await this.ready();
    return orderIds.map((id) => this.summaries.get(id));
  }

  async orderIdForMerchantOrderNumber(merchantOrderNumber: string): Promise<string | undefined> {
    if (this.notReady) await this.ready();
    return this.links.get(merchantOrderNumber);
  }

  async listOrdersWithOpenWork(): Promise<OrderPaymentRecord[]> {
    if (this.notReady) await this.ready();
    return [...this.openWork].map((id) => copyPlainData(this.orders.get(id)!));
  }

  async nextLinkSequence(orderId: string, orderNumber: string): Promise<number> {
    if (this.notReady) await this.ready();
    return this.commitOrder(orderId, orderNumber, (o) => {
      o.orderNumber = orderNumber;
      return ++o.linkSequence;
    });
  }

  async beginLink(orderId: string, orderNumber: string, intent: (sequence: number) => NewIntent): Promise<IntentRecord> {
    if (this.notReady) await this.ready();
    const sequence = (this.orders.get(orderId)?.linkSequence ?? 0) + 1;
    const record = newIntentRecord(intent(sequence));
    // Sequence, early-callback mapping and intent land in one line, before anything is sent to Svea.
    await this.commitOrder(orderId, orderNumber, (o) => beginLinkIn(o, orderNumber, sequence, record), record.merchantOrderNumber);
    return copyPlainData(record);
  }

  async putLink(orderId: string, link: LinkRecord, options: { finishIntent?: IntentEnd & { id: string } } = {}): Promise<void> {
    if (this.notReady) await this.ready();
    await this.commitOrder(orderId, "", (o) => putLinkIn(o, link, options.finishIntent), link.merchantOrderNumber);
  }

  async startIntent(intent: NewIntent): Promise<IntentRecord> {
    if (this.notReady) await this.ready();
    const record = newIntentRecord(intent);
    await this.commitOrder(intent.orderId, "", (o) => {
      o.intents.push(copyPlainData(record));
    });
    return record;
  }

  async markIntentStep(orderId: string, intentId: string, step: IntentRecord["step"]): Promise<void> {
    if (this.notReady) await this.ready();
    await this.commitOrder(orderId, "", (o) => markIntentStepIn(o, intentId, step));
  }

  async finishIntent(orderId: string, intentId: string, end: IntentEnd): Promise<void> {
    if (this.notReady) await this.ready();
    await this.commitOrder(orderId, "", (o) => endIntent(o, intentId, end));
  }

  async setHostBeingChecked(orderId: string, merchantOrderNumber: string | null): Promise<void> {
    if (this.notReady) await this.ready();
    const order = this.orders.get(orderId);
    // Nothing to note on an order the store does not hold, and nothing to write when it says so already.
    if (!order || order.hostBeingChecked === (merchantOrderNumber ?? undefined)) return;
    await this.commitOrder(orderId, "", (o) => setHostBeingCheckedIn(o, merchantOrderNumber));
  }

  async recordCallback(entry: {
    orderId: string;
    merchantOrderNumber: string;
    receivedAt: number;
  }): Promise<{ entry: CallbackInboxEntry; duplicate: boolean }> {
    if (this.notReady) await this.ready();
    const pending = this.orders.get(entry.orderId)?.inbox.find((e) => e.merchantOrderNumber === entry.merchantOrderNumber && e.processedAt === null);
    // A duplicate changes nothing, so it writes nothing.
    if (pending) return { entry: copyPlainData(pending), duplicate: true };
    return this.commitOrder(entry.orderId, "", (o) => recordCallbackIn(o, entry));
  }

  async markCallbackProcessed(orderId: string, entryId: string, end: { at: number; outcome: string }): Promise<void> {
    if (this.notReady) await this.ready();
    await this.commitOrder(orderId, "", (o) => markCallbackProcessedIn(o, entryId, end));
  }

  async reserve(merchantOrderNumber: string, now: number, gapMs: number, onClockJump?: (discardedSlot: number) => void): Promise<number> {
    if (this.notReady) await this.ready();
    const { slot, discarded } = reservePollSlot(this.pollSlots.get(merchantOrderNumber), now, gapMs);
    const durable = this.append({ s: this.seq + 1, p: [merchantOrderNumber, slot] });
    this.pollSlots.set(merchantOrderNumber, slot);
    this.compactWhenDue();
    await durable;
    if (discarded !== undefined) onClockJump?.(discarded);
    return slot;
  }

  /** Each exact firing time once, as PostgreSQL claims them (claimFiring): an earlier time never claimed is taken. */
  async claimScheduleFiring(schedule: string, firingAt: number): Promise<boolean> {
    if (this.notReady) await this.ready();
    const claimed = claimFiring(this.scheduleFirings.get(schedule), firingAt);
    if (!claimed) return false;
    const durable = this.append({ s: this.seq + 1, f: [schedule, firingAt] });
    this.scheduleFirings.set(schedule, claimed);
    this.compactWhenDue();
    await durable;
    return true;
  }

  /** Snapshots everything journaled so far and deletes the segments the snapshot includes. */
  async compact(): Promise<void> {
    if (this.notReady) await this.ready();
    await this.compactNow();
  }

  /**
   * Waits for syncs and compaction in flight, compacts what the journal holds, and releases the files. A store that
   * lost its lock only closes its files: the data dir is the new holder's (a snapshot written now would go back behind
   * the records it compacted, and the lock file is its). A store stopped by a failed journal write still compacts: it
   * holds the lock, its memory holds exactly the changes that were acknowledged (a failed write changed nothing), and
   * a snapshot is written whole through a temp file or not at all; a failed one loses nothing (the journal stays and
   * the next start replays it), and one that works also keeps what a segment the disk damaged (EIO) may no longer hold.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.opening) return;
    await this.opening.catch(() => {});
    if (!this.loaded) return;
    await this.compacting?.catch(() => {});
    try {
      if ((this.segment!.written > 0 || this.olderSegments.length > 0) && this.holdsLock()) await this.compactNow();
    } catch (error) {
      // Lost while the final compaction ran: already said once (LOCK_LOST), and nothing of the new holder's was touched.
      if (!this.lockLost) throw error;
    } finally {
      for (const segment of [...this.olderSegments, this.segment!]) await segment.close();
      this.lockTaken = false;
      if (this.lockLost) forgetDataDirLock(this.lockFile);
      else await releaseDataDirLock(this.lockFile);
    }
  }

  /** Stopped after a failed write (restart required), or ok. */
  health(): StoreHealth {
    if (this.stoppedBy === undefined) return { status: "ok" };
    return { status: "restart-required", store: this.file, message: storeStoppedMessage(this.file, this.stoppedBy) };
  }

  /** Open and not closed is the usual case: checked without the promise and the tick an awaited ready() costs. */
  private get notReady(): boolean {
    return !this.loaded || this.closed;
  }

  private async ready(): Promise<void> {
    if (this.closed) throw new Error("the plugin store is closed");
    if (!this.loaded) await this.open();
  }

  /**
   * The one write path for order records: the change runs on a new record, the new record is journaled, and only a
   * journal write that returned makes it the state. Nothing awaits between reading the record and writing the line,
   * so mutations of one order never interleave. The new record shares the links, intents and entries the change
   * leaves alone with the one it replaces (the changes replace what they touch, and reads hand out copies), so a
   * write copies what it changes, not the order's whole history.
   */
  private commitOrder<R>(orderId: string, orderNumber: string, change: (order: OrderPaymentRecord) => R, maps?: string): Promise<R> {
    const current = this.orders.get(orderId);
    const next = current ? recordForChange(current) : blankOrderRecord(orderId, orderNumber);
    const result = change(next);
    const durable = this.append(maps === undefined ? { s: this.seq + 1, o: next } : { s: this.seq + 1, o: next, m: maps });
    this.applyOrder(next, maps);
    this.compactWhenDue();
    return durable.then(() => result);
  }

  /**
   * Writes one record (throws if the write fails, before anything changes in memory) and counts it. The first failed
   * write (or batched sync) stops the store: the file may end in a torn line, so every later change is refused with
   * StoreStoppedError until a restart replays the journal into a fresh segment.
   */
  private append(record: JournalRecord): Promise<void> {
    if (this.stoppedBy !== undefined) throw new StoreStoppedError(this.file, this.stoppedBy);
    let durable: Promise<void>;
    try {
      durable = this.segment!.append(JSON.stringify(record));
    } catch (error) {
      throw this.stop(error);
    }
    this.seq = record.s;
    // Only a batched sync can fail after the write returned; the other policies hand back a settled promise.
    return this.fsyncPolicy === "batched" ? durable.catch((error: unknown) => Promise.reject(this.stop(error))) : durable;
  }

  /** Latches the stop and says so once, without the failed write's stack or record. */
  private stop(error: unknown): StoreStoppedError {
    if (error instanceof StoreStoppedError) return error;
    if (this.stoppedBy === undefined) {
      this.stoppedBy = errorCodeOf(error);
      this.options.logger?.error(
        { store: this.file, code: this.stoppedBy, restartRequired: true },
        "the plugin's order store stopped after a failed journal write and must be restarted: every change is refused until then (free the disk space or fix the cause first; the journal replays on restart)",
      );
    }
    return new StoreStoppedError(this.file, this.stoppedBy);
  }

  private compactWhenDue(): void {
    if (this.segment!.written < this.compactAfterBytes || this.compacting) return;
    this.compactNow().then(
      () => this.compactionFailures.succeeded(),
      (error: unknown) => {
        if (this.options.onCompactionError) this.options.onCompactionError(error);
        // A store stopped (a lost lock) said so once already; every other failure reaches the log.
        else if (!(error instanceof StoreStoppedError)) this.compactionFailures.failed(error);
      },
    );
  }

  /**
   * Whether this store still holds the data dir's lock, checked now (a takeover found here stops it, as a beat would).
   * A lock file that cannot be checked (EIO) throws a StoreFileError naming it: nothing is written then either.
   */
  private holdsLock(): boolean {
    if (this.lockLost) return false;
    let held: boolean;
    try {
      held = holdsDataDirLock(this.lockFile);
    } catch (error) {
      throw asStoreFileError(error, this.lockFile, "lock");
    }
    if (!held) this.lockLost = true;
    return held;
  }

  /** Refuses, before anything is written, a compaction of a store that no longer holds the lock. */
  private requireLock(): void {
    if (!this.holdsLock()) throw new StoreStoppedError(this.file, "LOCK_LOST");
  }

  private applyOrder(order: OrderPaymentRecord, maps?: string): void {
    this.orders.set(order.orderId, order);
    this.summaries.set(order.orderId, paymentSummaryOf(order));
    if (maps !== undefined) this.links.set(maps, order.orderId);
    if (hasOpenWork(order)) this.openWork.add(order.orderId);
    else this.openWork.delete(order.orderId);
  }

  private applyRecord(record: JournalRecord): void {
    if (record.o) this.applyOrder(record.o, record.m);
    if (record.p) this.pollSlots.set(record.p[0], record.p[1]);
    if (record.f) this.applyFiring(record.f[0], record.f[1]);
  }

  /** A claim read back (journal replay): taken as it was when written; one the rule refuses now changes nothing. */
  private applyFiring(schedule: string, firingAt: number): void {
    const claimed = claimFiring(this.scheduleFirings.get(schedule), firingAt);
    if (claimed) this.scheduleFirings.set(schedule, claimed);
  }

  private forgetState(): void {
    for (const map of [this.orders, this.links, this.pollSlots, this.scheduleFirings, this.openWork, this.summaries]) map.clear();
    this.loaded = false;
    this.segment = undefined;
    this.seq = 0;
    this.segmentNumber = 0;
    this.olderSegments = [];
    this.migratedFiles = [];
  }

  /** A file that cannot be read or written fails the start with a StoreFileError naming it (never a bare ENOSPC). */
  private async load(): Promise<void> {
    const folder = dirname(this.file);
    await namingStoreFile(folder, "write", () => mkdir(folder, { recursive: true, mode: PRIVATE_DIR_MODE }));
    // Readable but not writable (another user's folder): every save would fail, so the start does, naming the folder.
    await requireWritableDirectory(folder, "the plugin's data folder");
    await namingStoreFile(this.lockFile, "lock", () => takeDataDirLock(this.lockFile, this.lockOptions()));
    this.lockTaken = true;
    await this.snapshot.read();
    const data: unknown = this.snapshot.data;
    if (isShardedLayoutMain(data)) {
      const migrated = await readShardedLayout(this.file, data);
      for (const order of migrated.orders.values()) this.applyOrder(order);
      for (const [merchantOrderNumber, orderId] of migrated.links) this.links.set(merchantOrderNumber, orderId);
      for (const [merchantOrderNumber, slot] of migrated.pollSlots) this.pollSlots.set(merchantOrderNumber, slot);
      this.migratedFiles = migrated.shardFiles;
    } else if (data !== null) {
      const snapshot = checkedSnapshot(this.file, data);
      this.seq = snapshot.journalSeq;
      for (const order of Object.values(snapshot.orders)) this.applyOrder(order);
      for (const [merchantOrderNumber, orderId] of Object.entries(snapshot.links)) this.links.set(merchantOrderNumber, orderId);
      for (const [merchantOrderNumber, slot] of Object.entries(snapshot.pollSlots)) this.pollSlots.set(merchantOrderNumber, slot);
      if (snapshot.scheduleFiringTimes) {
        for (const [schedule, times] of Object.entries(snapshot.scheduleFiringTimes)) this.scheduleFirings.set(schedule, times);
      } else {
        // The earlier layout: only the newest claimed firing per schedule.
        for (const [schedule, newest] of Object.entries(snapshot.scheduleFirings ?? {})) this.scheduleFirings.set(schedule, claimedFromNewest(newest)!);
      }
    }

    // Records up to here are in the snapshot; one after it read twice is another writer's, never a crash's leftover.
    const snapshotSeq = this.seq;
    for (const segment of await namingStoreFile(folder, "read", () => listJournalSegments(this.file))) {
      this.segmentNumber = Math.max(this.segmentNumber, segment.number);
      const onTornTail = (bytes: number) =>
        this.options.logger?.warn(
          { file: segment.path, droppedBytes: bytes },
          "dropped an unfinished last line of the journal (a write cut short by a crash or power cut): that change was not kept",
        );
      const records = await readJournalSegment<JournalRecord>(segment.path, onTornTail);
      for (const [index, record] of records.entries()) {
        // Already in the snapshot: a compaction crashed after writing it, before deleting this segment.
        if (record.s <= snapshotSeq) continue;
        if (record.s <= this.seq) {
          // No compaction, rotation, restart or migration writes a sequence number twice: two processes wrote this
          // data dir at once, and skipping the second record would lose a change they acknowledged without a word.
          throw new JournalCorruptError(
            `${segment.path}: line ${index + 1} repeats journal record ${record.s}, already read: two processes wrote this data dir at once, or an earlier version of this plugin went on writing after a start whose compaction failed (its records from that line on were made from an empty state, and that version skipped them when it started). ${STORE_FILE_ADVICE}`,
          );
        }
        if (record.s !== this.seq + 1) {
          throw new JournalCorruptError(`${segment.path}: journal record ${this.seq + 1} is missing (found ${record.s}). ${STORE_FILE_ADVICE}`);
        }
        this.applyRecord(record);
        this.seq = record.s;
      }
      this.olderSegments.push(new JournalSegmentWriter(segment.path, this.fsyncPolicy));
    }
    this.segment = this.nextSegment();
    // Fold what the last run journaled (and any earlier layout) into the snapshot before new work starts. Loaded only
    // once that worked: a failed start is retried whole by the next call, never served from the maps it cleared.
    if (this.olderSegments.length > 0 || this.migratedFiles.length > 0) await this.compactNow();
    this.loaded = true;
  }

  private lockOptions(): DataDirLockOptions {
    return {
      ...this.options.lock,
      onStaleTakeover: (pid, why) =>
        this.options.logger?.warn(
          { lockFile: this.lockFile, previousPid: pid, why },
          "took over the data dir's lock left by a process that no longer runs or no longer refreshes it (it was killed or crashed, or its container is gone); its journal is replayed",
        ),
      onLost: () => {
        // Recorded even after a failed write stopped the store: its close must not compact either.
        this.lockLost = true;
        if (this.stoppedBy !== undefined) return;
        this.stoppedBy = "LOCK_LOST";
        this.options.logger?.error(
          { store: this.file, lockFile: this.lockFile, code: this.stoppedBy, restartRequired: true },
          "the plugin's order store lost its data dir lock to another process (this one did not refresh it within the stale window: a blocked or paused process, clocks far apart) and refuses every change: restart required, and make sure only one process uses the data dir",
        );
      },
      onRefreshError: (error) =>
        this.options.logger?.warn(
          { lockFile: this.lockFile, error: errorCodeOf(error) },
          "could not refresh the data dir's lock; retried every few seconds: if it stays unrefreshed past the stale window, a process on another host or container may take the data dir over",
        ),
    };
  }

  private compactNow(): Promise<void> {
    const previous = this.compacting?.catch(() => {}) ?? Promise.resolve();
    const run = previous.then(() => this.runCompaction());
    const tracked = run.finally(() => {
      if (this.compacting === tracked) this.compacting = undefined;
    });
    this.compacting = tracked;
    return tracked;
  }

  private async runCompaction(): Promise<void> {
    // Before anything changes: a store that lost its lock neither rotates, nor writes a snapshot, nor deletes a segment
    // (a new holder numbers its segments on from the ones it found, so this store's next number may be one of its).
    this.requireLock();
    // Rotate and capture in one tick: the snapshot holds exactly the records of the segments it replaces.
    const replaced = [...this.olderSegments, this.segment!];
    const migrated = this.migratedFiles;
    this.segment = this.nextSegment();
    this.olderSegments = [];
    this.migratedFiles = [];
    // Records are replaced, never changed in place, so these entries stay as they are now.
    this.snapshot.data = {
      format: 2,
      journalSeq: this.seq,
      orders: Object.fromEntries(this.orders),
      links: Object.fromEntries(this.links),
      pollSlots: Object.fromEntries(this.pollSlots),
      scheduleFiringTimes: Object.fromEntries(this.scheduleFirings),
    };
    try {
      await this.snapshot.write();
    } catch (error) {
      // Keep the replaced segments: they are still the only durable copy of their records.
      this.olderSegments = [...replaced, ...this.olderSegments];
      this.migratedFiles = migrated;
      throw error;
    }
    this.requireLock();
    for (const segment of replaced) {
      await segment.close();
      await namingStoreFile(segment.path, "remove", () => removeIfPresent(segment.path));
    }
    for (const file of migrated) await namingStoreFile(file, "remove", () => removeIfPresent(file));
  }

  private nextSegment(): JournalSegmentWriter {
    this.segmentNumber++;
    return new JournalSegmentWriter(segmentPath(this.file, this.segmentNumber), this.fsyncPolicy);
  }
}

/**
 * The snapshot, if it has the shape this store writes; otherwise one line naming the file, the part at fault and what
 * to do (never its content), instead of a TypeError from deep in load.
 */
function checkedSnapshot(file: string, data: unknown): StoreSnapshot {
  const isMap = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
  const fault = (what: string) => new JournalCorruptError(`${file} does not hold the plugin's store snapshot: ${what}. ${STORE_FILE_ADVICE}`);
  if (!isMap(data)) throw fault("it must be a JSON object");
  const snapshot = data as Partial<Record<keyof StoreSnapshot, unknown>>;
  if (snapshot.format !== 2) {
    throw fault(typeof snapshot.format === "number" ? `its format ${snapshot.format} is not one this plugin version reads (2)` : "its format is missing");
  }
  if (typeof snapshot.journalSeq !== "number" || !Number.isSafeInteger(snapshot.journalSeq) || snapshot.journalSeq < 0) {
    throw fault("journalSeq must be a whole number from 0");
  }
  for (const key of ["orders", "links", "pollSlots"] as const) if (!isMap(snapshot[key])) throw fault(`${key} must be an object`);
  if (snapshot.scheduleFirings !== undefined && !isMap(snapshot.scheduleFirings)) throw fault("scheduleFirings must be an object");
  if (snapshot.scheduleFiringTimes !== undefined) {
    if (!isMap(snapshot.scheduleFiringTimes)) throw fault("scheduleFiringTimes must be an object");
    for (const times of Object.values(snapshot.scheduleFiringTimes as object)) {
      if (!isClaimedFirings(times)) throw fault("each entry of scheduleFiringTimes must be a list of whole numbers");
    }
  }
  let entry = 0;
  for (const [orderId, order] of Object.entries(snapshot.orders as object)) {
    entry++;
    if (!isMap(order) || (order as { orderId?: unknown }).orderId !== orderId) throw fault(`entry ${entry} of orders is not an order record`);
  }
  return data as StoreSnapshot;
}

async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}
