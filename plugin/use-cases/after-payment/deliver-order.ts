// order.deliver (deferredDelivery shops): delivers a paid order's rows through Payment Admin, by Svea's row ids read
// first from Payment Admin's order. No rows (or []) delivers every row not yet delivered.
import type { PaymentAdminOrder } from "../../../common/svea-payment-admin-types.js";
import type { AfterPaymentResult, OrderDeliverInput, Refusal } from "../../host-contract/host-contract-types.js";
import { t } from "../../i18n/index.js";
import { isRoundingRow } from "../../svea-order/index.js";
import type { UseCaseDeps } from "../use-case-deps.js";
import { callSveaWithIntent, readFailure } from "./after-payment-call.js";
import { afterPaymentOf, saveAfterPayment } from "./after-payment-state.js";
import { refusal } from "./after-payment-refusal.js";
import { accepted, askedAction, onPaidOrder, refused } from "./on-paid-order.js";
import { deliveredOrderRowIds, deliversTheRest, openOrderRowIds } from "./open-order-rows.js";
import { paidItemOf, paidOrderItems, type PaidOrderItems } from "./paid-order-items.js";

export async function deliverOrder(deps: UseCaseDeps, input: OrderDeliverInput): Promise<AfterPaymentResult> {
  const { order, locale } = input;
  return onPaidOrder(deps, input, askedAction("deliver", input.rows ?? null), async ({ link, notices, signal, request }) => {
    // Svea delivered it when it was paid (the link was made without deferredDelivery): nothing to ask Svea.
    if (link.deferredDelivery === false) return refused([refusal(locale, "nothing-to-deliver")], notices);
    const admin = deps.paymentAdmin;
    if (!admin || link.paymentOrderId === null) return refused([refusal(locale, "payment-admin-not-configured")], notices);
    const paymentOrderId = link.paymentOrderId;
    let paid: PaidOrderItems;
    let atSvea: PaymentAdminOrder;
    try {
      paid = await paidOrderItems(deps, order, link, locale, signal);
      atSvea = await admin.getOrder(paymentOrderId, { signal });
    } catch (error) {
      return refused([readFailure(deps, order.id, error, locale)], notices);
    }
    if (atSvea.orderStatus === "Cancelled") return refused([refusal(locale, "already-annulled")], notices);
    const chosen = chooseRows(input, paid, atSvea, deliveredOrderRowIds(atSvea));
    if (!chosen.ok) {
      // Every row delivered already (in Svea's portal, say): the view learns it, so the host stops offering Deliver.
      if (openOrderRowIds(atSvea).length === 0 && atSvea.orderRows.length > 0 && link.afterPayment?.allDelivered !== true)
        await saveAfterPayment(deps, order.id, link, { ...afterPaymentOf(link, paid), allDelivered: true });
      return refused(chosen.errors, notices);
    }
    const orderRowIds = chosen.orderRowIds;

    const outcome = await callSveaWithIntent(
      deps,
      order.id,
      link,
      afterPaymentOf(link, paid),
      { kind: "deliver", amountMinor: null, rows: null, orderRowIds, request },
      locale,
      () => admin.deliver(paymentOrderId, orderRowIds, { signal }),
      (answer, before) => ({
        ...before,
        deliveries: [...before.deliveries, { at: deps.clock.now(), deliveryId: answer.deliveryId, orderRowIds }],
        ...(deliversTheRest(atSvea, orderRowIds) ? { allDelivered: true } : {}),
      }),
    );
    if (!outcome.ok) return refused([outcome.refusal], notices);
    // The clerk's rows: the rounding row a delivery took along (withRoundingRow) is no row of the ERP's order.
    const rounding = roundingRowId(paid, atSvea);
    const count = orderRowIds.filter((id) => id !== rounding).length;
    notices.push({ code: "delivered", severity: "info", message: t(locale, "notice.delivered", { count, deliveryId: outcome.answer.deliveryId }) });
    return accepted(deps, order.id, locale, notices);
  });
}

/**
 * Svea's row ids for the host rows asked for: Payment Admin's rows are in the order of the items Svea received, so the
 * paid item a host row became (by rowNumber) sits at the same position there. The rows that leave no goods row open
 * take the rounding row with them (see withRoundingRow).
 */
function chooseRows(input: OrderDeliverInput, paid: PaidOrderItems, atSvea: PaymentAdminOrder, delivered: Set<number>): { ok: true; orderRowIds: number[] } | { ok: false; errors: Refusal[] } {
  const { locale, order } = input;
  if (!input.rows || input.rows.length === 0) {
    const open = openOrderRowIds(atSvea);
    return open.length > 0 ? { ok: true, orderRowIds: open } : { ok: false, errors: [refusal(locale, "nothing-to-deliver")] };
  }
  const errors: Refusal[] = [];
  const orderRowIds: number[] = [];
  input.rows.forEach((row, i) => {
    const found = paidItemOf(order, row, paid);
    if (found && "changed" in found) return errors.push(refusal(locale, "deliver-row-changed", { row: row + 1, paid: found.changed.name }, `rows[${i}]`));
    const sveaRow = found ? atSvea.orderRows[found.at] : undefined;
    if (!found || !sveaRow || sveaRow.name !== found.item.name) return errors.push(refusal(locale, "deliver-row-unknown", { row: row + 1 }, `rows[${i}]`));
    if (delivered.has(sveaRow.orderRowId)) return errors.push(refusal(locale, "deliver-row-delivered", { row: row + 1 }, `rows[${i}]`));
    orderRowIds.push(sveaRow.orderRowId);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, orderRowIds: withRoundingRow(paid, atSvea, orderRowIds) };
}

/**
 * The rows asked for, and the paid order's rounding row (no host row of its own, last) when they leave no other row
 * open at Svea: delivering every host row then invoices exactly what was paid. Without it a -0.75 rounding row stayed
 * open (the customer invoiced 0.75 too much, the order PartiallyDelivered) and a positive one later went alone.
 */
function withRoundingRow(paid: PaidOrderItems, atSvea: PaymentAdminOrder, orderRowIds: number[]): number[] {
  const rounding = roundingRowId(paid, atSvea);
  if (rounding === undefined) return orderRowIds;
  const chosen = new Set(orderRowIds);
  const open = openOrderRowIds(atSvea);
  if (!open.includes(rounding) || chosen.has(rounding)) return orderRowIds;
  return open.every((id) => id === rounding || chosen.has(id)) ? [...orderRowIds, rounding] : orderRowIds;
}

/** Svea's row id of the paid order's rounding row (its last item, with no host row of its own), if it has one. */
function roundingRowId(paid: PaidOrderItems, atSvea: PaymentAdminOrder): number | undefined {
  const rounding = paid.items.at(-1);
  const sveaRow = atSvea.orderRows[paid.items.length - 1];
  return rounding && isRoundingRow(rounding) && sveaRow && sveaRow.name === rounding.name ? sveaRow.orderRowId : undefined;
}
