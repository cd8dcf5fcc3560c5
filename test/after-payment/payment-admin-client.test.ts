// The Payment Admin client against a scripted HTTP server: what it signs, what it retries, what it never repeats, and
// that no secret reaches an error.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, systemClock } from "../../common/clock.js";
import { createSveaPaymentAdminClient, PaymentAdminClientOptionsError, PaymentAdminError } from "../../plugin/svea-payment-admin-client/index.js";
import { sendJson, startTestHttpServer, type TestHttpServer } from "../client/support/test-http-server.js";

const SECRET = "client-test-secret-0123456789";
let server: TestHttpServer;
const order = { id: 7, currency: "SEK", orderStatus: "Open", orderAmount: 100, orderRows: [], deliveries: [] };

beforeAll(async () => {
  server = await startTestHttpServer((_req, res) => sendJson(res, 200, order));
});
afterAll(async () => {
  await server?.close();
});

const client = (clock = systemClock) => createSveaPaymentAdminClient({ baseUrl: server.url, merchantId: "124842", secret: SECRET, clock });

describe("Payment Admin client", () => {
  it("reads an answer only up to 1 MiB: a larger one is an unexpected response (a change's outcome unknown), not read whole", async () => {
    const big = JSON.stringify({ ...order, pad: "a".repeat(2 * 1024 * 1024) });
    server.setHandler((_req, res) => sendJson(res, 200, JSON.parse(big)));
    expect(await client().getOrder(7).catch((e: unknown) => e)).toMatchObject({ code: "unexpected-response", outcomeUnknown: false });
    server.setHandler((_req, res) => sendJson(res, 202, { deliveryId: 3, pad: "a".repeat(2 * 1024 * 1024) }));
    expect(await client().deliver(7, [1]).catch((e: unknown) => e)).toMatchObject({ code: "unexpected-response", outcomeUnknown: true });
    // A refusal stays what its status says, its body unread.
    server.setHandler((_req, res) => sendJson(res, 404, { pad: "a".repeat(2 * 1024 * 1024) }));
    expect(await client().getOrder(7).catch((e: unknown) => e)).toMatchObject({ code: "not-found" });
  });

  it("signs body + secret + Timestamp (UTC, from the injected clock) and sends the Timestamp header", async () => {
    server.setHandler((_req, res) => sendJson(res, 202, { deliveryId: 3 }));
    const clock = new ManualClock(Date.UTC(2026, 4, 6, 7, 8, 9));
    expect(await client(clock).deliver(7, [1, 2])).toEqual({ deliveryId: 3 });
    const sent = server.requests.at(-1)!;
    expect(sent.method).toBe("POST");
    expect(sent.url).toBe("/api/v1/orders/7/deliveries");
    expect(sent.headers.timestamp).toBe("2026-05-06 07:08:09");
    expect(JSON.parse(sent.body)).toEqual({ orderRowIds: [1, 2] });
    const digest = createHash("sha512").update(sent.body + SECRET + "2026-05-06 07:08:09").digest("hex");
    expect(sent.headers.authorization).toBe(`Svea ${Buffer.from(`124842:${digest}`).toString("base64")}`);
  });

  it("retries a read that met 503, but never repeats a delivery whose answer was a 500", async () => {
    let reads = 0;
    server.setHandler((req, res) => {
      if (req.method === "GET") return ++reads === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, order);
      return sendJson(res, 500, {});
    });
    const before = server.requests.length;
    expect(await client().getOrder(7)).toMatchObject({ id: 7 });
    expect(reads).toBe(2);
    const failed = await client().deliver(7, []).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(PaymentAdminError);
    expect(failed).toMatchObject({ code: "unavailable", outcomeUnknown: true, retryable: false });
    expect((failed as PaymentAdminError).userMessage("sv")).toContain("okänt om ändringen gjordes");
    expect(server.requests.length - before).toBe(3);
  });

  it("keeps a cancel's outcome unknown after a 5xx, and after retries whose last answer says nothing of the first", async () => {
    // Svea may fail after cancelling: a 5xx proves nothing, so the call is retried (cancelling twice is harmless) and,
    // if every attempt fails, the plugin keeps the annulment pending for Payment Admin's order to settle.
    server.setHandler((_req, res) => sendJson(res, 502, {}));
    const allFailed = (await client().cancel(7).catch((e: unknown) => e)) as PaymentAdminError;
    expect(allFailed).toMatchObject({ code: "unavailable", outcomeUnknown: true });
    expect(allFailed.userMessage("en")).toContain("It is unknown whether the change was made");

    // The first attempt may have landed; the second is refused (Svea no longer takes the order's change): still unknown.
    let attempts = 0;
    server.setHandler((_req, res) => (++attempts === 1 ? sendJson(res, 503, {}) : sendJson(res, 400, { errors: [{ field: "isCancelled", message: "order cannot be changed" }] })));
    const refusedAfter = (await client().cancel(7).catch((e: unknown) => e)) as PaymentAdminError;
    expect(attempts).toBe(2);
    expect(refusedAfter).toMatchObject({ code: "validation", outcomeUnknown: true });
  });

  it("reads a refusal's field errors with any echoed secret cut out, and refuses a bad row id before sending", async () => {
    server.setHandler((_req, res) => sendJson(res, 400, { type: "x", title: "bad", status: 400, errors: { "$.orderRowIds": [`no such row (secret=${SECRET})`] } }));
    const refused = (await client().credit(7, 1, [5]).catch((e: unknown) => e)) as PaymentAdminError;
    expect(refused).toMatchObject({ code: "validation", status: 400 });
    expect(refused.fieldErrors[0]).toMatchObject({ path: "orderRowIds" });
    expect(JSON.stringify(refused) + String(refused) + refused.userMessage("en") + JSON.stringify(refused.fieldErrors)).not.toContain(SECRET);

    const before = server.requests.length;
    const invalid = (await client().deliver(7, [0]).catch((e: unknown) => e)) as PaymentAdminError;
    expect(invalid).toMatchObject({ code: "validation" });
    expect(server.requests.length).toBe(before);
  });
});

describe("Payment Admin client options", () => {
  it("refuses a plain-http base URL to another machine (its signed requests would cross the network readable), allows one to this machine", () => {
    const make = (baseUrl: string) => () => createSveaPaymentAdminClient({ baseUrl, merchantId: "124842", secret: SECRET });
    expect(make("http://pa.example/payment-admin")).toThrow(PaymentAdminClientOptionsError);
    expect(make("http://pa.example/payment-admin")).toThrow(/must be https/);
    expect(make("http://127.0.0.1:4010/payment-admin")).not.toThrow();
    expect(make("https://pa.example/payment-admin")).not.toThrow();
    // A host named in allowPlainHttpTo (the mock under a docker-compose service name), and no other.
    const named = (baseUrl: string) => () => createSveaPaymentAdminClient({ baseUrl, merchantId: "124842", secret: SECRET, allowPlainHttpTo: ["mock-svea"] });
    expect(named("http://mock-svea:4010/payment-admin")).not.toThrow();
    expect(named("http://pa.example/payment-admin")).toThrow(/must be https/);
  });
});

