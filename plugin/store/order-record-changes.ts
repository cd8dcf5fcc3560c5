// The changes every PluginStore makes to an order's record, shared so each backend only decides how to persist them.
// Each change replaces the link, intent or inbox entry it touches instead of changing it in place, so a backend may
// hand them a record whose arrays are fresh but whose elements are shared with the record before the change.
import { randomUUID } from "node:crypto";
import { copyPlainData } from "./plain-data-copy.js";
import type { CallbackInboxEntry, IntentEnd, IntentRecord, LinkRecord, NewIntent, OrderPaymentRecord } from "./plugin-store.js";

export function blankOrderRecord(orderId: string, orderNumber: string): OrderPaymentRecord {
  return { orderId, orderNumber, linkSequence: 0, links: [], intents: [], inbox: [] };
}

export function newIntentRecord(intent: NewIntent): IntentRecord {
  return { step: "started", sequence: null, fingerprint: null, ...intent, completedAt: null, abandonedAt: null, outcome: null };
}

/** beginLink's change: takes `sequence` (refused if another call took it first) and writes the intent. */
export function beginLinkIn(order: OrderPaymentRecord, orderNumber: string, sequence: number, record: IntentRecord): void {
  if (order.linkSequence >= sequence) throw new Error(`link sequence ${sequence} of order ${order.orderId} was taken concurrently`);
  order.orderNumber = orderNumber;
  order.linkSequence = sequence;
  order.intents.push(copyPlainData(record));
}

/** putLink's change: inserts the link or replaces the one with its merchantOrderNumber, closing an intent alongside. */
export function putLinkIn(order: OrderPaymentRecord, link: LinkRecord, finishIntent?: IntentEnd & { id: string }): void {
  const at = order.links.findIndex((l) => l.merchantOrderNumber === link.merchantOrderNumber);
  if (at >= 0) order.links[at] = copyPlainData(link);
  else {
    // Links stay in the order they were issued: a link recorded late (one a crash left without its record, settled
    // after a newer link was issued) goes before the newer ones, so the newest stays the current link.
    const later = order.links.findIndex((l) => l.sequence > link.sequence);
    if (later < 0) order.links.push(copyPlainData(link));
    else order.links.splice(later, 0, copyPlainData(link));
  }
  if (finishIntent) endIntent(order, finishIntent.id, finishIntent);
}

/** The record with its arrays copied and its links, intents and entries shared: what every change above may be given. */
export function recordForChange(order: OrderPaymentRecord): OrderPaymentRecord {
  return { ...order, links: order.links.slice(), intents: order.intents.slice(), inbox: order.inbox.slice() };
}

export function markIntentStepIn(order: OrderPaymentRecord, intentId: string, step: IntentRecord["step"]): void {
  const at = order.intents.findIndex((i) => i.id === intentId);
  if (at >= 0) order.intents[at] = { ...order.intents[at]!, step };
}

/** Closes an open intent; a closed one stays as it was. */
export function endIntent(order: OrderPaymentRecord, intentId: string, end: IntentEnd): void {
  const at = order.intents.findIndex((i) => i.id === intentId);
  const intent = order.intents[at];
  if (!intent || intent.completedAt !== null || intent.abandonedAt !== null) return;
  order.intents[at] = end.abandoned ? { ...intent, abandonedAt: end.at, outcome: end.outcome } : { ...intent, completedAt: end.at, outcome: end.outcome };
}

/** setHostBeingChecked's change: the create the host was last told is being checked, or none. */
export function setHostBeingCheckedIn(order: OrderPaymentRecord, merchantOrderNumber: string | null): void {
  if (merchantOrderNumber === null) delete order.hostBeingChecked;
  else order.hostBeingChecked = merchantOrderNumber;
}

/** recordCallback's change: a link with an unprocessed entry already has its callback (a duplicate). */
export function recordCallbackIn(
  order: OrderPaymentRecord,
  entry: { orderId: string; merchantOrderNumber: string; receivedAt: number },
): { entry: CallbackInboxEntry; duplicate: boolean } {
  const pending = order.inbox.find((e) => e.merchantOrderNumber === entry.merchantOrderNumber && e.processedAt === null);
  if (pending) return { entry: copyPlainData(pending), duplicate: true };
  const fresh: CallbackInboxEntry = { id: randomUUID(), ...entry, processedAt: null, outcome: null };
  order.inbox.push(fresh);
  // The oldest processed entries go: a callback URL replayed over and over (it is a bearer token, and shows in a
  // proxy's access log) must not grow the record without bound. Unprocessed ones always stay.
  let surplus = order.inbox.filter((e) => e.processedAt !== null).length - PROCESSED_CALLBACKS_KEPT;
  if (surplus > 0) order.inbox = order.inbox.filter((e) => e.processedAt === null || surplus-- <= 0);
  return { entry: copyPlainData(fresh), duplicate: false };
}

/** Processed callbacks an order's record keeps, the newest: enough to see what Svea sent lately. */
export const PROCESSED_CALLBACKS_KEPT = 20;

export function markCallbackProcessedIn(order: OrderPaymentRecord, entryId: string, end: { at: number; outcome: string }): void {
  const at = order.inbox.findIndex((e) => e.id === entryId);
  const entry = order.inbox[at];
  if (!entry || entry.processedAt !== null) return;
  order.inbox[at] = { ...entry, processedAt: end.at, outcome: end.outcome };
}
