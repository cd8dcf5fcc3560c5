// An Instore cancel of a paid order credits what was delivered less every credit so far (returns of rows not delivered
// yet included), however the credits show on the deliveries. 7e780e9 made it credit what the invoices had left, so
// after a return of an undelivered row it credited the delivered invoice too, and the plugin's settle of a lost credit
// (creditedThroughInstore) took the cancel's credit for its own: a credit that never landed was recorded done.
import { describe, expect, it } from "vitest";
import { creditedThroughInstore } from "../../plugin/use-cases/after-payment/settle-pending.js";
import { coffee, instoreCall, mug, paidMockOrder, paymentAdminCall, tea, useTestMock } from "./payment-admin-support.js";

const running = useTestMock();

const instore = (method: string, path: string, body?: unknown) => instoreCall(running.mock.url, method, path, body);

describe("Instore cancel after a return of an undelivered row", () => {
  it("the cancel credits what it credited before this change (min(remaining, delivered - credited)), so the plugin settles a lost return the same", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidMockOrder(running.mock, { deferredDelivery: true, orderItems: [coffee, mug, tea] });
    // The plugin credited the tea (200.00, landed and recorded); the coffee (98.00) is then delivered.
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [tea] })).status).toBe(200);
    expect((await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    // The plugin's next credit of 50.00 loses its answer and never lands; then the order is cancelled through Instore
    // (Svea's portal, another system).
    expect((await instore("POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status).toBe(200);
    const view = (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    const recordedByPlugin = 20000n;
    const lostCredit = 5000n;
    // settle-pending.ts: done = creditedThroughInstore(order) >= recorded + amount. Before 7e780e9 the cancel credited
    // min(423.00 - 200.00, 98.00 - 200.00) = nothing, creditedThroughInstore stayed 200.00 and the lost 50.00 settled
    // "not done" (it never landed). Now the cancel credits 98.00, and the 50.00 that never landed settles "done".
    expect(creditedThroughInstore(view) - recordedByPlugin).toBe(0n);
    expect(creditedThroughInstore(view) >= recordedByPlugin + lostCredit).toBe(false);
  });
});
