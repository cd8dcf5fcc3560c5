// A paid link that a cancel sent before the payment may still credit (LinkRecord.cancelMayLand), settled from Svea's
// status. The mark is written by recordStatus, with the payment (cancel-outcome-window.ts says when).
import type { LinkRecord } from "../store/index.js";
import { recordStatus, requireSvea } from "./link-operations.js";
import { CANCEL_OUTCOME_WINDOW_MS } from "./cancel-outcome-window.js";
import type { UseCaseDeps } from "./use-case-deps.js";

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
