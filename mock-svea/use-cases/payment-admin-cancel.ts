// PATCH /payment-admin/api/v1/orders/{id} {"isCancelled":true}: cancels a paid order nothing of which is delivered.
import { paymentAdminSchemas, paymentAdminServerRequestValidators } from "../../common/svea-payment-admin-schemas.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { MockSveaError } from "../problem-document.js";
import { matchPropertyNames } from "../property-name-case.js";
import { deliveriesOf, findPaymentAdminOrder, isCancelledInPaymentAdmin } from "./payment-admin-order.js";

/** Cancelling twice is answered like once, so a retry after a lost answer is safe. Instore then reports Canceled. */
export async function cancelPaymentAdminOrder(deps: MockSveaDeps, merchantId: string, paymentOrderId: string, body: unknown): Promise<MockOrder> {
  const order = findPaymentAdminOrder(deps, merchantId, paymentOrderId);
  const checked = paymentAdminServerRequestValidators.cancelRequest(matchPropertyNames(body, paymentAdminSchemas.cancelRequest));
  if (!checked.ok) throw new MockSveaError(400, "only {\"isCancelled\":true} is supported", checked.errors);
  if (isCancelledInPaymentAdmin(order)) return order;
  if (deliveriesOf(order).length > 0) throw MockSveaError.invalid("isCancelled", "cancellable", "the order has deliveries: credit them instead");
  if (order.orderStatus !== "Completed") throw MockSveaError.invalid("isCancelled", "cancellable", "the order is already credited");
  const cancelled: MockOrder = { ...order, orderStatus: "Canceled", reason: "merchant", canceledAt: new Date(deps.clock.now()).toISOString() };
  await deps.repo.save(cancelled);
  return cancelled;
}
