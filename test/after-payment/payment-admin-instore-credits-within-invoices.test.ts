// Where creditsOnDeliveries places Instore credits, replayed over the deliveries as they are now: a later delivery never
// puts part of an earlier return on an invoice a Payment Admin credit has since credited in full, and a credit of a row
// not delivered yet shows on deliveries with room while no more is credited than delivered.
import { describe, expect, it } from "vitest";
import { creditsOnDeliveries } from "../../mock-svea/use-cases/payment-admin-order.js";
import { coffee, instoreCall, mug, paidMockOrder, paymentAdminCall, tea, useTestMock } from "./payment-admin-support.js";

const running = useTestMock();

const instore = (method: string, path: string, body?: unknown) => instoreCall(running.mock.url, method, path, body);
type View = { orderAmount: number; cancelledAmount: number; deliveries: { id: number; deliveryAmount: number; creditedAmount: number; credits: { amount: number; creditType: string }[] }[] };
const read = async (id: number) => (await paymentAdminCall(running.mock.url, "GET", `/orders/${id}`)).json as View;
const stored = (n: string) => [...running.mock.deps.repo.allOrders()].find((o) => o.merchantOrderNumber === n)!;

describe("Instore credits placed on deliveries", () => {
  it("a later delivery never moves an earlier Instore credit onto an invoice a Payment Admin credit has since credited in full", async () => {
    // Mug (125.00) delivered first, coffee (98.00) second; tea (200.00) not yet.
    const { merchantOrderNumber, paymentOrderId } = await paidMockOrder(running.mock, { deferredDelivery: true, orderItems: [coffee, mug, tea] });
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] })).status).toBe(202);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    // Tea returned at another price (README: held only by the amount limit): 250.00, not yet invoiced.
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [{ ...tea, unitPrice: 25000 }] })).status).toBe(200);
    // Payment Admin credits the mug's invoice in full: allowed, nothing had credited it.
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [2] })).status).toBe(201);
    // Tea delivered: the return's 50.00 beyond the tea's invoice now lands on the mug's invoice, already credited in full.
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [3] })).status).toBe(202);
    const after = await read(paymentOrderId);
    const credited = after.deliveries.reduce((s, d) => s + d.creditedAmount, 0);
    const delivered = after.deliveries.reduce((s, d) => s + d.deliveryAmount, 0);
    expect(credited).toBeLessThanOrEqual(delivered); // 375.00 credited of 423.00 delivered: every credit fits somewhere
    // The mug's invoice (125.00) must not show 175.00 credited (Payment Admin's 125.00 plus 50.00 of the tea's return).
    expect(creditsOnDeliveries(stored(merchantOrderNumber)).map((d) => d.creditable >= 0n)).toEqual([true, true, true]);
    for (const d of after.deliveries) expect(d.creditedAmount, `delivery ${d.id}`).toBeLessThanOrEqual(d.deliveryAmount);
  });

  it("README: a delivery shows more credited than it holds only when more is credited in all than is delivered", async () => {
    // Coffee (98.00) in delivery 1, tea (200.00) in delivery 2; the mug (125.00) returned before it is delivered.
    const { merchantOrderNumber, paymentOrderId } = await paidMockOrder(running.mock, { deferredDelivery: true, orderItems: [coffee, mug, tea] });
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [3] })).status).toBe(202);
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [mug] })).status).toBe(200);
    const view = await read(paymentOrderId);
    // 125.00 credited of 298.00 delivered, yet delivery 1 (98.00 of coffee) shows the mug's 125.00 on it.
    for (const d of view.deliveries) expect(d.creditedAmount, `delivery ${d.id}`).toBeLessThanOrEqual(d.deliveryAmount);
  });
});
