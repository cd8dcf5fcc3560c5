// PluginStore over any key-value document storage (the host's HostStorage, or the embedded lowdb file): one document per order.
import type { HostStorage } from "../host-contract/plugin-api.js";
import { KeyedMutex } from "./keyed-mutex.js";
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
  setHostBeingCheckedIn,
} from "./order-record-changes.js";
import { copyPlainData } from "./plain-data-copy.js";
import { claimFiring, claimedFromNewest } from "./schedule-firing-claims.js";
import { reservePollSlot } from "../svea-client/poll-slot-rule.js";
import {
  OrderBusyError,
  hasOpenWork,
  linkOpensWork,
  type CallbackInboxEntry,
  type IntentEnd,
  type IntentRecord,
  type LinkRecord,
  type NewIntent,
  type OrderLockOptions,
  type OrderPaymentRecord,
  type PluginStore,
} from "./plugin-store.js";

const orderKey = (orderId: string) => `orders/${orderId}`;
const linkKey = (merchantOrderNumber: string) => `links/${merchantOrderNumber}`;
const pollKey = (merchantOrderNumber: string) => `poll/${merchantOrderNumber}`;
/** The earlier layout: a schedule's newest claimed firing only. Read (never written) while the key below is absent. */
const newestFiringKey = (schedule: string) => `schedule-firings/${schedule}`;
/** The firing times a schedule has claimed, within FIRINGS_KEPT_MS (see claimFiring). */
const firingTimesKey = (schedule: string) => `schedule-firing-times/${schedule}`;
/** The open-work index is split in buckets so adding one order never rewrites a list of every open order. */
const OPEN_WORK_BUCKETS = 64;
const openWorkKey = (orderId: string) => `index/open-work/${bucketOf(orderId)}`;
const ALL_OPEN_WORK_KEYS = Array.from({ length: OPEN_WORK_BUCKETS }, (_, i) => `index/open-work/${i}`);

function bucketOf(orderId: string): number {
  let hash = 0;
  for (let i = 0; i < orderId.length; i++) hash = (Math.imul(hash, 31) + orderId.charCodeAt(i)) | 0;
  return (hash >>> 0) % OPEN_WORK_BUCKETS;
}

/**
 * Layout: `orders/<orderId>` holds the order's links, intents and inbox; `links/<merchantOrderNumber>` maps back to the
 * order; `index/open-work/<bucket>` list the orders sweeps must visit (orders leave when settled);
 * `poll/<merchantOrderNumber>` is the last status-poll slot; `schedule-firing-times/<schedule>` the firing times the
 * schedule has claimed (`schedule-firings/<schedule>`, the earlier layout's newest claimed firing, is read until then).
 *
 * Crash order: an order joins the open-work index before the write that opens work and leaves it after the write that
 * settles it, and a link's reverse mapping is written before the link, so a crash leaves at worst a stale index entry
 * (skipped and pruned) — never unreachable open work.
 */
export class DocumentPluginStore implements PluginStore {
  private readonly locks = new KeyedMutex();
  /** Short per-order lock around one document write and its index upkeep (the callback route takes only this one). */
  private readonly documentLocks = new KeyedMutex();
  /** What this process believes is in the open-work index; saves an index write per mutation. */
  private openWork: Set<string> | undefined;
  /** Orders whose index membership this process has established (added or removed) since it started. */
  private readonly indexKnown = new Set<string>();
  /** Orders with open work this process has seen listed in the index (or put there): see indexUnlistedOpenWork. */
  private readonly indexChecked = new Set<string>();
  /**
   * Picking's index: each order's payment summary (null: no document), filled on first read and replaced on every
   * write through this store. It holds because this store is the only writer of its `orders/` keys, as the host
   * contract asks of HostStorage (HostStorage cannot list keys, so it is filled per order rather than at start).
   */
  private readonly summaries = new Map<string, OrderPaymentSummary | null>();
  /** Writes whose outcome is unknown (update threw); a summary read that overlaps one is not kept. */
  private failedWrites = 0;
  private closed = false;

  constructor(
    private readonly storage: HostStorage,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  withOrderLock<T>(orderId: string, fn: () => Promise<T>, options?: OrderLockOptions): Promise<T> {
    return this.locks.run(orderKey(orderId), fn, options?.signal, () => new OrderBusyError(orderId));
  }

  async getOrder(orderId: string): Promise<OrderPaymentRecord | undefined> {
    this.assertOpen();
    const order = await this.storage.read<OrderPaymentRecord>(orderKey(orderId));
    return order ? copyPlainData(order) : undefined;
  }

  async getOrderStates(orderIds: readonly string[]): Promise<Map<string, OrderPaymentRecord>> {
    const orders = await this.readOrders(orderIds);
    await this.indexUnlistedOpenWork([...orders.values()]);
    return orders;
  }

  private async readOrders(orderIds: readonly string[]): Promise<Map<string, OrderPaymentRecord>> {
    this.assertOpen();
    const unique = [...new Set(orderIds)];
    const found = await Promise.all(unique.map((id) => this.storage.read<OrderPaymentRecord>(orderKey(id))));
    const out = new Map<string, OrderPaymentRecord>();
    unique.forEach((id, i) => {
      const order = found[i];
      if (order) out.set(id, copyPlainData(order));
    });
    return out;
  }

  async getPaymentSummaries(orderIds: readonly string[]): Promise<(OrderPaymentSummary | undefined)[]> {
    this.assertOpen();
    const out = new Array<OrderPaymentSummary | undefined>(orderIds.length);
    /** Positions of ids the index does not know yet (null is known: the order has no document). */
    const unknown: number[] = [];
    for (let i = 0; i < orderIds.length; i++) {
      const summary = this.summaries.get(orderIds[i]!);
      if (summary === undefined) unknown.push(i);
      else out[i] = summary ?? undefined;
    }
    if (unknown.length > 0) {
      const read = await this.readSummaries([...new Set(unknown.map((i) => orderIds[i]!))]);
      for (const i of unknown) out[i] = read.get(orderIds[i]!) ?? undefined;
    }
    return out;
  }

  /** Reads summaries the index does not hold yet from the storage, and keeps them unless a write overlapped. */
  private async readSummaries(orderIds: string[]): Promise<Map<string, OrderPaymentSummary | null>> {
    const failuresBefore = this.failedWrites;
    const found = await Promise.all(orderIds.map((id) => this.storage.read<OrderPaymentRecord>(orderKey(id))));
    const keep = this.failedWrites === failuresBefore;
    const read = new Map<string, OrderPaymentSummary | null>();
    orderIds.forEach((id, i) => {
      const summary = found[i] ? paymentSummaryOf(found[i]) : null;
      read.set(id, summary);
      // A write through this store while the read ran has already put the newer summary in place.
      if (keep && !this.summaries.has(id)) this.summaries.set(id, summary);
    });
    await this.indexUnlistedOpenWork(found.filter((order) => order !== undefined));
    return read;
  }

  async orderIdForMerchantOrderNumber(merchantOrderNumber: string): Promise<string | undefined> {
    this.assertOpen();
    return this.storage.read<string>(linkKey(merchantOrderNumber));
  }

  async listOrdersWithOpenWork(): Promise<OrderPaymentRecord[]> {
    const ids = (await Promise.all(ALL_OPEN_WORK_KEYS.map((key) => this.storage.read<string[]>(key)))).flatMap((b) => b ?? []);
    for (const id of ids) this.indexChecked.add(id);
    const orders = await this.readOrders(ids);
    const open = [...orders.values()].filter(hasOpenWork);
    const stale = ids.filter((id) => !open.some((o) => o.orderId === id));
    for (const id of stale) {
      // Re-checked under the document lock: the callback route may have opened work since the read above.
      await this.documentLocks.run(id, async () => {
        const order = await this.storage.read<OrderPaymentRecord>(orderKey(id));
        if (!order || !hasOpenWork(order)) await this.removeFromIndex([id]);
      });
    }
    return open;
  }

  async nextLinkSequence(orderId: string, orderNumber: string): Promise<number> {
    const order = await this.mutateOrder(orderId, false, (o) => {
      o.orderNumber = orderNumber;
      o.linkSequence += 1;
    }, orderNumber);
    return order.linkSequence;
  }

  async beginLink(orderId: string, orderNumber: string, intent: (sequence: number) => NewIntent): Promise<IntentRecord> {
    this.assertOpen();
    const sequence = ((await this.storage.read<OrderPaymentRecord>(orderKey(orderId)))?.linkSequence ?? 0) + 1;
    const record = newIntentRecord(intent(sequence));
    // Both before the order's write: the index so a crash leaves the intent visible, the mapping for early callbacks.
    await Promise.all([
      this.documentLocks.run(orderId, () => this.addToIndex(orderId)),
      this.storage.update<string>(linkKey(record.merchantOrderNumber), () => orderId),
    ]);
    await this.mutateOrder(orderId, true, (o) => beginLinkIn(o, orderNumber, sequence, record), orderNumber);
    return record;
  }

  async putLink(orderId: string, link: LinkRecord, options: { finishIntent?: IntentEnd & { id: string } } = {}): Promise<void> {
    this.assertOpen();
    if ((await this.storage.read<string>(linkKey(link.merchantOrderNumber))) !== orderId) {
      await this.storage.update<string>(linkKey(link.merchantOrderNumber), () => orderId);
    }
    await this.mutateOrder(orderId, linkOpensWork(link), (o) => putLinkIn(o, link, options.finishIntent));
  }

  async startIntent(intent: NewIntent): Promise<IntentRecord> {
    const record = newIntentRecord(intent);
    await this.mutateOrder(intent.orderId, true, (o) => {
      o.intents.push(copyPlainData(record));
    });
    return record;
  }

  async markIntentStep(orderId: string, intentId: string, step: IntentRecord["step"]): Promise<void> {
    await this.mutateOrder(orderId, false, (o) => markIntentStepIn(o, intentId, step));
  }

  async finishIntent(orderId: string, intentId: string, end: IntentEnd): Promise<void> {
    await this.mutateOrder(orderId, false, (o) => endIntent(o, intentId, end));
  }

  async setHostBeingChecked(orderId: string, merchantOrderNumber: string | null): Promise<void> {
    this.assertOpen();
    // Nothing to note on an order the store does not hold, and nothing to write when it says so already.
    const current = await this.storage.read<OrderPaymentRecord>(orderKey(orderId));
    if (!current || current.hostBeingChecked === (merchantOrderNumber ?? undefined)) return;
    await this.mutateOrder(orderId, merchantOrderNumber !== null, (o) => setHostBeingCheckedIn(o, merchantOrderNumber));
  }

  async recordCallback(entry: {
    orderId: string;
    merchantOrderNumber: string;
    receivedAt: number;
  }): Promise<{ entry: CallbackInboxEntry; duplicate: boolean }> {
    let result!: { entry: CallbackInboxEntry; duplicate: boolean };
    await this.mutateOrder(entry.orderId, true, (o) => {
      result = recordCallbackIn(o, entry);
    });
    return result;
  }

  async markCallbackProcessed(orderId: string, entryId: string, end: { at: number; outcome: string }): Promise<void> {
    await this.mutateOrder(orderId, false, (o) => markCallbackProcessedIn(o, entryId, end));
  }

  async reserve(merchantOrderNumber: string, now: number, gapMs: number, onClockJump?: (discardedSlot: number) => void): Promise<number> {
    this.assertOpen();
    let discarded: number | undefined;
    const slot = await this.storage.update<number>(pollKey(merchantOrderNumber), (last) => {
      const reservation = reservePollSlot(last, now, gapMs);
      discarded = reservation.discarded;
      return reservation.slot;
    });
    if (discarded !== undefined) onClockJump?.(discarded);
    return slot;
  }

  /**
   * Each exact firing time once, as PostgreSQL claims them (claimFiring), in one update of the schedule's document, so
   * hosts sharing the storage claim each firing once between them; an earlier time never claimed is taken.
   */
  async claimScheduleFiring(schedule: string, firingAt: number): Promise<boolean> {
    this.assertOpen();
    // Read before the update rather than inside it: a host's update may hold its key's lock while the function runs.
    const earlierLayout = claimedFromNewest(await this.storage.read<number>(newestFiringKey(schedule)));
    let claimed = false;
    await this.storage.update<number[]>(firingTimesKey(schedule), (current) => {
      const times = current ?? earlierLayout ?? [];
      const next = claimFiring(times, firingAt);
      claimed = next !== undefined;
      return next ?? times;
    });
    return claimed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.onClose();
  }

  /** One atomic read-modify-write of an order's document, keeping the open-work index right around it. */
  private async mutateOrder(
    orderId: string,
    opensWork: boolean,
    change: (order: OrderPaymentRecord) => void,
    orderNumber = "",
  ): Promise<OrderPaymentRecord> {
    this.assertOpen();
    return this.documentLocks.run(orderId, async () => {
      if (opensWork) await this.addToIndex(orderId);
      let isNew = false;
      const updated = await this.updateOrderDocument(orderId, (current) => {
        isNew = current === undefined;
        const order = current ? copyPlainData(current) : blankOrderRecord(orderId, orderNumber);
        change(order);
        return order;
      });
      // A document that did not exist cannot be in the index (unless this very call added it).
      if (isNew && !opensWork) this.indexKnown.add(orderId);
      if (!hasOpenWork(updated) && (!this.indexKnown.has(orderId) || this.openWork?.has(orderId))) {
        await this.removeFromIndex([orderId]);
      }
      return copyPlainData(updated);
    });
  }

  /**
   * Puts in the open-work index the orders among `read` whose documents have open work but that the index does not list:
   * what an earlier version wrote when its rule did not count that work (before fd5ce75 a paid link whose after-payment
   * call lost its answer was none), so reconcile would never visit them. HostStorage cannot list its keys, so they are
   * found as reads bring them up: the order list's payment views, picking. Checked once per order and process: one read
   * of each bucket involved, and for an order the index lacks, under its document lock and against its document as it
   * is then, the write that adds it. A failed write is left for the next read to retry: the read itself still answers.
   */
  private async indexUnlistedOpenWork(read: readonly OrderPaymentRecord[]): Promise<void> {
    const unchecked = read.filter((o) => !this.indexChecked.has(o.orderId) && !this.openWork?.has(o.orderId) && hasOpenWork(o)).map((o) => o.orderId);
    if (unchecked.length === 0) return;
    const keys = [...new Set(unchecked.map(openWorkKey))];
    const listed = new Set((await Promise.all(keys.map((key) => this.storage.read<string[]>(key)))).flatMap((ids) => ids ?? []));
    await Promise.all(
      unchecked.map((orderId) =>
        listed.has(orderId)
          ? this.indexChecked.add(orderId)
          : this.documentLocks
              .run(orderId, async () => {
                const current = await this.storage.read<OrderPaymentRecord>(orderKey(orderId));
                if (current && hasOpenWork(current)) await this.addToIndex(orderId);
                this.indexChecked.add(orderId);
              })
              .catch(() => {
                // The host's storage refused the write: the next read of this order tries again.
              }),
      ),
    );
  }

  private async addToIndex(orderId: string): Promise<void> {
    if (this.openWork?.has(orderId)) return;
    await this.storage.update<string[]>(openWorkKey(orderId), (current) =>
      current?.includes(orderId) ? current : [...(current ?? []), orderId],
    );
    (this.openWork ??= new Set()).add(orderId);
    this.indexKnown.add(orderId);
  }

  private async removeFromIndex(orderIds: string[]): Promise<void> {
    for (const orderId of orderIds) {
      await this.storage.update<string[]>(openWorkKey(orderId), (current) => (current ?? []).filter((id) => id !== orderId));
      this.openWork?.delete(orderId);
      this.indexKnown.add(orderId);
    }
  }

  /** The only write of `orders/` documents; keeps picking's summaries in step with it. */
  private async updateOrderDocument(
    orderId: string,
    fn: (current: OrderPaymentRecord | undefined) => OrderPaymentRecord,
  ): Promise<OrderPaymentRecord> {
    try {
      const updated = await this.storage.update<OrderPaymentRecord>(orderKey(orderId), fn);
      this.summaries.set(orderId, paymentSummaryOf(updated));
      return updated;
    } catch (error) {
      // The write may or may not have landed: the next read asks the storage again.
      this.summaries.delete(orderId);
      this.failedWrites++;
      throw error;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("the plugin store is closed");
  }
}
