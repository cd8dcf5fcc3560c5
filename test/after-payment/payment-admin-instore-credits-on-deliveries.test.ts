// The mock's Payment Admin put every Instore credit (a return, a cancel's credit) on the first delivery, whatever rows it
// credited. On an order delivered in two deliveries that credited a row twice, or refused a row never credited.
// API document lines 49-50 ("On an order that is already paid and delivered, cancel credits the invoice") and 161-164
// (Payment Admin deliver / credit per delivery): an invoice credited in full cannot be credited again, and a delivery's
// own row that nobody credited can be.
import { describe, expect, it } from "vitest";
import { creditedThroughInstore } from "../../plugin/use-cases/after-payment/settle-pending.js";
import { coffee, instoreCall, mug, paidMockOrder, paymentAdminCall, tea, useTestMock } from "./payment-admin-support.js";

const running = useTestMock();


const paidDeferredOrder = () => paidMockOrder(running.mock, { deferredDelivery: true, orderItems: [coffee, mug, tea] });
const instore = (method: string, path: string, body?: unknown) => instoreCall(running.mock.url, method, path, body);

describe("Instore credits on an order with deliveries", () => {
  it("an Instore cancel credits both delivered invoices; Payment Admin then refuses crediting the second delivery's row again", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidDeferredOrder();
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] })).status).toBe(202);
    // Coffee (98.00) and mug (125.00) invoiced; tea (200.00) never delivered. The cancel credits 223.00 and cancels 200.00.
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status).toBe(200);
    const before = (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    expect(before.cancelledAmount).toBe(20000);
    // The mug's invoice (delivery 2) was credited by the cancel: crediting it again gives the customer 125.00 twice.
    const again = await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries/2/credits`, { orderRowIds: [2] });
    expect(again.status).toBe(400);
    const after = (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    // Tea stays cancelled in full: 200.00, not 200.00 less the mug's second credit.
    expect(after.cancelledAmount).toBe(20000);
  });

  it("an Instore return of the second delivery's row is not shown on the first delivery, whose own row stays creditable", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidDeferredOrder();
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] })).status).toBe(202);
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [mug] })).status).toBe(200);
    const read = (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    // The coffee was never credited by anyone: Payment Admin credits it.
    const coffeeCredit = await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [1] });
    expect(coffeeCredit).toMatchObject({ status: 201, json: { amount: 9800 } });
    // And no invoice shows more credited than it holds: delivery 1 is 98.00 of coffee, the 125.00 returned is the mug's.
    for (const d of read.deliveries as { deliveryAmount: number; creditedAmount: number }[]) expect(d.creditedAmount).toBeLessThanOrEqual(d.deliveryAmount);
  });

  it("a return before any delivery, then a cancel: Payment Admin still shows the whole order taken off (cancelledAmount), not less than before the cancel", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidDeferredOrder();
    // 423.00 paid (coffee 98.00, mug 125.00, tea 200.00); nothing delivered; the mug returned through Instore.
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [mug] })).status).toBe(200);
    const before = (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    expect(before.cancelledAmount).toBe(12500);
    expect((await paymentAdminCall(running.mock.url, "PATCH", `/orders/${paymentOrderId}`, { isCancelled: true })).status).toBe(204);
    const after = (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    expect(after.orderStatus).toBe("Cancelled");
    expect(after.orderRows.every((r: { isCancelled: boolean }) => r.isCancelled)).toBe(true);
    // Every row cancelled, no invoice: the whole 423.00 is off the order (the mock answered 298.00, dropping the 125.00 returned).
    expect(after.cancelledAmount).toBe(after.orderAmount);
  });

  // What Payment Admin shows: each delivery's credits and what is off the order.
  async function read(paymentOrderId: number) {
    return (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json as {
      orderStatus: string;
      orderAmount: number;
      cancelledAmount: number;
      deliveries: { id: number; deliveryAmount: number; creditedAmount: number; credits: { amount: number; creditType: string }[] }[];
    };
  }
  const creditedOnDeliveries = (order: Awaited<ReturnType<typeof read>>) => order.deliveries.reduce((sum, d) => sum + d.creditedAmount, 0);

  it("a return of a row not delivered yet takes nothing from another row's invoice, and moves to the row's own delivery once it is delivered", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidDeferredOrder();
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [tea] })).status).toBe(200);
    // Tea (200.00) is credited before it is delivered: it shows on delivery 1 (every Instore credit shows somewhere, as
    // the plugin reads it), and the plugin's reading of what Instore credited is the 200.00.
    const before = await read(paymentOrderId);
    expect(creditedThroughInstore(before as never)).toBe(20000n);
    expect(before.cancelledAmount).toBe(0);
    // Tea is delivered: its return now shows on its own delivery, and the coffee's invoice is credited by nobody.
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [3] })).status).toBe(202);
    const after = await read(paymentOrderId);
    expect(after.deliveries.map((d) => d.creditedAmount)).toEqual([0, 20000]);
    expect(creditedThroughInstore(after as never)).toBe(20000n);
    // Payment Admin credits the coffee (its own row, never credited), not the tea again.
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [1] })).status).toBe(201);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries/2/credits`, { orderRowIds: [3] })).status).toBe(400);
  });

  it("an Instore cancel after a return of an undelivered row credits what was delivered less every credit (here nothing): credited and cancelled make the order", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidDeferredOrder();
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [tea] })).status).toBe(200);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status).toBe(200);
    const order = await read(paymentOrderId);
    // Tea 200.00 returned, coffee 98.00 delivered: the cancel credits min(423.00 - 200.00, 98.00 - 200.00), nothing, so
    // what Instore credited in all stays 200.00 (the plugin settles a lost credit by it); coffee and mug 223.00 cancelled.
    expect(order.cancelledAmount).toBe(22300);
    expect(creditedOnDeliveries(order)).toBe(20000);
    expect(creditedOnDeliveries(order) + order.cancelledAmount).toBe(order.orderAmount);
    expect(creditedThroughInstore(order as never)).toBe(20000n);
  });

  it("an Instore cancel's credit shows on the invoices with something left, none past its amount", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidDeferredOrder();
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] })).status).toBe(202);
    // One coffee (49.00) returned: the cancel credits 223.00 - 49.00 = 174.00, the coffee's 49.00 left and the mug's 125.00.
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [{ ...coffee, quantity: 100 }] })).status).toBe(200);
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status).toBe(200);
    const order = await read(paymentOrderId);
    expect(order.deliveries.map((d) => d.creditedAmount)).toEqual([9800, 12500]);
    expect(order.deliveries.map((d) => d.credits.map((c) => [c.creditType, c.amount]))).toEqual([
      [["Return", 4900], ["Cancel", 4900]],
      [["Cancel", 12500]],
    ]);
    expect(order.cancelledAmount).toBe(20000);
  });

  it("every Instore credit shows in full on the deliveries, so the plugin's reading of what Instore credited is what it credited", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidDeferredOrder();
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] })).status).toBe(202);
    // One coffee of the two (row 1), a credit by amount (no sold row), then Payment Admin's own credit of the mug.
    const amountCredit = { name: "Kreditering", quantity: 100, unitPrice: 3000, vatPercent: 2500, unit: "st" };
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [{ ...coffee, quantity: 100 }] })).status).toBe(200);
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [amountCredit] })).status).toBe(200);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries/2/credits`, { orderRowIds: [2] })).status).toBe(201);
    const mid = await read(paymentOrderId);
    expect(creditedThroughInstore(mid as never)).toBe(4900n + 3000n);
    // The coffee's 49.00 and the 30.00 by amount on the coffee's invoice (98.00), the mug's 125.00 on its own.
    expect(mid.deliveries.map((d) => d.creditedAmount)).toEqual([7900, 12500]);
    // The annul of a partly delivered order: an empty return credits what is left of the whole order (tea included).
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [] })).status).toBe(200);
    const end = await read(paymentOrderId);
    expect(creditedThroughInstore(end as never)).toBe(42300n - 12500n);
    expect(creditedOnDeliveries(end)).toBe(end.orderAmount);
  });
});
