// Which of a paid order's rows are still to deliver, as Payment Admin's order shows them.
import type { PaymentAdminOrder } from "../../../common/svea-payment-admin-types.js";

/** Svea's ids of the rows in no delivery yet and not cancelled: what order.deliver without rows delivers. */
export function openOrderRowIds(order: PaymentAdminOrder): number[] {
  const delivered = deliveredOrderRowIds(order);
  return order.orderRows.filter((r) => !delivered.has(r.orderRowId) && r.isCancelled !== true).map((r) => r.orderRowId);
}

export function deliveredOrderRowIds(order: PaymentAdminOrder): Set<number> {
  return new Set(order.deliveries.flatMap((d) => d.orderRows.map((r) => r.orderRowId)));
}

/** Whether delivering `orderRowIds` leaves no row of the order open. */
export function deliversTheRest(order: PaymentAdminOrder, orderRowIds: readonly number[]): boolean {
  const now = new Set(orderRowIds);
  return openOrderRowIds(order).every((id) => now.has(id));
}
