// order.annul: annuls a paid order. Not delivered: Payment Admin cancels it (the customer is never invoiced). Delivered:
// Svea Instore's return with no rows credits what is left in full. Needs confirm: true; the notice says which it will be.
import type { PaymentAdminOrder } from "../../../common/svea-payment-admin-types.js";
import type { AfterPaymentResult, Notice, OrderAnnulInput } from "../../host-contract/host-contract-types.js";
import { t } from "../../i18n/index.js";
import { withRequest } from "../../store/after-payment-record.js";
import type { UseCaseDeps } from "../use-case-deps.js";
import { callSveaWithIntent, readFailure } from "./after-payment-call.js";
import { afterPaymentOf, amountText, remainingMinorOf, saveAfterPayment } from "./after-payment-state.js";
import { refusal } from "./after-payment-refusal.js";
import { accepted, askedAction, onPaidOrder, refused } from "./on-paid-order.js";
import { paidOrderItems, type PaidOrderItems } from "./paid-order-items.js";

export async function annulOrder(deps: UseCaseDeps, input: OrderAnnulInput): Promise<AfterPaymentResult> {
  const { order, locale } = input;
  return onPaidOrder(deps, input, askedAction("annul"), async ({ link, notices, signal, request }) => {
    let paid: PaidOrderItems;
    let atPaymentAdmin: PaymentAdminOrder | undefined;
    try {
      paid = await paidOrderItems(deps, order, link, locale, signal);
      if (deps.paymentAdmin && link.paymentOrderId !== null) atPaymentAdmin = await deps.paymentAdmin.getOrder(link.paymentOrderId, { signal });
    } catch (error) {
      return refused([readFailure(deps, order.id, error, locale)], notices);
    }
    const record = afterPaymentOf(link, paid);
    const remaining = remainingMinorOf(record);
    const now = deps.clock.now();

    // Cancelled in Payment Admin already (by hand, or an earlier answer that was lost): record it and say so.
    if (atPaymentAdmin?.orderStatus === "Cancelled") {
      await saveAfterPayment(deps, order.id, link, withRequest({ ...record, annulled: { at: now, how: "cancelled" } }, request));
      notices.push({ code: "annulled", severity: "info", message: t(locale, "notice.annulled-cancelled", { amount: amountText(record, remaining, locale) }) });
      return accepted(deps, order.id, locale, notices);
    }
    let how: "cancel" | "credit";
    if (atPaymentAdmin) how = atPaymentAdmin.deliveries.length === 0 ? "cancel" : "credit";
    // What Svea was told when the link was made decides, not today's setting (a shop may have changed it since).
    else if (record.deliveries.length > 0 || !(link.deferredDelivery ?? deps.settings.deferredDelivery)) how = "credit";
    else return refused([refusal(locale, "payment-admin-not-configured")], notices);

    // Delivered and already credited in full: nothing is left to credit, so nothing goes to Svea.
    const nothingLeft = how === "credit" && remaining <= 0n;
    const amount = { amount: amountText(record, remaining, locale) };
    const preview = nothingLeft ? t(locale, "notice.annul-preview-nothing-left") : t(locale, how === "cancel" ? "notice.annul-preview-cancel" : "notice.annul-preview-credit", amount);
    const previewNotice: Notice = { code: `annul-will-${how}`, severity: "warning", message: preview };
    if (input.confirm !== true)
      return refused([refusal(locale, "annul-confirmation-required", undefined, "confirm")], [...notices, previewNotice]);

    if (nothingLeft) {
      await saveAfterPayment(deps, order.id, link, withRequest({ ...record, annulled: { at: now, how: "credited" } }, request));
    } else {
      const outcome =
        how === "cancel"
          ? await callSveaWithIntent(
              deps, order.id, link, record,
              { kind: "annul-cancel", amountMinor: null, rows: null, orderRowIds: null, request },
              locale,
              () => deps.paymentAdmin!.cancel(link.paymentOrderId!, { signal }),
              (_, before) => ({ ...before, annulled: { at: deps.clock.now(), how: "cancelled" } }),
            )
          : await callSveaWithIntent(
              deps, order.id, link, record,
              { kind: "annul-credit", amountMinor: remaining.toString(), rows: null, orderRowIds: null, request },
              locale,
              // No rows: Svea credits the whole order, that is whatever earlier credits left.
              () => deps.svea!.returnOrder(link.merchantOrderNumber, { returnedItems: [] }, { signal }),
              (_, before) => ({
                ...before,
                credits: [...before.credits, { at: deps.clock.now(), amountMinor: remaining.toString(), via: "annul", rows: null }],
                annulled: { at: deps.clock.now(), how: "credited" },
              }),
            );
      if (!outcome.ok) return refused([outcome.refusal], notices);
    }
    const key = nothingLeft ? "notice.annulled-nothing-left" : how === "cancel" ? "notice.annulled-cancelled" : "notice.annulled-credited";
    notices.push({ code: "annulled", severity: "info", message: t(locale, key, amount) });
    return accepted(deps, order.id, locale, notices);
  });
}
