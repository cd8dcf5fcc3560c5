// Which create of an order has no known outcome (a timeout, a cut connection, a 5xx, a process stopped before storing
// its answer): Svea may hold its link. Here, beside the records, so a payment summary can say so without a use case.
import { currentLink, isOpenIntent, type IntentRecord, type LinkRecord, type OrderPaymentRecord } from "./plugin-store.js";

/** A link whose create Svea never confirmed (no answer, no paymentOrderId) and that is not yet proven absent. */
export function isUnconfirmed(link: LinkRecord): boolean {
  return link.state === "failed" && link.mayExistAtSvea && link.paymentOrderId === null;
}

/**
 * Open create (or re-issue) intents with no link record. A create's answer is stored under the order's lock, so with
 * the lock held such an intent is never work in flight: a process stopped (kill -9, a crash, a power cut) after sending
 * the create and before storing its answer. Svea may hold that link, and the customer may have its SMS.
 */
export function orphanedCreates(record: OrderPaymentRecord | undefined): IntentRecord[] {
  if (!record) return [];
  return record.intents
    .filter((i) => i.kind !== "cancel" && isOpenIntent(i))
    .filter((i) => !record.links.some((l) => l.merchantOrderNumber === i.merchantOrderNumber))
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** The order's latest link when nobody knows whether Svea created it. */
export interface UnsettledCreate {
  merchantOrderNumber: string;
  sequence: number;
  /** The fingerprint of what its create sent ("" or null: not known). */
  fingerprint: string | null;
  /** Its open create (or re-issue) intent; none for a link record whose intent was closed. */
  intent: IntentRecord | undefined;
  /** Its link record: a create that timed out. None when a stopped process sent it and never stored its answer. */
  link: LinkRecord | undefined;
}

/**
 * The order's latest create whose outcome is unknown, if any: a create a stopped process left without its answer that
 * is newer than every link (a re-issue's only once its old link was cancelled: before that its create was never
 * sent), or a current link that is still unconfirmed (a timeout, a lost answer). The clerk is shown it as being checked,
 * the host is told `beingChecked`, and picking holds the order back as being checked.
 */
export function unsettledCreate(record: OrderPaymentRecord | undefined): UnsettledCreate | undefined {
  if (!record) return undefined;
  const current = currentLink(record);
  const lost = orphanedCreates(record)
    .filter((i) => i.sequence !== null && i.sequence > (current?.sequence ?? 0) && (i.kind === "create" || i.step === "old-cancelled"))
    .sort((a, b) => a.sequence! - b.sequence!)
    .at(-1);
  if (lost) return { merchantOrderNumber: lost.merchantOrderNumber, sequence: lost.sequence!, fingerprint: lost.fingerprint, intent: lost, link: undefined };
  if (!current || !isUnconfirmed(current)) return undefined;
  const intent = record.intents.find((i) => i.kind !== "cancel" && i.merchantOrderNumber === current.merchantOrderNumber && isOpenIntent(i));
  return { merchantOrderNumber: current.merchantOrderNumber, sequence: current.sequence, fingerprint: current.fingerprint, intent, link: current };
}
