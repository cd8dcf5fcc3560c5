// What picking needs to know of one order, as one of a dozen shared immutable values, so a read of 100,000 orders copies nothing.
import type { LinkState } from "../host-contract/host-contract-types.js";
import type { OrderPaymentRecord } from "./plugin-store.js";

/** Whether any of the order's links is paid, and the state of its current (newest) link ("none" before the first). */
export interface OrderPaymentSummary {
  readonly paid: boolean;
  readonly current: LinkState | "none";
}

// A record, so a state added to LinkState fails to compile here until it has its summaries.
const CURRENT_STATES = Object.keys({ none: 1, waiting: 1, failed: 1, cancelled: 1, expired: 1, paid: 1 } satisfies Record<LinkState | "none", 1>) as (LinkState | "none")[];

// Every possible summary exists once, frozen: stores hand them out (and keep them in indexes) without copying.
const SUMMARIES = [false, true].map(
  (paid) => Object.fromEntries(CURRENT_STATES.map((current) => [current, Object.freeze({ paid, current })])) as Record<LinkState | "none", OrderPaymentSummary>,
);

export function paymentSummary(paid: boolean, current: LinkState | "none"): OrderPaymentSummary {
  return SUMMARIES[paid ? 1 : 0]![current];
}

export function paymentSummaryOf(order: OrderPaymentRecord): OrderPaymentSummary {
  const { links } = order;
  let paid = false;
  for (let i = 0; i < links.length && !paid; i++) paid = links[i]!.state === "paid";
  return paymentSummary(paid, links.length === 0 ? "none" : links[links.length - 1]!.state);
}
