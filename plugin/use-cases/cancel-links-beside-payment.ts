// Once an order is found paid, no other link of it may stay payable: each is cancelled at Svea then, not at the next reconcile.
import { describeError } from "../callback/background-tasks.js";
import { orphanedCreates } from "../store/index.js";
import type { CallOptions } from "../svea-client/index.js";
import { settleOrphanedCreates } from "./settle-orphaned-creates.js";
import { cancelWaitingLinks, mayStillBePaidAtSvea, settleUnconfirmedLinks } from "./settle-unconfirmed-links.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * The order was just found paid through `paid` (a callback, a check-now, the nightly sweep): its other links that may
 * still be paid at Svea (waiting, a create whose outcome is unknown, one a stopped process never stored, an expired
 * link Svea was not seen to end, a create failed for good past its window that Svea may have stored since) are ended
 * the way reconcile ends them, by the same code: a status read first and a cancel only on Active; Completed means the
 * customer paid that one too, recorded paid and flagged `extra-payment`, never cancelled. A cancel that fails leaves
 * its intent (or the create's) open, and a waiting link keeps the order on reconcile's list, which finishes it. The
 * caller holds the order's lock. Failures are logged, never thrown: the payment is recorded whatever happens here.
 */
export async function cancelLinksBesidePayment(deps: UseCaseDeps, orderId: string, paid: string, options: CallOptions = {}): Promise<void> {
  const record = await deps.store.getOrder(orderId);
  const others = record?.links.filter((l) => l.merchantOrderNumber !== paid && (l.state === "waiting" || mayStillBePaidAtSvea(l, "also-failed-past-window", deps.clock.now()))) ?? [];
  // Nothing else payable: no Svea call.
  if (others.length === 0 && orphanedCreates(record).length === 0) return;
  const leftToReconcile = (cause: Record<string, unknown>) =>
    deps.logger.warn({ orderId, ...cause }, "a link beside the order's payment could not be ended now; reconcile ends it");
  try {
    await settleOrphanedCreates(deps, orderId, record);
    const unconfirmed = await settleUnconfirmedLinks(deps, orderId, paid, "replaced", options, "also-failed-past-window");
    // Paid through one of those too: its waiting links were cancelled with it.
    if (unconfirmed.outcome === "paid") return;
    if (unconfirmed.outcome === "failed") leftToReconcile({ failure: unconfirmed.failure.code });
    await cancelWaitingLinks(deps, orderId, options.signal);
  } catch (error) {
    leftToReconcile({ err: describeError(error) });
  }
}
