// Create is retried with the same merchantOrderNumber, and never makes two orders, even when an answer is lost.
import { describe, expect, it } from "vitest";
import { SveaDuplicateOrderError, SveaUnexpectedResponseError } from "../../plugin/svea-client/index.js";
import { exampleOrder, fakeSveaWithClient, rejectionOf } from "./support/client-test-setup.js";
import { sendJson } from "./support/test-http-server.js";

const CREATE = /^\/api\/v1\/orders$/;
const STATUS = /\/status$/;

describe("createOrder", () => {
  it("returns Svea's answer when all goes well", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    const request = exampleOrder();
    const result = await client.createOrder(request);
    expect(result).toMatchObject({ merchantOrderNumber: request.merchantOrderNumber, orderStatus: "Active", smsSentSuccessfully: true, recoveredFromDuplicate: false });
    expect(result.paymentOrderId).toBe(fake.orders.get(request.merchantOrderNumber)?.paymentOrderId);
    expect(JSON.parse(server.requests[0]!.body)).toEqual(request);
  });

  it("a lost answer (order stored, socket destroyed) ends with exactly ONE order, returned as recovered", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    let lost = 0;
    fake.hooks.afterEffect = (req, res) => {
      if (req.method !== "POST" || lost > 0) return false;
      lost++;
      res.socket?.destroy();
      return true;
    };
    const request = exampleOrder();
    const result = await client.createOrder(request);

    expect(fake.orders.size).toBe(1);
    const stored = fake.orders.get(request.merchantOrderNumber)!;
    expect(result).toMatchObject({
      merchantOrderNumber: request.merchantOrderNumber,
      paymentOrderId: stored.paymentOrderId,
      instoreUiUri: stored.instoreUiUri,
      orderStatus: "Active",
      recoveredFromDuplicate: true,
      smsSentSuccessfully: null,
    });
    expect(server.count("POST", CREATE)).toBe(2);
    expect(server.count("GET", STATUS)).toBe(1);
    // Both POSTs carried the same order number.
    expect(server.requests.filter((r) => r.method === "POST").map((r) => JSON.parse(r.body).merchantOrderNumber)).toEqual([
      request.merchantOrderNumber,
      request.merchantOrderNumber,
    ]);
  });

  it("a 500 after the order was stored is recovered the same way", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.hooks.afterEffect = (req, res) => (req.method === "POST" && server.count("POST", CREATE) === 1 ? (sendJson(res, 500, { title: "oops", status: 500 }), true) : false);
    const result = await client.createOrder(exampleOrder());
    expect(result.recoveredFromDuplicate).toBe(true);
    expect(fake.orders.size).toBe(1);
  });

  it("a 200 with an unreadable body is recovered too: the order exists, its status is read back", async () => {
    const { client, fake } = await fakeSveaWithClient();
    let garbled = false;
    fake.hooks.afterEffect = (req, res) => {
      if (req.method !== "POST" || garbled) return false;
      garbled = true;
      res.writeHead(200, { "Content-Type": "application/json" }).end("{truncated");
      return true;
    };
    const result = await client.createOrder(exampleOrder());
    expect(result.recoveredFromDuplicate).toBe(true);
    expect(fake.orders.size).toBe(1);
  });

  it("a create that resumes an earlier one whose answer was lost reads a first-attempt 409 back as that order; without the flag it is a duplicate", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    const request = exampleOrder();
    // The earlier create landed: Svea holds the number.
    fake.addOrder(request.merchantOrderNumber, "Active");
    expect(await rejectionOf(client.createOrder(request))).toBeInstanceOf(SveaDuplicateOrderError);
    expect(server.count("GET", STATUS)).toBe(0);
    const result = await client.createOrder(request, { resumesEarlierCreate: true });
    expect(result).toMatchObject({ merchantOrderNumber: request.merchantOrderNumber, orderStatus: "Active", recoveredFromDuplicate: true, smsSentSuccessfully: null });
    expect(result.paymentOrderId).toBe(fake.orders.get(request.merchantOrderNumber)?.paymentOrderId);
    expect(fake.orders.size).toBe(1);
    expect(server.count("POST", CREATE)).toBe(2);
    expect(server.count("GET", STATUS)).toBe(1);
    // The earlier one never landed: the resumed create is stored as any create.
    const fresh = exampleOrder();
    expect(await client.createOrder(fresh, { resumesEarlierCreate: true })).toMatchObject({ recoveredFromDuplicate: false, smsSentSuccessfully: true });
  });

  it("a 409 after an attempt that was refused outright (403) is a real duplicate, not a recovery", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    const request = exampleOrder();
    fake.addOrder(request.merchantOrderNumber, "Active"); // someone else's order under this number
    fake.hooks.before = (req, res) => (req.method === "POST" && server.count("POST", CREATE) === 1 ? (sendJson(res, 403, { title: "Forbidden", status: 403 }), true) : false);
    const e = await rejectionOf(client.createOrder(request));
    expect(e).toBeInstanceOf(SveaDuplicateOrderError);
    expect(server.count("GET", STATUS)).toBe(0);
  });

  it("gives up after maxAttempts lost answers, still with one order at most", async () => {
    const { client, fake, server } = await fakeSveaWithClient({ retry: { maxAttempts: 2 } });
    fake.hooks.before = (req, res) => (req.method === "POST" ? (res.socket?.destroy(), true) : false);
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toMatchObject({ code: "unavailable", cause: "network" });
    expect(server.count("POST", CREATE)).toBe(2);
    expect(fake.orders.size).toBe(0);
  });

  it("a recovered order without a payment link is an unexpected response", async () => {
    const { client, fake } = await fakeSveaWithClient();
    fake.hooks.afterEffect = (req, res) => {
      if (req.method === "POST" && fake.orders.size === 1 && !req.url.includes("status")) {
        res.socket?.destroy();
        return true;
      }
      if (req.method === "GET") {
        const order = [...fake.orders.values()][0]!;
        sendJson(res, 200, { merchantOrderNumber: order.merchantOrderNumber, orderStatus: "Active", paymentOrderId: order.paymentOrderId, instoreUiUri: null });
        return true;
      }
      return false;
    };
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toBeInstanceOf(SveaUnexpectedResponseError);
    expect(e.message).toContain("no payment link");
  });
});
