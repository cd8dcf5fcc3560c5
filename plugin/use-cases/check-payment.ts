// order.check-payment: the clerk's "check now", one paced status read of the current link.
import type { OrderStatusResponse } from "../../common/svea-instore-types.js";
import type { CheckPaymentInput, CheckPaymentResult, Notice } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";
import { OrderBusyError, currentLink, type LinkRecord } from "../store/index.js";
import { describeError } from "../callback/background-tasks.js";
import { clockDeadline } from "./clock-deadline.js";
import { cancelLinksBesidePayment } from "./cancel-links-beside-payment.js";
import { isLateCreate, LateCreateCancelFailedError, settleLateCreate } from "./late-create.js";
import { recordStatus, reportToHostSafely } from "./link-operations.js";
import { rethrowStoppedStore } from "./rethrow-stopped-store.js";
import type { OrderRun } from "./settle-intent.js";
import { settleOrphanedCreates } from "./settle-orphaned-creates.js";
import { toPaymentView } from "./payment-view.js";
import { classifySveaFailure } from "./svea-failure.js";
import { failedPastWindow, isUnconfirmed, orphanedCreates, unsettledCreate } from "./unconfirmed-create.js";
import { STATUS_POLL_GAP_MS, type UseCaseDeps } from "./use-case-deps.js";

export async function checkPayment(deps: UseCaseDeps, input: CheckPaymentInput): Promise<CheckPaymentResult> {
  const { order, locale } = input;
  const existing = await deps.store.getOrder(order.id);
  if (!existing) return { paymentView: null, notices: [] };
  const deadline = clockDeadline(deps.clock, deps.settings.saveDeadlineSeconds * 1000);
  try {
    return await deps.store.withOrderLock(
      order.id,
      async () => {
        const notices: Notice[] = [];
        // A link a stopped process created but never stored: read first, which is a check of its own.
        let record = await deps.store.getOrder(order.id);
        const readFirst = new Set(orphanedCreates(record).map((i) => i.merchantOrderNumber));
        try {
          if (deps.svea && (await settleOrphanedCreates(deps, order.id, record))) {
            record = await deps.store.getOrder(order.id);
            // Read, and Svea does not have it (404): it may still land there, and a save sends it under its number.
            const lost = unsettledCreate(record);
            if (lost && !lost.link) notices.push(notYetAtSvea(locale));
          }
        } catch (error) {
          rethrowStoppedStore(error);
          const failure = classifySveaFailure(error);
          notices.push({ code: failure.reason, severity: "warning", message: failure.localized?.[locale] ?? t(locale, "failure.svea-unavailable") });
        }
        const link = currentLink(record);
        const now = deps.clock.now();
        // A create failed for good past its window is read too: Svea may have stored it late, and its customer paid it.
        const atSvea = link && (link.paymentOrderId !== null || link.mayExistAtSvea || failedPastWindow(link, now));
        // Read by this check already (a lost create adopted above): not "checked just now".
        const readNow = link !== undefined && readFirst.has(link.merchantOrderNumber);
        if (link && atSvea && !readNow && link.state !== "paid" && deps.svea) {
          const since = link.checkedAt === null ? Infinity : now - link.checkedAt;
          if (since < STATUS_POLL_GAP_MS) {
            const seconds = Math.ceil((STATUS_POLL_GAP_MS - since) / 1000);
            notices.push({ code: "too-soon", severity: "info", message: t(locale, "check.too-soon", { seconds }) });
          } else {
            let status: OrderStatusResponse | undefined;
            try {
              status = await deps.svea.getOrderStatus(link.merchantOrderNumber, { signal: deadline.signal, deadline: deadline.due });
            } catch (error) {
              rethrowStoppedStore(error);
              const failure = classifySveaFailure(error);
              deps.logger.warn({ orderId: order.id, err: describeError(error) }, "svea instore check failed");
              if (failure.notFound && isUnconfirmed(link)) {
                // A create whose answer was lost: Svea not having it yet proves nothing.
                notices.push(notYetAtSvea(locale));
              } else if (failure.notFound && failedPastWindow(link, now)) {
                // Still not at Svea: failed, as the view says; nothing to warn of.
              } else {
                // Cut short by the check's own deadline: the clerk is told Svea was too slow, not that something aborted;
                // a read not sent because its poll slot came after the deadline says so in the client's words.
                const paced = (error as { cause?: unknown }).cause === "paced-past-deadline";
                const message =
                  failure.reason === "timeout" && !paced ? t(locale, "failure.svea-timeout") : (failure.localized?.[locale] ?? t(locale, "failure.svea-unavailable"));
                notices.push({ code: failure.reason, severity: "warning", message });
              }
            }
            // Svea answered: a failure to keep its answer (a full disk, the store or the host failing) is the plugin's own.
            if (status) {
              let paid = false;
              try {
                // A create failed for good that Svea stored late is weighed as reconcile weighs it: adopted only while the
                // order still wants it, otherwise cancelled at Svea; paid on an order that left Svea Instore, flagged.
                const seen = isLateCreate(link) ? await settleLateCreateForCheck(deps, order.id, link, status) : (await recordStatus(deps, order.id, link, status, { reportFirst: false })).link;
                paid = seen.state === "paid";
              } catch (error) {
                rethrowStoppedStore(error);
                if (error instanceof LateCreateCancelFailedError) {
                  deps.logger.warn({ orderId: order.id, err: describeError(error) }, "svea instore check: a create Svea stored late could not be cancelled");
                  notices.push({ code: error.code, severity: "warning", message: t(locale, "failure.svea-unavailable") });
                } else {
                  deps.logger.error({ orderId: order.id, err: describeError(error) }, "svea instore check: Svea answered, but its answer could not be stored");
                  notices.push({ code: "local-failure", severity: "warning", message: t(locale, "failure.local-failure") });
                }
              }
              // Found paid: the order's other links must not take a second payment until reconcile gets to them.
              if (paid) await cancelLinksBesidePayment(deps, order.id, link.merchantOrderNumber, { signal: deadline.signal });
            }
          }
        }
        const after = await deps.store.getOrder(order.id);
        const view = toPaymentView(order.id, after, locale, deps.clock.now());
        notices.push({ code: "result", severity: "info", message: t(locale, "check.result", { state: view.label }) });
        return { paymentView: view, notices };
      },
      { signal: deadline.signal },
    );
  } catch (error) {
    // Another operation holds the order past the deadline: the clerk is told, as a save or a delete would be.
    if (!(error instanceof OrderBusyError)) throw error;
    const view = toPaymentView(order.id, await deps.store.getOrder(order.id), locale, deps.clock.now());
    return { paymentView: view, notices: [{ code: "order-busy", severity: "warning", message: t(locale, "refusal.order-busy") }] };
  } finally {
    deadline.dispose();
  }
}

/** check-now's read of a late create: late-create.ts's rule, the host told when the rule changed the link unreported. */
async function settleLateCreateForCheck(deps: UseCaseDeps, orderId: string, link: LinkRecord, status: OrderStatusResponse): Promise<LinkRecord> {
  const run: OrderRun = { deps, orderId, summary: { checked: 0, paid: 0, extraLinksCancelled: 0, recreated: 0 }, unreported: false, recreate: false };
  const seen = await settleLateCreate(run, link, status);
  if (run.unreported) await reportToHostSafely(deps, await deps.store.getOrder(orderId));
  return seen;
}

/** Svea answered 404 for a link whose create's answer was lost: it may still land, and a save sends it under its number. */
function notYetAtSvea(locale: CheckPaymentInput["locale"]): Notice {
  return { code: "not-at-svea-yet", severity: "warning", message: t(locale, "check.not-at-svea-yet") };
}
