// Which links Svea may still let the customer pay although the plugin holds them as ended: pure reads of a link record.
import { expiredMayBeActive, type LinkRecord } from "../store/index.js";
import { failedPastWindow, isUnconfirmed } from "./unconfirmed-create.js";

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
