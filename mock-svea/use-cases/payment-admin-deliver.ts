// POST /payment-admin/api/v1/orders/{id}/deliveries: delivers the named rows of a paid order (all undelivered rows for []).
import { paymentAdminSchemas, paymentAdminServerRequestValidators } from "../../common/svea-payment-admin-schemas.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { MockSveaError } from "../problem-document.js";
import { matchPropertyNames } from "../property-name-case.js";
import { deliveredRowIds, deliveriesOf, findPaymentAdminOrder, isCancelledInPaymentAdmin, rowById, rowIdOf } from "./payment-admin-order.js";

export async function deliverPaymentAdminOrder(deps: MockSveaDeps, merchantId: string, paymentOrderId: string, body: unknown): Promise<{ order: MockOrder; deliveryId: number }> {
  const order = findPaymentAdminOrder(deps, merchantId, paymentOrderId);
  const checked = paymentAdminServerRequestValidators.deliverRequest(matchPropertyNames(body, paymentAdminSchemas.deliverRequest));
  if (!checked.ok) throw new MockSveaError(400, "the delivery is invalid", checked.errors);
  if (isCancelledInPaymentAdmin(order) || order.orderStatus !== "Completed")
    throw MockSveaError.invalid("", "deliverable", "the order is cancelled or credited and cannot be delivered");
  const delivered = deliveredRowIds(order);
  const requested = checked.value.orderRowIds;
  requested.forEach((id, i) => {
    if (!rowById(order, id)) throw MockSveaError.invalid(`orderRowIds[${i}]`, "exists", `the order has no row ${id}`);
    if (delivered.has(id)) throw MockSveaError.invalid(`orderRowIds[${i}]`, "deliverable", `row ${id} is already delivered`);
  });
  const rowIds = requested.length > 0 ? requested : order.request.orderItems.map((_, i) => rowIdOf(i)).filter((id) => !delivered.has(id));
  if (rowIds.length === 0) throw MockSveaError.invalid("orderRowIds", "deliverable", "every row is already delivered");
  const existing = deliveriesOf(order);
  const deliveryId = existing.length + 1;
  const at = new Date(deps.clock.now()).toISOString();
  const next: MockOrder = { ...order, deliveries: [...existing, { id: deliveryId, at, orderRowIds: [...rowIds].sort((a, b) => a - b) }] };
  await deps.repo.save(next);
  return { order: next, deliveryId };
}
