// What the customer does on the payment link (or a test does for them through the admin API): pay, or decline.
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder, PaymentMethod } from "../mock-svea-schemas.js";
import { customerFor } from "../customer-address.js";
import type { CustomerInformation } from "../../common/svea-instore-types.js";

/** Why a link can no longer be used: shown to the customer, answered 409 to the admin API. */
export class CheckoutRefusedError extends Error {
  override readonly name = "CheckoutRefusedError";
  constructor(
    readonly reason: "expired" | "canceled" | "completed",
    readonly order: MockOrder,
  ) {
    super(`the payment link of "${order.merchantOrderNumber}" is ${reason}`);
  }
}

// The strings Svea's Payment Admin uses for these payment types; Svea documents no exact Instore values (README).
const PAYMENT_TYPES: Record<PaymentMethod, { paymentType: string; paymentMethodType: string; campaignCode: number | null }> = {
  invoice: { paymentType: "Invoice", paymentMethodType: "Invoice", campaignCode: null },
  card: { paymentType: "Card", paymentMethodType: "Card", campaignCode: null },
  partPayment: { paymentType: "PaymentPlan", paymentMethodType: "PaymentPlan", campaignCode: 213060 },
};

export function isExpired(order: MockOrder, now: number): boolean {
  return Date.parse(order.expiresAt) <= now;
}

/** Throws unless the link can still be paid or declined right now. */
export function assertPayable(order: MockOrder, now: number): void {
  if (order.orderStatus === "Completed") throw new CheckoutRefusedError("completed", order);
  if (order.orderStatus === "Canceled") throw new CheckoutRefusedError(order.reason === "expired" ? "expired" : "canceled", order);
  if (isExpired(order, now)) throw new CheckoutRefusedError("expired", order);
}

/** The order as stored now: a page or admin call may hold a copy read before someone else acted. */
function current(deps: MockSveaDeps, order: MockOrder): MockOrder {
  return deps.repo.find(order.merchantId, order.merchantOrderNumber) ?? order;
}

/** The callback a finished order is owed, stored with the change that finished it (none without a callbackUri). */
function firstCallback(order: MockOrder, now: number): MockOrder["callbackOwed"] {
  return order.request.callbackUri ? { attempt: 1, dueAt: new Date(now).toISOString() } : null;
}

/** `customer`: what Svea reports about the customer once paid; by default one made up from the order (customerFor). */
export async function payOrder(deps: MockSveaDeps, stale: MockOrder, method: PaymentMethod, customer?: CustomerInformation): Promise<MockOrder> {
  const order = current(deps, stale);
  const now = deps.clock.now();
  assertPayable(order, now);
  const paid: MockOrder = {
    ...order,
    orderStatus: "Completed",
    completedAt: new Date(now).toISOString(),
    ...PAYMENT_TYPES[method],
    customerInformation: customer ?? customerFor(order),
    callbackOwed: firstCallback(order, now),
  };
  await deps.repo.save(paid);
  deps.callbacks.enqueue(paid);
  return paid;
}

export async function declineOrder(deps: MockSveaDeps, stale: MockOrder): Promise<MockOrder> {
  const order = current(deps, stale);
  const now = deps.clock.now();
  assertPayable(order, now);
  const declined: MockOrder = { ...order, orderStatus: "Canceled", reason: "declined", canceledAt: new Date(now).toISOString(), callbackOwed: firstCallback(order, now) };
  await deps.repo.save(declined);
  deps.callbacks.enqueue(declined);
  return declined;
}
