// Once an order is found paid, no other link of it may stay payable: each is cancelled at Svea then, not at the next reconcile.
import { describeError } from "../callback/background-tasks.js";
import { orphanedCreates, type OrderPaymentRecord } from "../store/index.js";
import type { CallOptions } from "../svea-client/index.js";
import { settleOrphanedCreates } from "./settle-orphaned-creates.js";
import { mayStillBePaidAtSvea } from "./payable-at-svea.js";
import { cancelWaitingLinks, settleUnconfirmedLinks } from "./settle-unconfirmed-links.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * The order was just found paid through `paid` (a callback, a check-now, the nightly sweep): its other links that may
 * still be paid at Svea (waiting, a create whose outcome is unknown, one a stopped process never stored, an expired
 * link Svea was not seen to end, a create failed for good past its window that Svea may have stored since) are ended
 * the way reconcile ends them, by the same code: a status read first and a cancel only on Active; Completed means the
 * customer paid that one too, recorded paid and flagged `extra-payment`, never cancelled. A cancel that fails leaves
 * its intent (or the create's) open, a waiting link keeps the order on reconcile's list, and so does the paid link's
 * `endLinksBeside` mark (written with the payment) until the links the plugin holds as ended were read, so reconcile
 * finishes what a failed write or a stopped process left. The caller holds the order's lock. Failures are logged, never
 * thrown: the payment is recorded whatever happens here.
 */
export async function cancelLinksBesidePayment(deps: UseCaseDeps, orderId: string, paid: string, options: CallOptions = {}): Promise<void> {
  const record = await deps.store.getOrder(orderId);
  const others = record?.links.filter((l) => l.merchantOrderNumber !== paid && (l.state === "waiting" || mayStillBePaidAtSvea(l, "also-failed-past-window", deps.clock.now()))) ?? [];
  // Nothing else payable: no Svea call.
  if (others.length === 0 && orphanedCreates(record).length === 0) return linksBesideEnded(deps, orderId, record);
  const leftToReconcile = (cause: Record<string, unknown>) =>
    deps.logger.warn({ orderId, ...cause }, "a link beside the order's payment could not be ended now; reconcile ends it");
  try {
    await settleOrphanedCreates(deps, orderId, record);
    const unconfirmed = await settleUnconfirmedLinks(deps, orderId, paid, "replaced", options, "also-failed-past-window");
    // Paid through one of those too: its waiting links were cancelled with it.
    if (unconfirmed.outcome === "paid") return;
    if (unconfirmed.outcome === "failed") leftToReconcile({ failure: unconfirmed.failure.code });
    else await linksBesideEnded(deps, orderId);
    await cancelWaitingLinks(deps, orderId, options.signal);
  } catch (error) {
    leftToReconcile({ err: describeError(error) });
  }
}

/**
 * The links the plugin holds as ended beside the order's payment were all read (and cancelled where Active): the marks
 * that kept the order on reconcile's list for them come off. Writes nothing when no link carries one.
 */
export async function linksBesideEnded(deps: UseCaseDeps, orderId: string, read?: OrderPaymentRecord): Promise<void> {
  // A record the caller has just read, with no Svea call since, is not read again (every payment passes here).
  const record = read ?? (await deps.store.getOrder(orderId));
  for (const link of record?.links.filter((l) => l.endLinksBeside === true) ?? []) {
    const { endLinksBeside: _ended, ...unmarked } = link;
    await deps.store.putLink(orderId, unmarked);
  }
}
