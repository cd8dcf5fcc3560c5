// POST /payment-admin/api/v1/orders/{id}/deliveries/{deliveryId}/credits: credits whole delivered rows, never more than
// is still creditable (Instore returns draw on the same amount).
import { orderTotalMinor } from "../../common/money.js";
import { paymentAdminSchemas, paymentAdminServerRequestValidators } from "../../common/svea-payment-admin-schemas.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { MockSveaError } from "../problem-document.js";
import { matchPropertyNames } from "../property-name-case.js";
import { minBigInt, remainingMinor, returnedRows } from "./credit-arithmetic.js";
import { creditableOnDelivery, deliveriesOf, findPaymentAdminOrder, rowById } from "./payment-admin-order.js";

export async function creditPaymentAdminDelivery(
  deps: MockSveaDeps,
  merchantId: string,
  paymentOrderId: string,
  deliveryId: string,
  body: unknown,
): Promise<{ order: MockOrder; creditId: number; amount: bigint }> {
  const order = findPaymentAdminOrder(deps, merchantId, paymentOrderId);
  const deliveries = deliveriesOf(order);
  const index = deliveries.findIndex((d) => String(d.id) === deliveryId);
  const delivery = deliveries[index];
  if (!delivery) throw new MockSveaError(404, `order ${paymentOrderId} has no delivery ${deliveryId}`);
  const checked = paymentAdminServerRequestValidators.creditRequest(matchPropertyNames(body, paymentAdminSchemas.creditRequest));
  if (!checked.ok) throw new MockSveaError(400, "the credit is invalid", checked.errors);
  const already = new Set(order.credits.filter((c) => c.kind === "payment-admin" && c.deliveryId === delivery.id).flatMap((c) => c.orderRowIds ?? []));
  // Rows an Instore return credited (in part or whole): crediting the whole row here would credit that part twice.
  const returned = returnedRows(order);
  checked.value.orderRowIds.forEach((id, i) => {
    if (!delivery.orderRowIds.includes(id)) throw MockSveaError.invalid(`orderRowIds[${i}]`, "delivered", `row ${id} is not in delivery ${delivery.id}`);
    if (already.has(id)) throw MockSveaError.invalid(`orderRowIds[${i}]`, "creditable", `row ${id} is already credited`);
    if (returned.has(id - 1)) throw MockSveaError.invalid(`orderRowIds[${i}]`, "creditable", `row ${id} was returned through Instore; credit what is left of it there`);
  });
  const items = checked.value.orderRowIds.map((id) => rowById(order, id)!);
  const amount = orderTotalMinor(items);
  // Never more than the order has left to credit, nor more than this delivery's invoice has left.
  const remaining = minBigInt(remainingMinor(order), creditableOnDelivery(order, index));
  if (amount > remaining)
    throw MockSveaError.invalid("orderRowIds", "creditable", `the rows total ${amount} minor units but only ${remaining} remain creditable`);
  const at = new Date(deps.clock.now()).toISOString();
  const credit = { at, kind: "payment-admin" as const, deliveryId: delivery.id, orderRowIds: checked.value.orderRowIds, items, amountMinor: amount.toString() };
  const next: MockOrder = { ...order, credits: [...order.credits, credit] };
  await deps.repo.save(next);
  return { order: next, creditId: next.credits.length, amount };
}
