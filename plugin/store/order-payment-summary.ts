// What picking needs to know of one order, as one of a dozen shared immutable values, so a read of 100,000 orders copies nothing.
import type { LinkState } from "../host-contract/host-contract-types.js";
import { isSettledInFull, mayBeRefundedInFull } from "./after-payment-record.js";
import type { OrderPaymentRecord } from "./plugin-store.js";
import { unsettledCreate } from "./unsettled-create.js";

/**
 * The current link's state as picking sees it: "none" before the first link, "annulled" for a paid link whose
 * payment was annulled after payment (order.annul), "credited" for one credited in full (order.credit), and
 * "refund-unknown" for one with an annulment (or a credit up to the full amount) whose answer was lost, or a cancel
 * sent before the payment that may still land (cancelMayLand): none of them
 * may be picked; "checking" for an order without a payment whose latest create has no known outcome (Svea may hold its
 * link and the customer may pay it: the payment view's `checking`), which may not be picked yet either.
 */
export type SummaryState = LinkState | "none" | "annulled" | "credited" | "refund-unknown" | "checking";

/**
 * Whether any of the order's links holds a payment that still stands (paid, not annulled nor credited in full), and the state of its
 * current (newest) link.
 */
export interface OrderPaymentSummary {
  readonly paid: boolean;
  readonly current: SummaryState;
}

// A record, so a state added to LinkState fails to compile here until it has its summaries.
const CURRENT_STATES = Object.keys({ none: 1, waiting: 1, failed: 1, cancelled: 1, expired: 1, paid: 1, annulled: 1, credited: 1, "refund-unknown": 1, checking: 1 } satisfies Record<SummaryState, 1>) as SummaryState[];

// Every possible summary exists once, frozen: stores hand them out (and keep them in indexes) without copying.
const SUMMARIES = [false, true].map(
  (paid) => Object.fromEntries(CURRENT_STATES.map((current) => [current, Object.freeze({ paid, current })])) as Record<SummaryState, OrderPaymentSummary>,
);

export function paymentSummary(paid: boolean, current: SummaryState): OrderPaymentSummary {
  return SUMMARIES[paid ? 1 : 0]![current];
}

export function paymentSummaryOf(order: OrderPaymentRecord): OrderPaymentSummary {
  const { links } = order;
  let paid = false;
  for (let i = 0; i < links.length && !paid; i++) {
    const after = links[i]!.afterPayment;
    paid = links[i]!.state === "paid" && links[i]!.cancelMayLand === undefined && !(after && (isSettledInFull(after) || mayBeRefundedInFull(after)));
  }
  // Worked out here, on every write of the record, so picking's read stays a lookup. (PostgreSQL reads the summary of a
  // row that may have been written before "checking" existed from its record: see its summaries statement.)
  if (!paid && unsettledCreate(order)) return paymentSummary(paid, "checking");
  if (links.length === 0) return paymentSummary(paid, "none");
  const last = links[links.length - 1]!;
  const after = last.state === "paid" ? last.afterPayment : undefined;
  const refundUnknown = (after && mayBeRefundedInFull(after)) || (last.state === "paid" && last.cancelMayLand !== undefined);
  const state = after?.annulled ? "annulled" : after && isSettledInFull(after) ? "credited" : refundUnknown ? "refund-unknown" : last.state;
  return paymentSummary(paid, state);
}
