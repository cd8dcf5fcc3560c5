// A paid link that a cancel sent before the payment may still credit (LinkRecord.cancelMayLand): how long that can
// happen, marking such a link, and settling it from Svea's status.
import type { IntentRecord, LinkRecord } from "../store/index.js";
import { recordStatus, requireSvea } from "./link-operations.js";
import type { OrderRun } from "./settle-intent.js";
import { CREATE_OUTCOME_WINDOW_MS } from "./unconfirmed-create.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * How long after the plugin learned that a cancel whose answer was lost may still be in Svea's queue it may land: the
 * same ten minutes as for a create or an after-payment call (CREATE_OUTCOME_WINDOW_MS).
 */
export const CANCEL_OUTCOME_WINDOW_MS = CREATE_OUTCOME_WINDOW_MS;

/**
 * A paid link a cancel sent before the payment may still credit (cancelMayLand): Svea's status says whether it has.
 * Canceled: the cancel landed and credited the payment (paid, then credited; the host is told). Still Completed once
 * the window has passed: the payment stands, the mark comes off and picking lets the order go. Inside the window the
 * mark stays, and the next run reads it again.
 */
export async function settleCancelMayLand(run: OrderRun, link: LinkRecord): Promise<void> {
  const { deps, orderId } = run;
  const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
  run.summary.checked++;
  const { cancelMayLand: learnedAt, ...unmarked } = link;
  if (status.orderStatus === "Canceled") {
    await recordStatus(deps, orderId, unmarked, status, { reportFirst: true });
    return;
  }
  const now = deps.clock.now();
  if (now - (learnedAt ?? 0) < CANCEL_OUTCOME_WINDOW_MS) return;
  await deps.store.putLink(orderId, { ...unmarked, checkedAt: now, sveaStatus: status.orderStatus });
  deps.logger.info({ orderId, merchantOrderNumber: link.merchantOrderNumber }, "svea instore payment stands: the cancel sent before it did not land");
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
