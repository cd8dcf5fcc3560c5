// A paid link that a cancel sent before the payment may still credit (LinkRecord.cancelMayLand): how long that can
// happen, marking such a link, and settling it from Svea's status.
import type { IntentRecord, LinkRecord } from "../store/index.js";
import { recordStatus, requireSvea } from "./link-operations.js";
import { CREATE_OUTCOME_WINDOW_MS } from "./unconfirmed-create.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * How long after the plugin learned that a cancel whose answer was lost may still be in Svea's queue it may land: the
 * same ten minutes as for a create or an after-payment call (CREATE_OUTCOME_WINDOW_MS).
 */
export const CANCEL_OUTCOME_WINDOW_MS = CREATE_OUTCOME_WINDOW_MS;

/**
 * What a read of a marked link found: the cancel landed and credited the payment, the payment stands (the window has
 * passed and Svea still says Completed), or the cancel may still land (inside the window: the mark stays).
 */
export type CancelMayLandOutcome = { outcome: "credited" | "stands"; link: LinkRecord } | { outcome: "open"; link: LinkRecord; minutesLeft: number };

/**
 * A paid link a cancel sent before the payment may still credit (cancelMayLand): Svea's status says whether it has.
 * Canceled: the cancel landed and credited the payment (paid, then credited; the host is told). Still Completed once
 * the window has passed: the payment stands, the mark comes off and picking lets the order go. Inside the window the
 * mark stays, and the next run (or after-payment action) reads it again. Called under the order's lock.
 */
export async function settleCancelMayLand(deps: UseCaseDeps, orderId: string, link: LinkRecord, options: { signal?: AbortSignal } = {}): Promise<CancelMayLandOutcome> {
  const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber, options.signal ? { signal: options.signal } : {});
  const { cancelMayLand: learnedAt, ...unmarked } = link;
  if (status.orderStatus === "Canceled") {
    return { outcome: "credited", link: (await recordStatus(deps, orderId, unmarked, status, { reportFirst: true })).link };
  }
  const now = deps.clock.now();
  const left = (learnedAt ?? 0) + CANCEL_OUTCOME_WINDOW_MS - now;
  if (left > 0) return { outcome: "open", link, minutesLeft: Math.ceil(left / 60_000) };
  const stands: LinkRecord = { ...unmarked, checkedAt: now, sveaStatus: status.orderStatus };
  await deps.store.putLink(orderId, stands);
  deps.logger.info({ orderId, merchantOrderNumber: link.merchantOrderNumber }, "svea instore payment stands: the cancel sent before it did not land");
  return { outcome: "stands", link: stands };
}

/**
 * Found paid while the cancel an interrupted operation sent it (its intent, `startedAt` before the send) may still be
 * in Svea's queue: marked cancelMayLand (from the send), so picking holds the payment back and reconcile reads it
 * until the window has passed. Marked before the intent is closed: a stop in between leaves the intent to do it again.
 */
export async function markCancelMayLand(deps: UseCaseDeps, link: LinkRecord, intent: IntentRecord): Promise<void> {
  if (link.state !== "paid" || link.cancelMayLand !== undefined || deps.clock.now() - intent.startedAt >= CANCEL_OUTCOME_WINDOW_MS) return;
  await deps.store.putLink(intent.orderId, { ...link, cancelMayLand: intent.startedAt });
}
