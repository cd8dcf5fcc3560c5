// The mock's Payment Admin endpoints over real HTTP: token checking (either hex case, wrong secret → 401), read,
// deliver, credit, cancel, and consistency with the Instore side of the same order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentAdminAuthorization } from "../../common/payment-admin-token.js";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "../mock-svea/mock-svea-test-server.js";
import { DEMO_PAYMENT_ADMIN, instoreCall as instoreRequest, paidMockOrder, paymentAdminCall, signedHeaders } from "./payment-admin-support.js";

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(async () => {
  await mock?.close();
});

/** Creates an Instore order (coffee 2 × 49.00 at 12 %, mug 125.00 at 25 %: 223.00 SEK) and pays it. */
const paidOrder = (overrides: Record<string, unknown> = {}) => paidMockOrder(mock, overrides);
const instoreCall = (method: string, path: string, body?: unknown) => instoreRequest(mock.url, method, path, body);

describe("Payment Admin token", () => {
  it("matches a worked example computed independently from the documented formula", () => {
    // Derived once with Python's hashlib/base64 from merchantId 124842, secret "worked-example-secret",
    // body {"orderRowIds":[1,2]} and timestamp 2026-01-15 10:00:00: sha512 hex of body + secret + timestamp.
    const expected =
      "Svea MTI0ODQyOjc3YWE5ODFjMDlkZDYwNmFkZTZlNjhkMTQxOTk0NzcwOTg1NjQxZjcxNmM1Yjk1ZmNiYjA2MzE4ZWZiOGFjMTg4YjMzN2I0NDFmMTMwMzlkNzY0MDI0Y2MzNjdhY2M5ZDMxOTYzZTY0ZWUzZTIyMDA3MDdkOTdiZmIyYzY5ZWI5";
    expect(paymentAdminAuthorization("124842", "worked-example-secret", '{"orderRowIds":[1,2]}', "2026-01-15 10:00:00")).toBe(expected);
    const digest = Buffer.from(expected.slice(5), "base64").toString("utf8").split(":")[1];
    expect(digest).toBe("77aa981c09dd606ade6e68d141994770985641f716c5b95fcbb06318efb8ac188b337b441f13039d764024cc367acc9d31963e64ee3e2200707d97bfb2c69eb9");
  });

  it("is accepted in lower- and upper-case hex, and a wrong secret or a missing Timestamp answers 401", async () => {
    const { paymentOrderId } = await paidOrder();
    expect((await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).status).toBe(200);
    expect((await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`, undefined, DEMO_PAYMENT_ADMIN, true)).status).toBe(200);
    const wrong = await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [] }, { merchantId: DEMO_PAYMENT_ADMIN.merchantId, secret: "not-the-secret" });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.json)).not.toContain("demo-payment-admin-secret-2026");
    const noTimestamp = await fetch(`${mock.url}/payment-admin/api/v1/orders/${paymentOrderId}`, { headers: { authorization: "Svea MTI0ODQyOmFiYw==" } });
    expect(noTimestamp.status).toBe(401);
    // The Instore credentials are not Payment Admin's.
    const basicAuth = await fetch(`${mock.url}/payment-admin/api/v1/orders/${paymentOrderId}`, { headers: { authorization: basic(DEMO) } });
    expect(basicAuth.status).toBe(401);
  });
});

describe("Payment Admin endpoints", () => {
  it("shows an order paid with deferredDelivery false as delivered, and an Instore return as its credit", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidOrder({ deferredDelivery: false });
    const read = await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`);
    expect(read.json).toMatchObject({ id: paymentOrderId, merchantOrderId: merchantOrderNumber, orderStatus: "Delivered", orderAmount: 22300, currency: "SEK" });
    expect(read.json.orderRows.map((r: { orderRowId: number }) => r.orderRowId)).toEqual([1, 2]);
    expect(read.json.deliveries).toHaveLength(1);
    expect(read.json.deliveries[0]).toMatchObject({ id: 1, deliveryAmount: 22300, creditedAmount: 0 });

    const returned = await fetch(`${mock.url}/api/v1/orders/${merchantOrderNumber}/return`, {
      method: "POST",
      headers: { authorization: basic(DEMO), "content-type": "application/json" },
      body: JSON.stringify({ returnedItems: [{ articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st" }] }),
    });
    expect(returned.status).toBe(200);
    const after = await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`);
    expect(after.json.deliveries[0]).toMatchObject({ creditedAmount: 12500, credits: [{ amount: 12500, creditType: "Return" }] });
    // Already delivered in full: nothing left to deliver, and no cancel after delivery.
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [] })).status).toBe(400);
    expect((await paymentAdminCall(mock.url, "PATCH", `/orders/${paymentOrderId}`, { isCancelled: true })).status).toBe(400);
  });

  it("delivers rows of a deferred order, credits a delivered row, and never credits more than remains", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidOrder({ deferredDelivery: true });
    expect((await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json).toMatchObject({ orderStatus: "Open", deliveries: [] });
    const first = await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] });
    expect(first).toMatchObject({ status: 202, json: { deliveryId: 1 } });
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] })).status).toBe(400);
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [9] })).status).toBe(400);
    expect((await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json.orderStatus).toBe("PartiallyDelivered");
    const rest = await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [] });
    expect(rest).toMatchObject({ status: 202, json: { deliveryId: 2 } });

    const credit = await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [2] });
    expect(credit).toMatchObject({ status: 201, json: { amount: 12500 } });
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [2] })).status).toBe(400);
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [1] })).status).toBe(400);
    const read = (await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    expect(read).toMatchObject({ orderStatus: "Delivered" });
    expect(read.deliveries.map((d: { creditedAmount: number }) => d.creditedAmount)).toEqual([12500, 0]);

    // The Payment Admin credit draws on what Instore may still return: 223.00 - 125.00 = 98.00 remain.
    const tooMuch = await fetch(`${mock.url}/api/v1/orders/${merchantOrderNumber}/return`, {
      method: "POST",
      headers: { authorization: basic(DEMO), "content-type": "application/json" },
      body: JSON.stringify({ returnedItems: [{ name: "Kreditering", quantity: 100, unitPrice: 9900, vatPercent: 1200, unit: "st" }] }),
    });
    expect(tooMuch.status).toBe(400);
  });

  it("cancels an undelivered paid order, which Instore then reports Canceled; another merchant's order is unknown", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidOrder({ deferredDelivery: true });
    const cancel = await paymentAdminCall(mock.url, "PATCH", `/orders/${paymentOrderId}`, { isCancelled: true });
    expect(cancel.status).toBe(204);
    expect((await paymentAdminCall(mock.url, "PATCH", `/orders/${paymentOrderId}`, { isCancelled: true })).status).toBe(204);
    const read = (await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    expect(read).toMatchObject({ orderStatus: "Cancelled", cancelledAmount: 22300 });
    expect(read.orderRows.every((r: { isCancelled: boolean }) => r.isCancelled)).toBe(true);
    mock.clock.advance(10_000);
    const status = await fetch(`${mock.url}/api/v1/orders/${merchantOrderNumber}/status`, { headers: { authorization: basic(DEMO) } });
    expect(((await status.json()) as { orderStatus: string }).orderStatus).toBe("Canceled");
    const other = await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`, undefined, { merchantId: "124843", secret: "other-payment-admin-secret-2026" });
    expect(other.status).toBe(404);
  });

  it("an Instore cancel of a paid, undelivered deferred order cancels it in Payment Admin: nothing left to deliver, and a PATCH again is 204", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidOrder({ deferredDelivery: true });
    expect((await instoreCall("POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status).toBe(200);
    const read = (await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    expect(read).toMatchObject({ orderStatus: "Cancelled", cancelledAmount: 22300, availableActions: [], deliveries: [] });
    expect(read.orderRows.every((r: { isCancelled: boolean }) => r.isCancelled)).toBe(true);
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [] })).status).toBe(400);
    expect((await paymentAdminCall(mock.url, "PATCH", `/orders/${paymentOrderId}`, { isCancelled: true })).status).toBe(204);
  });

  it("an Instore cancel of a partly delivered deferred order credits the delivered invoice and cancels the undelivered rows, never crediting more than was invoiced", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidOrder({ deferredDelivery: true });
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [2] })).status).toBe(202);
    expect((await instoreCall("POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status).toBe(200);
    const read = (await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    // Mugg (125.00) was invoiced and is credited; Kaffe (2 × 49.00) was never delivered and is cancelled.
    expect(read).toMatchObject({ orderStatus: "Delivered", cancelledAmount: 9800 });
    expect(read.deliveries).toEqual([expect.objectContaining({ deliveryAmount: 12500, creditedAmount: 12500 })]);
    expect(read.orderRows.map((r: { isCancelled: boolean }) => r.isCancelled)).toEqual([true, false]);
    expect(read.availableActions).not.toContain("CanDeliverOrder");
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(400);
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [2] })).status).toBe(400);
  });

  it("an Instore return of a row never delivered, then an Instore cancel, never give back more than the order in all", async () => {
    const coffee = { articleNumber: "K-1", name: "Kaffe", quantity: 100, unitPrice: 4900, vatPercent: 1200, unit: "st" };
    const mug = { articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st" };
    const { merchantOrderNumber, paymentOrderId } = await paidOrder({ deferredDelivery: true, orderItems: [coffee, mug] });
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [1] })).status).toBe(202);
    expect((await instoreCall("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [mug] })).status).toBe(200);
    expect((await instoreCall("POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status).toBe(200);
    const read = (await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    const credited = read.deliveries.reduce((sum: number, d: { creditedAmount: number }) => sum + d.creditedAmount, 0);
    // 125.00 returned and 49.00 left: what is given back (credited and cancelled) is the order's 174.00, not 299.00.
    expect(read.orderAmount).toBe(17400);
    expect(credited + read.cancelledAmount).toBe(17400);
  });

  it("refuses a Payment Admin body that is not valid UTF-8 (a Latin-1 ö) with 400 naming the rule, as the Instore API does, and delivers nothing", async () => {
    const { paymentOrderId } = await paidOrder({ deferredDelivery: true });
    const latin1 = Buffer.concat([Buffer.from('{"orderRowIds":[],"note":"K', "utf8"), Buffer.from([0xf6]), Buffer.from('"}', "utf8")]);
    // Signed over the text a lenient reader makes of it (ö as U+FFFD), which the mock took before.
    const lenient = new TextDecoder().decode(latin1);
    const res = await fetch(`${mock.url}/payment-admin/api/v1/orders/${paymentOrderId}/deliveries`, {
      method: "POST",
      headers: signedHeaders(DEMO_PAYMENT_ADMIN.merchantId, DEMO_PAYMENT_ADMIN.secret, lenient),
      body: latin1,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Record<string, string[]> }).errors.$![0]).toMatch(/not valid UTF-8/);
    expect((await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json.deliveries).toEqual([]);
  });

  it("a row returned through Instore cannot be credited again in Payment Admin, whichever API goes first", async () => {
    const { merchantOrderNumber, paymentOrderId } = await paidOrder({ deferredDelivery: true });
    const mug = { articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st" };
    expect((await instoreCall("POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [mug] })).status).toBe(200);
    expect((await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: [] })).status).toBe(202);
    const again = await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [2] });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.json)).toContain("returned through Instore");
    // The row nobody credited still can be, and the invoice then holds what was sold less both credits.
    expect(await paymentAdminCall(mock.url, "POST", `/orders/${paymentOrderId}/deliveries/1/credits`, { orderRowIds: [1] })).toMatchObject({ status: 201, json: { amount: 9800 } });
    const read = (await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).json;
    expect(read.deliveries[0]).toMatchObject({ deliveryAmount: 22300, creditedAmount: 22300 });
  });

  it("does not know an order that is not paid", async () => {
    const created = await fetch(`${mock.url}/api/v1/orders`, {
      method: "POST",
      headers: { authorization: basic(DEMO), "content-type": "application/json" },
      body: JSON.stringify(orderRequest()),
    });
    const { paymentOrderId } = (await created.json()) as { paymentOrderId: number };
    expect((await paymentAdminCall(mock.url, "GET", `/orders/${paymentOrderId}`)).status).toBe(404);
  });
});
