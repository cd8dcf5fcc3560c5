// Which links Svea may still let the customer pay although the plugin holds them as ended: pure reads of a link record.
import type { LinkRecord } from "../store/index.js";
import { failedPastWindow, isUnconfirmed } from "./unconfirmed-create.js";

/**
 * An expired link the plugin did not cancel itself, and that Svea was not seen to end, may still be paid at Svea, whose
 * expiry can be later than the plugin's (it counts from when it stored the order; a create found again long after its
 * send), and whose word on an expired link is not documented. A check-now, a callback, a resumed create and reconcile's
 * read of a re-issue's old link record such a link expired from an Active answer without a cancel, a cancel that
 * failed leaves it so, a version before the sweep cancelled them stored it so, and the plugin's clock may be ahead of
 * Svea's. Grey must not mean payable: a renewal, a delete, a switch to another payment method and a payment through
 * another link read it (a cancel only on Active). One Svea reported Canceled (its own expiry) is not read again.
 */
export function expiredMayBeActive(link: LinkRecord): boolean {
  return link.state === "expired" && !link.canceledByPlugin && link.mayExistAtSvea && link.sveaStatus !== "Canceled";
}

/**
 * Which links an operation reads before it goes on. "unconfirmed-and-expired" (a save): creates that may still land and
 * expired links Svea was not seen to end, each read once (its answer settles it). "also-failed-past-window" (a delete, a
 * switch to another payment method, a payment through another link): creates failed for good past their window too,
 * which Svea may store later still, and which stay failed (read again by the next of those) while it has not.
 * "held-ended" (reconcile, whose open intents cover the creates that may still land): the expired and failed ones only.
 */
export type LinksToRead = "unconfirmed-and-expired" | "also-failed-past-window" | "held-ended";

/** Whether Svea may let the customer pay this link although the plugin does not hold it as waiting. */
export function mayStillBePaidAtSvea(link: LinkRecord, reach: LinksToRead, now: number): boolean {
  if (reach !== "held-ended" && isUnconfirmed(link)) return true;
  return expiredMayBeActive(link) || (reach !== "unconfirmed-and-expired" && failedPastWindow(link, now));
}
