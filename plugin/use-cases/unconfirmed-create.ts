// A create whose outcome is unknown (timeout, cut connection, 5xx, a process stopped before storing its answer) may
// still land at Svea: how long a 404 proves nothing, and which create of an order is still unsettled.
import { isOpenIntent, isUnconfirmed, lateCreateWatched, type LinkRecord, type OrderPaymentRecord } from "../store/index.js";

// Which create is unsettled is the store's to say too (picking's summary holds such an order back as being checked).
export { isUnconfirmed, orphanedCreates, unsettledCreate, type UnsettledCreate } from "../store/index.js";

/**
 * How long after a create was sent a 404 from Svea does not yet prove that Svea never got it. The Svea client gives a
 * create at most 3 attempts of 10 s with back-off under 4 s between them (about 40 s); a request Svea accepted late in
 * that window can still be in its queue. Ten minutes is well past that, and still well inside reconcile's 15-minute
 * period, so the first or second reconcile run after a lost create settles it for good.
 *
 * Only the unattended paths wait for it (reconcile, and a status read's 404 for a link the order no longer wants): a
 * save never does, as it sends an unsettled create again under its own number (see resume-create.ts), which Svea's
 * unique merchantOrderNumber makes one order at most. A process stopped mid-create sends nothing more, but a create it
 * sent may still be in Svea's queue, and so may one from a node that stalled past its PostgreSQL lease (its writes are
 * refused, its request is not): the window is as needed after a crash as after a timeout.
 */
export const CREATE_OUTCOME_WINDOW_MS = 10 * 60_000;

/** Whether a 404 for this link is still no proof: its create may land at Svea later. `since` is when it was sent. */
export function mayStillLand(link: LinkRecord, now: number, since: number = link.createdAt): boolean {
  return isUnconfirmed(link) && now - since < CREATE_OUTCOME_WINDOW_MS;
}

/**
 * When the latest create for this link was sent, which its outcome window counts from: the link record's createdAt, or
 * later when a save sent it again under its own number (resume-create.ts) and that answer was never stored (the
 * process stopped, or a node that stalled past its PostgreSQL lease had its write refused): then only that create's
 * open intent says when.
 */
export function lastCreateSentAt(record: OrderPaymentRecord | undefined, link: LinkRecord): number {
  let at = link.createdAt;
  for (const intent of record?.intents ?? []) {
    if (intent.kind !== "cancel" && intent.merchantOrderNumber === link.merchantOrderNumber && isOpenIntent(intent) && intent.startedAt > at) at = intent.startedAt;
  }
  return at;
}

/**
 * A create whose outcome was unknown (it may have reached Svea) that Svea answered 404 for past its window: failed for
 * good, and no longer tracked as being checked. Svea may yet store it (it held it longer than the window allows for) and
 * text the customer, so a delete, a switch to another payment method and a payment through another link read it once
 * more (one status read; a cancel only on Active), a check-now reads it when it is the order's current link, and
 * reconcile reads it once quiet (lateCreateWatched, which also gives it one last read past its expiry). Told apart from
 * a create Svea refused outright, which was never read (checkedAt null), and from a link Svea had created
 * (paymentOrderId). Looked for until the link's own lifetime from its send has run out: no server holds a request that
 * long, and a 404 keeps it failed, so the reads stop then.
 */
export function failedPastWindow(link: LinkRecord, now: number): boolean {
  return lateCreateWatched(link) && now < link.expiresAt;
}
