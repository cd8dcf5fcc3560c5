// The persistence port of the mock: what a change record and a snapshot are, and what every store implementation must do.
import type { MockStoreHealth } from "./state-store-stopped-error.js";
import type { MockOrder, SmsMessage } from "../mock-svea-schemas.js";

/**
 * One change to the mock's state, journaled as it happens. Orders are written whole: the record replaces the order. A
 * new order and the SMS sent for it are one record (one line to write and replay); a lone "sms" record is the older
 * layout, still read.
 */
export type StateChange =
  | { op: "order"; order: MockOrder; sms?: SmsMessage }
  | { op: "sms"; sms: SmsMessage }
  | { op: "reset"; nextPaymentOrderId: number };

/** Everything the mock keeps across restarts, at one point in time. */
export interface StateSnapshot {
  version: 1;
  /** The sequence number of the last change contained in this snapshot; journal records up to it are skipped on replay. */
  lastSeq: number;
  nextPaymentOrderId: number;
  orders: MockOrder[];
  sms: SmsMessage[];
}

export type SnapshotSource = () => Omit<StateSnapshot, "version" | "lastSeq">;

export interface LoadedState {
  snapshot: StateSnapshot | null;
  /** The changes made after the snapshot, oldest first. */
  changes: StateChange[];
}

export interface StateStore {
  /** Reads what was persisted. `source` is how the store later takes snapshots of the live state for compaction. */
  load(source: SnapshotSource): Promise<LoadedState>;
  /**
   * Persists one change; resolves once it is durable. The caller applies the change in memory in the same tick, so a
   * snapshot taken at any moment contains exactly the changes appended before it, and undoes it when this rejects: a
   * refused change never reaches a snapshot (a compaction whose replaced lines were refused writes none), and every
   * change appended after a refused one is refused too. `supersedes` counts the records the
   * change makes obsolete (1 for a changed order, every record for a reset, 0 for a new one): only those make a
   * compaction worth its cost.
   */
  append(change: StateChange, supersedes: number): Promise<void>;
  /** Folds the journal into a snapshot. */
  compact(): Promise<void>;
  /** Flushes everything pending and releases files. */
  close(): Promise<void>;
  /** Whether the store still takes changes; one stopped by a failed write says a restart is required. */
  health?(): MockStoreHealth;
}

/** Orders and SMS a change adds to the state when it supersedes nothing. */
export function recordsAdded(change: StateChange): number {
  switch (change.op) {
    case "order":
      return change.sms ? 2 : 1;
    case "sms":
      return 1;
    case "reset":
      return 0;
  }
}
