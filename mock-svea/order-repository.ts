// The mock's live state: orders indexed per merchant and by checkout token, and the SMS outbox, made durable through a StateStore.
import type { MockOrder, SmsMessage } from "./mock-svea-schemas.js";
import type { StateChange, StateStore } from "./state/state-store.js";
import type { MockStoreHealth } from "./state/state-store-stopped-error.js";

const FIRST_PAYMENT_ORDER_ID = 8_000_001;

export interface OrderFilter {
  merchantId?: string;
  orderStatus?: MockOrder["orderStatus"];
  limit?: number;
}

/** Puts back what one applied change replaced. */
type Undo = () => void;

/**
 * Orders are immutable values: every change stores a new object. A snapshot can therefore hold references to the
 * live orders while it is being written.
 *
 * A change is applied in memory in the tick it is journaled, before its line is written (a group commit waits a few
 * turns): a request that reads an order next builds on it (a cancel racing a payment sees the payment), as the store's
 * snapshots need. Until the store accepts the line the change is pending, and one the store refuses (a failed write
 * stops it: restart required) is undone, with every change made after it, which the stopped store refuses too. So
 * the refused change is neither served nor snapshotted: its 503 asked for a restart, and the restart would not know it.
 */
export class OrderRepository {
  private byMerchant = new Map<string, Map<string, MockOrder>>();
  private byToken = new Map<string, MockOrder>();
  private sms: SmsMessage[] = [];
  private nextPaymentOrderId = FIRST_PAYMENT_ORDER_ID;
  /** The undo of each change applied but not yet accepted by the store, oldest first. */
  private readonly pending = new Set<Undo>();

  private constructor(private readonly store: StateStore) {}

  /** Loads the persisted state (snapshot, then journal replay) and returns the live repository. */
  static async open(store: StateStore): Promise<OrderRepository> {
    const repo = new OrderRepository(store);
    const { snapshot, changes } = await store.load(() => repo.snapshot());
    if (snapshot) {
      repo.nextPaymentOrderId = Math.max(repo.nextPaymentOrderId, snapshot.nextPaymentOrderId);
      for (const order of snapshot.orders) repo.apply({ op: "order", order });
      for (const sms of snapshot.sms) repo.apply({ op: "sms", sms });
    }
    for (const change of changes) repo.apply(change);
    return repo;
  }

  find(merchantId: string, merchantOrderNumber: string): MockOrder | undefined {
    return this.byMerchant.get(merchantId)?.get(merchantOrderNumber);
  }

  findByToken(token: string): MockOrder | undefined {
    return this.byToken.get(token);
  }

  /** Newest first. */
  list(filter: OrderFilter = {}): MockOrder[] {
    const sources = filter.merchantId ? [this.byMerchant.get(filter.merchantId) ?? new Map()] : [...this.byMerchant.values()];
    const out: MockOrder[] = [];
    for (const orders of sources) for (const order of orders.values()) if (!filter.orderStatus || order.orderStatus === filter.orderStatus) out.push(order);
    out.sort((a, b) => b.paymentOrderId - a.paymentOrderId);
    return filter.limit === undefined ? out : out.slice(0, filter.limit);
  }

  /** Every order, unsorted and uncopied: for the sweeper, which must not pay for a sort per minute. */
  *allOrders(): IterableIterator<MockOrder> {
    for (const orders of this.byMerchant.values()) yield* orders.values();
  }

  get orderCount(): number {
    let n = 0;
    for (const orders of this.byMerchant.values()) n += orders.size;
    return n;
  }

  allocatePaymentOrderId(): number {
    return this.nextPaymentOrderId++;
  }

  /**
   * Stores a new order and the SMS sent for it as one journal record; resolves once durable. The caller has checked
   * that the merchant has no order with this number.
   */
  create(order: MockOrder, sms: SmsMessage | null): Promise<void> {
    return this.change(sms ? { op: "order", order, sms } : { op: "order", order }, 0);
  }

  /** Stores a new or changed order; resolves once durable. */
  save(order: MockOrder): Promise<void> {
    return this.change({ op: "order", order }, this.find(order.merchantId, order.merchantOrderNumber) ? 1 : 0);
  }

  smsOutbox(): readonly SmsMessage[] {
    return this.sms;
  }

  nextSmsId(): number {
    return (this.sms.at(-1)?.id ?? 0) + 1;
  }

  /** Forgets every order and SMS. Payment order ids keep counting up, so an id is never reused. */
  reset(): Promise<void> {
    return this.change({ op: "reset", nextPaymentOrderId: this.nextPaymentOrderId }, this.orderCount + this.sms.length);
  }

  compact(): Promise<void> {
    return this.store.compact();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** The store's health: a store stopped by a failed write needs a restart. */
  storeHealth(): MockStoreHealth {
    return this.store.health?.() ?? { status: "ok" };
  }

  /** `supersedes`: how many stored records the change makes obsolete (see StateStore.append). */
  private change(change: StateChange, supersedes: number): Promise<void> {
    const undo = this.apply(change);
    this.pending.add(undo);
    let accepted: Promise<void>;
    try {
      accepted = this.store.append(change, supersedes);
    } catch (error) {
      accepted = Promise.reject(error);
    }
    return accepted.then(
      () => {
        this.pending.delete(undo);
      },
      (error: unknown) => {
        this.undoFrom(undo);
        throw error;
      },
    );
  }

  /**
   * Undoes a refused change and every change applied after it, newest first, so each puts back what it found. One
   * undone already (with an earlier refused change) is left alone.
   */
  private undoFrom(refused: Undo): void {
    if (!this.pending.has(refused)) return;
    const all = [...this.pending];
    const later = all.slice(all.indexOf(refused)).reverse();
    for (const undo of later) {
      this.pending.delete(undo);
      undo();
    }
  }

  /** Applies one change and returns how to put back what it replaced (payment order ids stay used: never reused). */
  private apply(change: StateChange): Undo {
    switch (change.op) {
      case "order": {
        const { order, sms } = change;
        let orders = this.byMerchant.get(order.merchantId);
        if (!orders) this.byMerchant.set(order.merchantId, (orders = new Map()));
        const before = orders.get(order.merchantOrderNumber);
        const tokenBefore = this.byToken.get(order.token);
        orders.set(order.merchantOrderNumber, order);
        this.byToken.set(order.token, order);
        if (order.paymentOrderId >= this.nextPaymentOrderId) this.nextPaymentOrderId = order.paymentOrderId + 1;
        if (sms) this.sms.push(sms);
        const merchantOrders = orders;
        return () => {
          if (sms) this.unsend(sms);
          putBack(this.byToken, order.token, tokenBefore);
          putBack(merchantOrders, order.merchantOrderNumber, before);
        };
      }
      case "sms": {
        const { sms } = change;
        this.sms.push(sms);
        return () => this.unsend(sms);
      }
      case "reset": {
        const before = { byMerchant: this.byMerchant, byToken: this.byToken, sms: this.sms };
        this.byMerchant = new Map();
        this.byToken = new Map();
        this.sms = [];
        this.nextPaymentOrderId = Math.max(this.nextPaymentOrderId, change.nextPaymentOrderId);
        return () => {
          ({ byMerchant: this.byMerchant, byToken: this.byToken, sms: this.sms } = before);
        };
      }
    }
  }

  /** Takes an SMS of an undone change out of the outbox: it was never sent as far as anyone after a restart knows. */
  private unsend(sms: SmsMessage): void {
    const at = this.sms.lastIndexOf(sms);
    if (at !== -1) this.sms.splice(at, 1);
  }

  private snapshot() {
    return { nextPaymentOrderId: this.nextPaymentOrderId, orders: [...this.allOrders()], sms: [...this.sms] };
  }
}

/** Sets `key` back to `value`, or removes it where there was none. */
function putBack<V>(map: Map<string, V>, key: string, value: V | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}
