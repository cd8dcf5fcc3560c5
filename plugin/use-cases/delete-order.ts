// order.delete: cancel a payable link at Svea first (status read, then cancel); a paid order is refused: it must be credited.
import type { Locale, OrderDeleteInput, OrderDeleteResult } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";
import { OrderBusyError, OrderTakenOverError, currentLink, isSettledInFull, type LinkRecord } from "../store/index.js";
import { clockDeadline } from "./clock-deadline.js";
import { cancelLink, closeIntentsFor, reportToHostSafely } from "./link-operations.js";
import { toPaymentView } from "./payment-view.js";
import { refuse, refuseForFailure } from "./save-order.js";
import { settleOrphansFirst } from "./settle-orphaned-creates.js";
import { mayStillBePaidAtSvea } from "./payable-at-svea.js";
import { settleUnconfirmedLinks } from "./settle-unconfirmed-links.js";
import { orphanedCreates } from "./unconfirmed-create.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export async function deleteOrder(deps: UseCaseDeps, input: OrderDeleteInput): Promise<OrderDeleteResult> {
  const { order, locale } = input;
  // Decided by what the plugin holds, not by the payment method: an order switched away may still have a paid link.
  if (!(await deps.store.getOrder(order.id))) return { accepted: true, notices: [] };
  const deadline = clockDeadline(deps.clock, deps.settings.saveDeadlineSeconds * 1000);
  try {
    return await deps.store.withOrderLock(order.id, () => deleteLocked(deps, order.id, locale, deadline.signal), { signal: deadline.signal });
  } catch (error) {
    if (error instanceof OrderTakenOverError) return refuse(locale, "order-taken-over");
    if (error instanceof OrderBusyError) return refuse(locale, "order-busy");
    throw error;
  } finally {
    deadline.dispose();
  }
}

async function deleteLocked(deps: UseCaseDeps, orderId: string, locale: Locale, signal: AbortSignal): Promise<OrderDeleteResult> {
  // A link a stopped process created but never stored may be payable: found (and cancelled below) before the delete.
  const settled = await settleOrphansFirst(deps, orderId);
  if (!settled.ok) return refuseForFailure(locale, settled.failure);
  // Still not at Svea, but it may land there yet: a cancel intent says the order no longer wants it, so reconcile
  // cancels it when it lands (and records a payment the customer made first) instead of adopting it as waiting.
  for (const pending of orphanedCreates(settled.record)) {
    await deps.store.startIntent({ id: deps.newId(), orderId, kind: "cancel", merchantOrderNumber: pending.merchantOrderNumber, replaces: null, startedAt: deps.clock.now(), sendsNothing: true });
  }
  const record = settled.record;
  const paidLinks = record?.links.filter((l) => l.state === "paid") ?? [];
  // Paid, then annulled or credited in full (and no after-payment call still open): nothing is owed either way, so the
  // order may go once no other link of it can be paid. Anything else must be credited first.
  if (paidLinks.length > 0 && !paidLinks.every(settledInFull)) return refuse(locale, "paid-order-delete");
  const current = paidLinks.length > 0 ? undefined : currentLink(record);
  const payable = current !== undefined && (current.state === "waiting" || (current.state === "failed" && current.mayExistAtSvea));
  // Read first (the current link too when it is not payable as the plugin holds it): a create that timed out earlier,
  // an expired link Svea was not seen to end, a create failed for good that Svea may have stored after its window.
  const except = payable ? current.merchantOrderNumber : undefined;
  const toRead = record?.links.filter((l) => l.merchantOrderNumber !== except && mayStillBePaidAtSvea(l, "also-failed-past-window", deps.clock.now())) ?? [];
  if (!payable && toRead.length === 0) return { accepted: true, notices: [], paymentView: toPaymentView(orderId, record, locale) };
  if (!deps.svea) return refuse(locale, "account-not-configured");

  // None of them may stay payable once the order is deleted.
  const older = await settleUnconfirmedLinks(deps, orderId, except, "deleted", { signal }, "also-failed-past-window");
  if (older.outcome === "failed") return refuseForFailure(locale, older.failure);
  // Paid through one of them: a payment is owed (again), so the order stays.
  if (older.outcome === "paid") return refuse(locale, "paid-order-delete");
  if (!payable) {
    const after = await deps.store.getOrder(orderId);
    // The current link was read, or links beside a payment given back: the host holds what they came to.
    if (current === undefined || toRead.includes(current)) await reportToHostSafely(deps, after);
    return { accepted: true, notices: [], paymentView: toPaymentView(orderId, after, locale) };
  }

  const ended = await cancelLink(deps, orderId, current, "deleted", { signal });
  if (ended.outcome === "failed") return refuseForFailure(locale, ended.failure);
  // A paid outcome was already reported with Svea's addresses by the status read that found it.
  if (ended.outcome === "paid") return refuse(locale, "paid-order-delete");
  // A create that may still land keeps its intent open: its cancel intent tells reconcile the order no longer wants it.
  if (ended.outcome === "cancelled" || ended.final) await closeIntentsFor(deps, orderId, current.merchantOrderNumber, `settled:${ended.link.state}`);
  const after = await deps.store.getOrder(orderId);
  await reportToHostSafely(deps, after);
  const notices =
    ended.outcome === "cancelled" && ended.link.canceledByPlugin
      ? [{ code: "link-cancelled", severity: "info" as const, message: t(locale, "notice.link-cancelled") }]
      : [];
  return { accepted: true, notices, paymentView: toPaymentView(orderId, after, locale) };
}

function settledInFull(link: LinkRecord): boolean {
  const after = link.afterPayment;
  return after !== undefined && !after.pending && isSettledInFull(after);
}
