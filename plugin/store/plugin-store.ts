// The plugin's one storage interface: per-order locks, link history, intents, the callback inbox, poll slots.
import type { StoreHealth } from "./store-stopped-error.js";
import type { OrderItem, OrderStatus } from "../../common/svea-instore-types.js";
import type { LinkState } from "../host-contract/host-contract-types.js";
import type { PollSlotStore } from "../svea-client/svea-instore-client.js";
import type { AfterPaymentRecord } from "./after-payment-record.js";
import type { OrderPaymentSummary } from "./order-payment-summary.js";

/** Why a link left waiting (or never got there). Shown to the clerk and kept in the history. */
export type LinkReason =
  | "reissued"
  | "deleted"
  | "declined"
  | "expired"
  | "timeout"
  | "svea-unavailable"
  | "svea-rejected"
  | "svea-unauthorized"
  /** Not Svea's doing: the plugin could not store its work (a full disk, its store or the host failing). */
  | "local-failure"
  | "renewed"
  | "replaced"
  /** The order was switched to another payment method (left Svea Instore): its link was cancelled, none replaces it. */
  | "method-changed";

/**
 * Something the clerk must look at: the customer paid inside the window between a status read and a cancel
 * (paid-then-credited), or paid a link the order no longer uses while it has another payment (extra-payment), or paid
 * for another version of the order than the host holds now (paid-other-version).
 */
export type LinkFlag = "paid-then-credited" | "extra-payment" | "paid-other-version";

/** One payment link an order has had. Links are never deleted: the history is the audit trail. */
export interface LinkRecord {
  merchantOrderNumber: string;
  /** The order's link sequence number that made merchantOrderNumber unique. */
  sequence: number;
  state: LinkState;
  instoreUiUri: string | null;
  /** Svea's reference. */
  paymentOrderId: number | null;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms: createdAt + minutesUntilLinkExpires. */
  expiresAt: number;
  /** buildSveaOrder's fingerprint of what Svea received. */
  fingerprint: string;
  canceledByPlugin: boolean;
  reason: LinkReason | null;
  /** Free text from Svea's refusal (never secrets), for failed links: the plugin's words in English. */
  detail?: string | null;
  /**
   * The same in the clerk's languages (Svea's own field texts inside stay as Svea wrote them; never secrets), for failed
   * links. Absent on links stored before it was kept: their label falls back to `detail`.
   */
  localizedDetail?: { sv: string; en: string } | null;
  smsSentSuccessfully: boolean | null;
  /** The create may have reached Svea without us seeing the answer: read the status before renewing. */
  mayExistAtSvea: boolean;
  flags: LinkFlag[];
  /** When a valid callback for this link was last received (epoch ms). */
  callbackAt: number | null;
  /** When the plugin last read this link's status at Svea (epoch ms). */
  checkedAt: number | null;
  /**
   * What Svea last reported for this link (its create's answer, a status read, a cancel that landed). An expired link
   * Svea reported Canceled is ended there, and is not read again; one it reported Active (Svea's expiry is later than
   * the plugin's) may still be paid. Absent on links never read, and on links stored before it was kept.
   */
  sveaStatus?: OrderStatus;
  /** Filled when paid: Svea's paymentMethodType and paymentType. */
  paymentMethod?: string | null;
  paymentType?: string | null;
  /**
   * What Svea received as deferredDelivery: true, the shop delivers through order.deliver; false, Svea marked the
   * order delivered when it was paid. Absent on links stored before it was kept (and on links rebuilt from an intent
   * written before then).
   */
  deferredDelivery?: boolean;
  /**
   * What Svea was asked to charge for this link: the host's total in minor units (exact, as a decimal string). Once
   * paid, a save of a changed order compares the new total with it. Absent on links stored before it was kept.
   */
  amount?: LinkAmount;
  /**
   * Paid links: the items Svea's status listed when the link turned paid (what the customer paid for). Credits and
   * deliveries on an order changed since read them here instead of asking Svea again. Absent on links paid before.
   */
  paidItems?: OrderItem[];
  /** Paid links only, once credited, delivered or annulled (order.credit / order.deliver / order.annul). */
  afterPayment?: AfterPaymentRecord;
  /**
   * Found paid inside a hook, and the host has not yet taken the paid update (it threw, or the process stopped before
   * it was sent): reconcile tells the host again until it does. Absent once told.
   */
  hostUntold?: boolean;
  /**
   * Turned paid while another link of the order was one the plugin holds as ended that Svea may still let the customer
   * pay (an expired link Svea was not seen to end, a create failed for good past its window): set in the same write as
   * the paid state, and taken off once those links were read (and cancelled if Active). Until then the order is work a
   * stopped process may have left half-done, so a process stopped before it ended them, or a failed write of a cancel's
   * intent, leaves reconcile to end them instead of leaving a second payable link beside the payment. Absent otherwise.
   */
  endLinksBeside?: boolean;
  /**
   * Paid links only: when the plugin learned (epoch ms) that a cancel it sent this link, whose answer was lost, may still
   * be in Svea's queue: the customer paid before it ran, and if it runs it credits the payment. Until reconcile reads
   * the link past the outcome window (or finds it credited), the payment is not taken as standing: picking holds it back
   * (refund-unknown) and the order stays on reconcile's list. Absent otherwise.
   */
  cancelMayLand?: number;
  /**
   * When a cancel of this link whose outcome was never learned was sent (epoch ms): its intent was closed on a read that
   * still said Active, while Svea may hold the cancel in its queue. A payment found within CANCEL_OUTCOME_WINDOW_MS of it
   * is marked cancelMayLand. Absent on links no such cancel was sent.
   */
  cancelSentAt?: number;
}

export interface LinkAmount {
  currency: string;
  minor: string;
}

export type IntentKind = "create" | "cancel" | "reissue";

/**
 * Written BEFORE a Svea call that changes something, closed after its answer is stored. An intent still open after
 * a crash or a lost answer is what reconcile settles.
 */
export interface IntentRecord {
  id: string;
  orderId: string;
  kind: IntentKind;
  /** create/reissue: the link being created; cancel: the link being cancelled. */
  merchantOrderNumber: string;
  /** reissue: the link being replaced. */
  replaces: string | null;
  /** create/reissue: the new link's sequence and fingerprint, so reconcile can adopt a link whose answer was lost. */
  sequence: number | null;
  fingerprint: string | null;
  /** create/reissue: the deferredDelivery the create sends, so a link rebuilt from this intent knows it too. */
  deferredDelivery?: boolean;
  /** create/reissue: what the create asks Svea to charge, for the same reason. */
  amount?: LinkAmount;
  /** reissue progress: the old link is cancelled but the new one not yet created. */
  step: "started" | "old-cancelled";
  startedAt: number;
  completedAt: number | null;
  abandonedAt: number | null;
  outcome: string | null;
  /**
   * cancel: nothing is sent under this intent. It records that the order no longer wants a create that has not reached
   * Svea (a delete), so reconcile cancels the link if it lands instead of adopting it. Absent on every other intent.
   */
  sendsNothing?: true;
  /**
   * cancel: sent by reconcile to settle the create intent with this id (a create the order no longer wants), not a
   * cancel the order itself asked for (a delete, a replacement). Absent on every other intent.
   */
  settlesIntent?: string;
}

/** A callback as received, before anything is believed: processing reads the status at Svea. */
export interface CallbackInboxEntry {
  id: string;
  orderId: string;
  merchantOrderNumber: string;
  receivedAt: number;
  processedAt: number | null;
  outcome: string | null;
}

/** Everything the plugin keeps about one host order. */
export interface OrderPaymentRecord {
  orderId: string;
  /** The host's order number, as last seen (part of every merchantOrderNumber). */
  orderNumber: string;
  /** The last link sequence handed out; the next link gets linkSequence + 1. */
  linkSequence: number;
  /** Oldest first; the last one is the current link. */
  links: LinkRecord[];
  intents: IntentRecord[];
  inbox: CallbackInboxEntry[];
  /**
   * The create (its merchantOrderNumber) the host's last update said was being checked (failed with beingChecked), as
   * far as the host took it; absent once the host took an update that says anything else. Reconcile tells the host
   * again only what differs from it, so a create still being checked is told once, and a settled one until the host
   * takes it. Absent on records written before it was kept.
   */
  hostBeingChecked?: string;
}

export type NewIntent = Omit<IntentRecord, "completedAt" | "abandonedAt" | "outcome" | "step" | "sequence" | "fingerprint"> &
  Partial<Pick<IntentRecord, "step" | "sequence" | "fingerprint">>;

export interface IntentEnd {
  at: number;
  outcome: string;
  abandoned?: boolean;
}

export interface OrderLockOptions {
  /** Gives up waiting for the lock (never interrupts `fn` once it runs); the call rejects with OrderBusyError. */
  signal?: AbortSignal;
}

/**
 * Storage behind the plugin. Every mutation is atomic on its own and durable when its promise resolves, so the
 * callback route can record into the inbox without waiting for an order's lock. Reads return copies.
 *
 * The PostgreSQL store (postgres-plugin-store.ts) implements it for hosts on several machines: `withOrderLock` takes
 * a lease row per order, and poll slots and schedule firings are rows every node sees.
 */
export interface PluginStore extends PollSlotStore {
  /**
   * Serializes all work on one order (save, delete, callback processing, sweeps, checks) within this process (and,
   * for the PostgreSQL store, across every node sharing the database). The one call let in while the order is held
   * is the host's, from inside the holder's call into the host (see held-locks.ts); every other call waits.
   */
  withOrderLock<T>(orderId: string, fn: () => Promise<T>, options?: OrderLockOptions): Promise<T>;

  getOrder(orderId: string): Promise<OrderPaymentRecord | undefined>;
  /** One batched read of whole records for many orders (payment views). Orders without a record are absent from the map. */
  getOrderStates(orderIds: readonly string[]): Promise<Map<string, OrderPaymentRecord>>;
  /**
   * Picking's batched read: per id, in the order given, whether any link is paid and the current link's state
   * (undefined where the store holds nothing). Answered from memory in one pass; the summaries are shared and frozen.
   */
  getPaymentSummaries(orderIds: readonly string[]): Promise<(OrderPaymentSummary | undefined)[]>;
  orderIdForMerchantOrderNumber(merchantOrderNumber: string): Promise<string | undefined>;
  /** Orders with a waiting or failed link, an open intent or an unprocessed callback: what sweeps look at. */
  listOrdersWithOpenWork(): Promise<OrderPaymentRecord[]>;

  /** Hands out the order's next link sequence (1, 2, …), creating the record on first use. */
  nextLinkSequence(orderId: string, orderNumber: string): Promise<number>;
  /**
   * Starts a new link in as few durable writes as possible, before anything is sent to Svea: hands out the next
   * sequence, maps the new merchantOrderNumber to the order (so an early callback finds it) and writes the intent.
   * Call it under the order's lock; a concurrent allocation of the same sequence is refused.
   */
  beginLink(orderId: string, orderNumber: string, intent: (sequence: number) => NewIntent): Promise<IntentRecord>;
  /**
   * Inserts the link, or replaces the one with the same merchantOrderNumber; maps merchantOrderNumber → orderId.
   * `finishIntent` closes an intent in the same write (the answer and the intent's end land together).
   */
  putLink(orderId: string, link: LinkRecord, options?: { finishIntent?: IntentEnd & { id: string } }): Promise<void>;

  startIntent(intent: NewIntent): Promise<IntentRecord>;
  markIntentStep(orderId: string, intentId: string, step: IntentRecord["step"]): Promise<void>;
  /** Closes an intent: completed (its answer is stored) or abandoned (reconcile gave up on it, with the reason). */
  finishIntent(orderId: string, intentId: string, end: IntentEnd): Promise<void>;

  /**
   * Notes which create the host was last told is being checked (null: the host's last update said something else).
   * Written only after the host took the update; a record that already says so is left as it is.
   */
  setHostBeingChecked(orderId: string, merchantOrderNumber: string | null): Promise<void>;

  /** Records a callback durably. A callback for a link that already has an unprocessed entry is a duplicate. */
  recordCallback(entry: { orderId: string; merchantOrderNumber: string; receivedAt: number }): Promise<{ entry: CallbackInboxEntry; duplicate: boolean }>;
  markCallbackProcessed(orderId: string, entryId: string, end: { at: number; outcome: string }): Promise<void>;

  /**
   * Claims one firing of a schedule (`firingAt`: the slot's time, epoch ms, not when a node got round to it). True
   * for the first claim of that (schedule, firingAt) across every process sharing the store, false after: the
   * caller that gets false skips the run. Durable, so a node that fires late, or after a restart, still finds it.
   */
  claimScheduleFiring(schedule: string, firingAt: number): Promise<boolean>;

  /** Flushes and releases files; the store is unusable afterwards. */
  close(): Promise<void>;

  /** Whether the store still takes changes; a store that stopped after a failed write says a restart is required. */
  health?(): StoreHealth;
}

export class OrderBusyError extends Error {
  readonly code = "order-busy";
  readonly status = 409;
  constructor(readonly orderId: string) {
    super(`order ${orderId} is busy: another operation holds its lock`);
    this.name = "OrderBusyError";
  }
}

/**
 * This process lost the order's lock while it worked (another node took the order over), and its next write was
 * refused: what it sent to Svea before that is not recorded here, and is settled like a lost answer (an open intent,
 * a pending after-payment call). The clerk is told the outcome is not known yet, not that the order is busy.
 */
export class OrderTakenOverError extends OrderBusyError {
  constructor(orderId: string, message: string) {
    super(orderId);
    this.message = message;
    this.name = "OrderTakenOverError";
  }
}

/** A create, re-issue or cancel started and not yet settled (its Svea answer may have been lost). */
export function isOpenIntent(intent: IntentRecord): boolean {
  return intent.completedAt === null && intent.abandonedAt === null;
}

/** A paid link with an after-payment call (a credit, a delivery, an annulment) whose answer has not been stored. */
function awaitsAfterPaymentAnswer(link: LinkRecord): boolean {
  return (link.afterPayment?.pending ?? null) !== null;
}

/**
 * An expired link the plugin did not cancel itself, and that Svea was not seen to end, may still be paid at Svea, whose
 * expiry can be later than the plugin's (it counts from when it stored the order; a create found again long after its
 * send), and whose word on an expired link is not documented. A check-now, a callback, a resumed create and reconcile's
 * read of a re-issue's old link record such a link expired from an Active answer without a cancel, a cancel that
 * failed leaves it so, a version before the sweep cancelled them stored it so, and the plugin's clock may be ahead of
 * Svea's. Grey must not mean payable: a renewal, a delete, a switch to another payment method and a payment through
 * another link read it (a cancel only on Active), and so does reconcile when Svea last answered Active (expiredHeldActive).
 * One Svea reported Canceled (its own expiry) is not read again.
 */
export function expiredMayBeActive(link: LinkRecord): boolean {
  return link.state === "expired" && !link.canceledByPlugin && link.mayExistAtSvea && link.sveaStatus !== "Canceled";
}

/**
 * A link that sweeps must still visit: waiting, failed in a way that may have reached Svea, paid with an
 * after-payment call whose answer was lost, which reconcile settles from Payment Admin, in a state the host has
 * not been told yet (its report failed), which reconcile tells it, paid with links beside it still to end or with a
 * cancel that may still land (cancelMayLand), which reconcile reads until it cannot, expired
 * while Svea last answered Active (expiredHeldActive), which reconcile reads (and ends at Svea) once it has been quiet,
 * or a create failed for good past its window that Svea may still store late (lateCreateWatched).
 */
/**
 * An expiredMayBeActive link whose last answer from Svea was Active: kept on reconcile's list (linkOpensWork), which
 * reads it and ends it at Svea, so a payment on it whose callback is lost is found. One recorded before the plugin kept
 * Svea's word (no sveaStatus) is left to the reads above: a store upgraded with years of them would read every one.
 */
export function expiredHeldActive(link: LinkRecord): boolean {
  return expiredMayBeActive(link) && link.sveaStatus === "Active";
}

/**
 * A create whose outcome was unknown that Svea answered 404 for past its outcome window (failed for good: not being
 * checked, no paymentOrderId, read at least once), and that no read has yet found absent at or past its expiresAt. Svea
 * may still store such a create late (it has been seen to hold one 15 minutes) and text the customer, who may pay it
 * with its callback lost: reconcile reads it once it has been quiet for reconcileAfterMinutes, and the last read at or
 * past its expiry takes it off the list (checkedAt then says so), so it needs no clock here. A create Svea refused
 * outright, or one never sent, was never read (checkedAt null) and cannot be at Svea.
 */
export function lateCreateWatched(link: LinkRecord): boolean {
  return link.state === "failed" && !link.mayExistAtSvea && link.paymentOrderId === null && link.checkedAt !== null && link.checkedAt < link.expiresAt;
}

export function linkOpensWork(link: LinkRecord): boolean {
  return (
    link.state === "waiting" ||
    (link.state === "failed" && link.mayExistAtSvea) ||
    lateCreateWatched(link) ||
    awaitsAfterPaymentAnswer(link) ||
    link.hostUntold === true ||
    link.endLinksBeside === true ||
    link.cancelMayLand !== undefined ||
    expiredHeldActive(link)
  );
}

/**
 * Work a stopped process may have left half-done: an open intent, a callback recorded but not processed, an
 * after-payment call without its answer, a state the host has not taken (a paid link's, or the host still holding a
 * create as being checked: reconcile tells it how the order stands once that settled), links beside a payment not yet
 * ended. Quiet waiting links are not: they wait for the next scheduled reconcile.
 */
export function hasLeftOverWork(order: OrderPaymentRecord): boolean {
  return (
    order.intents.some(isOpenIntent) ||
    order.inbox.some((e) => e.processedAt === null) ||
    order.links.some((l) => awaitsAfterPaymentAnswer(l) || l.hostUntold === true || l.endLinksBeside === true) ||
    order.hostBeingChecked !== undefined
  );
}

/** Whether sweeps must look at this order again: left-over work, or a link that may still be paid. */
export function hasOpenWork(order: OrderPaymentRecord): boolean {
  return hasLeftOverWork(order) || order.links.some(linkOpensWork);
}

/** The order's current link: the newest one. */
export function currentLink(order: OrderPaymentRecord | undefined): LinkRecord | undefined {
  return order?.links[order.links.length - 1];
}
