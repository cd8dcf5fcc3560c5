// The Payment Admin side of a mock order: which paid orders Payment Admin knows, their row ids, deliveries, credits
// and status, derived from the one stored Instore order so the two APIs never disagree.
import { orderTotalMinor, rowTotalMinor } from "../../common/money.js";
import type { OrderItem } from "../../common/svea-instore-types.js";
import type { PaymentAdminDelivery, PaymentAdminOrder, PaymentAdminOrderRow } from "../../common/svea-payment-admin-types.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { responseItem } from "../order-views.js";
import { MockSveaError } from "../problem-document.js";
import { creditedMinor, maxBigInt, minBigInt, replayCredits, type RowDraw } from "./credit-arithmetic.js";

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

type StoredCredit = MockOrder["credits"][number];

/** A credit as Payment Admin shows it on one delivery: all of a Payment Admin credit, or a share of an Instore one. */
export interface CreditOnDelivery {
  credit: StoredCredit;
  amount: bigint;
}

/** One delivery's credits as Payment Admin shows them, and what its invoice has left to credit. */
export interface DeliveryCredits {
  shown: CreditOnDelivery[];
  creditable: bigint;
}

const deliveryTotal = (order: MockOrder, delivery: StoredDelivery): bigint => orderTotalMinor(delivery.orderRowIds.map((id) => rowById(order, id)!));

/** A returned row's amount per sold row it drew on (split by quantity when it drew on several, exactly in all). */
function amountPerRow(item: OrderItem, draws: readonly RowDraw[]): [row: number, amount: bigint][] {
  const total = rowTotalMinor(item);
  if (draws.length <= 1) return draws.map((d) => [d.row, total]);
  const quantity = BigInt(draws.reduce((sum, d) => sum + d.quantity, 0));
  let given = 0n;
  return draws.map((d, k) => {
    const share = k === draws.length - 1 ? total - given : (total * BigInt(d.quantity)) / quantity;
    given += share;
    return [d.row, share];
  });
}

/**
 * The credits on each of the order's deliveries (by index), taken in the order they were made. A Payment Admin credit
 * sits on its delivery. An Instore credit (a return, a cancel's credit) names no delivery, so it goes where it drew:
 * - each returned row's amount on the delivery of the sold row it drew on (`replayCredits`), as far as that invoice
 *   has anything left;
 * - what drew on no sold row (a cancel's credit, an empty return, a row of no sold article, a rounding row) fills the
 *   invoices this credit already drew on, then the others, first to last, each up to what it has left;
 * - what drew on a row not delivered yet, or on a row whose invoice has nothing left, or found no invoice with anything
 *   left, credits no invoice (`showUninvoiced`). A row's share never spills onto another row's invoice: that row's
 *   delivery may be newer than a Payment Admin credit which has since taken the other invoice's room, and replayed now
 *   the share would credit that invoice a second time.
 * So every Instore credit shows in full on the deliveries (what they show credited other than Payment Admin's own
 * credits is what Instore credited, as the plugin reads it), and an invoice is never credited past its amount.
 */
export function creditsOnDeliveries(order: MockOrder): DeliveryCredits[] {
  const deliveries = deliveriesOf(order);
  const out: DeliveryCredits[] = deliveries.map((d) => ({ shown: [], creditable: deliveryTotal(order, d) }));
  if (out.length === 0) return out;
  const deliveryOfRow = new Map<number, number>();
  deliveries.forEach((d, n) => d.orderRowIds.forEach((id) => deliveryOfRow.set(id - 1, n)));
  const { draws } = replayCredits(order);
  const uninvoiced: CreditOnDelivery[] = [];
  order.credits.forEach((credit, c) => {
    const amount = BigInt(credit.amountMinor);
    if (credit.kind === "payment-admin") {
      const n = deliveries.findIndex((d) => d.id === credit.deliveryId);
      if (n >= 0) {
        out[n]!.creditable -= amount;
        out[n]!.shown.push({ credit, amount });
      }
      return;
    }
    // Shares on invoices, in the order this credit touched them; `unplaced` has drawn on no sold row yet.
    const shares = new Map<number, bigint>();
    const place = (n: number, share: bigint) => {
      out[n]!.creditable -= share;
      shares.set(n, (shares.get(n) ?? 0n) + share);
    };
    let unplaced = amount;
    let onNoInvoice = 0n;
    credit.items.forEach((item, i) => {
      for (const [row, part] of amountPerRow(item, draws[c]![i]!)) {
        unplaced -= part;
        const n = deliveryOfRow.get(row);
        const share = n === undefined ? 0n : part > 0n ? minBigInt(part, maxBigInt(out[n]!.creditable, 0n)) : part;
        if (n !== undefined) place(n, share);
        onNoInvoice += part - share;
      }
    });
    for (const n of [...shares.keys(), ...out.keys()]) {
      if (unplaced <= 0n) break;
      const share = minBigInt(unplaced, maxBigInt(out[n]!.creditable, 0n));
      if (share > 0n) place(n, share);
      unplaced -= share;
    }
    // Rows that credit less than nothing (a coupon returned beside other rows) take from this credit's other shares.
    for (const n of [...shares.keys()].reverse()) {
      if (unplaced >= 0n) break;
      const back = minBigInt(-unplaced, maxBigInt(shares.get(n)!, 0n));
      place(n, -back);
      unplaced += back;
    }
    onNoInvoice += unplaced;
    for (const [n, share] of shares) if (share !== 0n) out[n]!.shown.push({ credit, amount: share });
    if (onNoInvoice !== 0n || ![...shares.values()].some((share) => share !== 0n)) uninvoiced.push({ credit, amount: onNoInvoice });
  });
  showUninvoiced(order, deliveries, out, uninvoiced);
  return out;
}

/**
 * Shows what credited no invoice, once every credit is placed, without taking from any invoice: on the deliveries that
 * show less credited than they hold, first to last, each up to that; the rest (or a share of nothing or less) on the
 * first delivery. A delivery so shows more credited than it holds only when more is credited in all than is delivered.
 * A row not delivered yet moves to its own delivery's invoice once it is delivered.
 */
function showUninvoiced(order: MockOrder, deliveries: readonly StoredDelivery[], out: DeliveryCredits[], uninvoiced: readonly CreditOnDelivery[]): void {
  const room = deliveries.map((d, n) => deliveryTotal(order, d) - out[n]!.shown.reduce((sum, s) => sum + s.amount, 0n));
  const show = (n: number, credit: StoredCredit, amount: bigint) => {
    room[n]! -= amount;
    const same = out[n]!.shown.find((s) => s.credit === credit);
    if (same) same.amount += amount;
    else out[n]!.shown.push({ credit, amount });
  };
  for (const { credit, amount } of uninvoiced) {
    let left = amount;
    let shown = false;
    for (const n of out.keys()) {
      const share = minBigInt(left, maxBigInt(room[n]!, 0n));
      if (share <= 0n) continue;
      show(n, credit, share);
      left -= share;
      shown = true;
    }
    if (left !== 0n || !shown) show(0, credit, left);
  }
  const made = new Map(order.credits.map((credit, c) => [credit, c]));
  for (const d of out) d.shown.sort((a, b) => made.get(a.credit)! - made.get(b.credit)!);
}

/** What is still creditable on the order's `index`-th delivery's invoice: its rows' total less the credits on it. */
export function creditableOnDelivery(order: MockOrder, index: number): bigint {
  return creditsOnDeliveries(order)[index]?.creditable ?? 0n;
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
 * GET /api/v1/orders/{id}. Instore returns (and a cancel's credit) show on the deliveries they credited
 * (`creditsOnDeliveries`). Every amount is a sum of some of the order's rows (or of credits no larger than those), and
 * create refused rows whose totals above or below zero add up past Number.MAX_SAFE_INTEGER (checkOrderTotal), so each
 * Number(...) here is exact.
 */
export function toPaymentAdminOrder(order: MockOrder): PaymentAdminOrder {
  const cancelled = isCancelledInPaymentAdmin(order);
  const deliveries = deliveriesOf(order);
  const delivered = deliveredRowIds(order);
  const items = order.request.orderItems;
  const rows = items.map((item, i) => toRow(item, i, cancelled && !delivered.has(rowIdOf(i))));
  const onDeliveries = creditsOnDeliveries(order);
  const views: PaymentAdminDelivery[] = deliveries.map((d, n) => {
    const credits = onDeliveries[n]!.shown;
    return {
      id: d.id,
      creationDate: d.at,
      deliveryAmount: Number(deliveryTotal(order, d)),
      creditedAmount: Number(credits.reduce((sum, c) => sum + c.amount, 0n)),
      orderRows: d.orderRowIds.map((id) => rows[id - 1]!),
      credits: credits.map(({ credit: c, amount }) => ({
        amount: Number(amount),
        orderRowIds: c.orderRowIds ?? [],
        creditType: c.kind === "payment-admin" ? "Rows" : c.kind === "return" ? "Return" : "Cancel",
        creationDate: c.at,
      })),
    };
  });
  // Every credit shows on a delivery when there is one. Without a delivery there is no invoice to credit: what Instore
  // credited lowers the order instead. A cancelled order gives back the rest: credited and cancelled make the order.
  const onInvoices = deliveries.length > 0 ? creditedMinor(order) : 0n;
  const cancelledAmount = cancelled ? orderTotalMinor(items) - onInvoices : deliveries.length === 0 ? creditedMinor(order) : 0n;
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
