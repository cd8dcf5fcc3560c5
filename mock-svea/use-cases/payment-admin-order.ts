// The Payment Admin side of a mock order: which paid orders Payment Admin knows, their row ids, deliveries, credits
// and status, derived from the one stored Instore order so the two APIs never disagree.
import { orderTotalMinor, rowTotalMinor } from "../../common/money.js";
import type { OrderItem } from "../../common/svea-instore-types.js";
import type { PaymentAdminDelivery, PaymentAdminOrder, PaymentAdminOrderRow } from "../../common/svea-payment-admin-types.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { responseItem } from "../order-views.js";
import { MockSveaError } from "../problem-document.js";
import { minBigInt, remainingMinor } from "./credit-arithmetic.js";

export interface StoredDelivery {
  id: number;
  at: string;
  orderRowIds: number[];
}

/** Svea's row id of the order's i-th row: rows are numbered 1, 2, … in the order they were created. */
export const rowIdOf = (index: number): number => index + 1;

/**
 * A paid (Completed) order's Payment Admin twin. Unpaid orders are unknown to Payment Admin (404), as is another
 * merchant's order. The order is found by Svea's paymentOrderId.
 */
export function findPaymentAdminOrder(deps: MockSveaDeps, merchantId: string, paymentOrderId: string): MockOrder {
  const id = /^\d{1,15}$/.test(paymentOrderId) ? Number(paymentOrderId) : NaN;
  for (const order of deps.repo.allOrders()) {
    if (order.paymentOrderId !== id) continue;
    if (order.merchantId === merchantId && order.completedAt) return order;
    break;
  }
  throw new MockSveaError(404, `no paid order with id ${paymentOrderId}`);
}

/**
 * A paid order cancelled, in Payment Admin (nothing delivered) or through Instore's cancel (which credits what is
 * delivered and cancels the rest): no row can be delivered any more, and its undelivered rows count as cancelled.
 */
export function isCancelledInPaymentAdmin(order: MockOrder): boolean {
  return order.orderStatus === "Canceled" && Boolean(order.completedAt);
}

/** The credits Payment Admin shows on the order's `index`-th delivery: its own, and every Instore one on the first. */
export function creditsOnDelivery(order: MockOrder, delivery: StoredDelivery, index: number): MockOrder["credits"] {
  return order.credits.filter((c) => (c.kind === "payment-admin" ? c.deliveryId === delivery.id : index === 0));
}

/** What is still creditable on a delivery's invoice: its rows' total less the credits shown on it. */
export function creditableOnDelivery(order: MockOrder, delivery: StoredDelivery, index: number): bigint {
  const credited = creditsOnDelivery(order, delivery, index).reduce((sum, c) => sum + BigInt(c.amountMinor), 0n);
  return orderTotalMinor(delivery.orderRowIds.map((id) => rowById(order, id)!)) - credited;
}

/** deferredDelivery false: delivered in full the moment it was paid (delivery 1). deferredDelivery true: as delivered. */
export function deliveriesOf(order: MockOrder): StoredDelivery[] {
  if (!order.completedAt) return [];
  if (order.request.deferredDelivery === true) return order.deliveries ?? [];
  return [{ id: 1, at: order.completedAt, orderRowIds: order.request.orderItems.map((_, i) => rowIdOf(i)) }];
}

export function deliveredRowIds(order: MockOrder): Set<number> {
  return new Set(deliveriesOf(order).flatMap((d) => d.orderRowIds));
}

export function rowById(order: MockOrder, orderRowId: number): OrderItem | undefined {
  return order.request.orderItems[orderRowId - 1];
}

/** A row as Instore shows it, with Svea's row id and whether it is cancelled. */
function toRow(item: OrderItem, index: number, cancelled: boolean): PaymentAdminOrderRow {
  return { orderRowId: rowIdOf(index), ...responseItem(item), isCancelled: cancelled };
}

/**
 * GET /api/v1/orders/{id}. Instore returns (and a cancel's credit) show as credits of the first delivery. Every amount
 * is a sum of some of the order's rows (or of credits no larger than those), and create refused rows whose totals above
 * or below zero add up past Number.MAX_SAFE_INTEGER (checkOrderTotal), so each Number(...) here is exact.
 */
export function toPaymentAdminOrder(order: MockOrder): PaymentAdminOrder {
  const cancelled = isCancelledInPaymentAdmin(order);
  const deliveries = deliveriesOf(order);
  const delivered = deliveredRowIds(order);
  const items = order.request.orderItems;
  const rows = items.map((item, i) => toRow(item, i, cancelled && !delivered.has(rowIdOf(i))));
  const instoreCredits = order.credits.filter((c) => c.kind !== "payment-admin");
  const views: PaymentAdminDelivery[] = deliveries.map((d, n) => {
    const credits = creditsOnDelivery(order, d, n);
    const amount = credits.reduce((sum, c) => sum + BigInt(c.amountMinor), 0n);
    return {
      id: d.id,
      creationDate: d.at,
      deliveryAmount: Number(orderTotalMinor(d.orderRowIds.map((id) => rowById(order, id)!))),
      creditedAmount: Number(amount),
      orderRows: d.orderRowIds.map((id) => rows[id - 1]!),
      credits: credits.map((c) => ({
        amount: Number(c.amountMinor),
        orderRowIds: c.orderRowIds ?? [],
        creditType: c.kind === "payment-admin" ? "Rows" : c.kind === "return" ? "Return" : "Cancel",
        creationDate: c.at,
      })),
    };
  });
  // Without a delivery there is no invoice to credit: what Instore credited, or a cancel, lowers the order instead.
  let cancelledAmount = deliveries.length === 0 ? instoreCredits.reduce((sum, c) => sum + BigInt(c.amountMinor), 0n) : 0n;
  // The undelivered rows a cancel cancelled, less what returns gave back beyond the invoices already: what is given back
  // in all (credited and cancelled) never exceeds the order.
  if (cancelled) {
    const undelivered = items.reduce((sum, item, i) => (delivered.has(rowIdOf(i)) ? sum : sum + rowTotalMinor(item)), 0n);
    cancelledAmount = minBigInt(undelivered, remainingMinor(order));
  }
  // Cancelled after a delivery: every row still standing is delivered (the rest are cancelled).
  const status = deliveries.length === 0 ? (cancelled ? "Cancelled" : "Open") : cancelled || delivered.size === items.length ? "Delivered" : "PartiallyDelivered";
  const actions: string[] = [];
  if (!cancelled && delivered.size < items.length) actions.push("CanDeliverOrder");
  if (!cancelled && deliveries.length === 0) actions.push("CanCancelOrder");
  if (deliveries.length > 0) actions.push("CanCreditOrderRows");
  return {
    id: order.paymentOrderId,
    merchantOrderId: order.merchantOrderNumber,
    currency: order.currency,
    orderStatus: status,
    paymentType: order.paymentType,
    orderAmount: Number(orderTotalMinor(items)),
    cancelledAmount: Number(cancelledAmount),
    creationDate: order.createdAt,
    availableActions: actions,
    orderRows: rows,
    deliveries: views,
  };
}
