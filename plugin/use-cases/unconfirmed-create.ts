// A create whose outcome is unknown (timeout, cut connection, 5xx) may still land at Svea: how long a 404 proves nothing.
import type { LinkRecord } from "../store/index.js";

/**
 * How long after a create was sent a 404 from Svea does not yet prove that Svea never got it. The Svea client gives a
 * create at most 3 attempts of 10 s with back-off under 4 s between them (about 40 s); a request Svea accepted late in
 * that window can still be in its queue. Ten minutes is well past that, and still well inside reconcile's 15-minute
 * period, so the first or second reconcile run after a lost create settles it for good.
 */
export const CREATE_OUTCOME_WINDOW_MS = 10 * 60_000;

/** A link whose create Svea never confirmed (no answer, no paymentOrderId) and that is not yet proven absent. */
export function isUnconfirmed(link: LinkRecord): boolean {
  return link.state === "failed" && link.mayExistAtSvea && link.paymentOrderId === null;
}

/** Whether a 404 for this link is still no proof: its create may land at Svea later. `since` is when it was sent. */
export function mayStillLand(link: LinkRecord, now: number, since: number = link.createdAt): boolean {
  return isUnconfirmed(link) && now - since < CREATE_OUTCOME_WINDOW_MS;
}
