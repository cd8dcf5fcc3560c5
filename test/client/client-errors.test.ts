// Every typed error of the Svea Instore client, provoked by a real server on 127.0.0.1.
import { describe, expect, it } from "vitest";
import {
  SveaAuthError,
  SveaDuplicateOrderError,
  SveaInstoreError,
  SveaNotFoundError,
  SveaRateLimitedError,
  SveaUnavailableError,
  SveaUnexpectedResponseError,
  SveaValidationError,
} from "../../plugin/svea-client/index.js";
import { clientFor, exampleOrder, rejectionOf, serve } from "./support/client-test-setup.js";
import { closedPortUrl, sendJson, sendText } from "./support/test-http-server.js";

const STATUS_OK = { merchantOrderNumber: "A1", instoreUiUri: "https://x.test/p", orderStatus: "Active", paymentOrderId: 5 };

function expectBilingual(e: SveaInstoreError) {
  expect(e.messages.sv.length).toBeGreaterThan(10);
  expect(e.messages.en.length).toBeGreaterThan(10);
  expect(e.messages.sv).not.toBe(e.messages.en);
  expect(e.userMessage("en")).toBe(e.messages.en);
  expect(e.userMessage()).toBe(e.messages.sv);
}

describe("HTTP answers become typed errors", () => {
  it("400 with an RFC 7807 problem: SveaValidationError with the parsed field errors, not retried", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 400, {
        type: "https://tools.ietf.org/html/rfc7231#section-6.5.1",
        title: "One or more validation errors occurred.",
        status: 400,
        errors: { "$.orderItems[0].name": ["The field name must be at most 40 characters."], countryCode: ["Unknown country", "Not configured"] },
      }),
    );
    const e = await rejectionOf(clientFor(server.url).createOrder(exampleOrder()));
    expect(e).toBeInstanceOf(SveaValidationError);
    expect(e).toMatchObject({ code: "validation", status: 400, retryable: false, sentToSvea: true });
    expect(e.fieldErrors).toEqual([
      { path: "orderItems[0].name", rule: "svea", message: "The field name must be at most 40 characters." },
      { path: "countryCode", rule: "svea", message: "Unknown country" },
      { path: "countryCode", rule: "svea", message: "Not configured" },
    ]);
    expect(e.messages.en).toContain("orderItems[0].name");
    expectBilingual(e);
    expect(server.requests).toHaveLength(1);
  });

  it("400 without a problem body is still a validation error, with an empty field list and an excerpt", async () => {
    const server = await serve((_req, res) => sendText(res, 400, "Bad Request"));
    const e = await rejectionOf(clientFor(server.url).getOrderStatus("A1"));
    expect(e).toBeInstanceOf(SveaValidationError);
    expect(e.fieldErrors).toEqual([]);
    expect(e.excerpt).toBe("Bad Request");
  });

  it.each<[number, new (...args: never[]) => SveaInstoreError, string, boolean]>([
    [401, SveaAuthError, "auth", false],
    [404, SveaNotFoundError, "not-found", false],
    [403, SveaRateLimitedError, "rate-limited", true],
    [429, SveaRateLimitedError, "rate-limited", true],
  ])("%s on a status read: %s (code %s, retryable %s)", async (status, ErrorClass, code, retryable) => {
    const server = await serve((_req, res) => sendJson(res, status, { title: "x", status }));
    const e = await rejectionOf(clientFor(server.url, { retry: { maxAttempts: 2 }, pollGapMs: 0 }).getOrderStatus("A1"));
    expect(e).toBeInstanceOf(ErrorClass);
    expect(e).toMatchObject({ code, status, retryable });
    expectBilingual(e);
    // Retryable errors are tried maxAttempts times, the others once.
    expect(server.requests).toHaveLength(retryable ? 2 : 1);
  });

  it("403 on create is retried, and its message does not blame status polling", async () => {
    const server = await serve((_req, res) => sendJson(res, 403, { title: "Forbidden", status: 403 }));
    const e = await rejectionOf(clientFor(server.url).createOrder(exampleOrder()));
    expect(e).toBeInstanceOf(SveaRateLimitedError);
    expect(e.messages.en).toMatch(/lacks permission/);
    expect(e.messages.en).not.toMatch(/five seconds/);
    expect(server.requests).toHaveLength(3);
  });

  it("409 on the very first create is a real duplicate: SveaDuplicateOrderError, no status read", async () => {
    const server = await serve((_req, res) => sendJson(res, 409, { title: "Conflict", status: 409 }));
    const e = await rejectionOf(clientFor(server.url).createOrder(exampleOrder()));
    expect(e).toBeInstanceOf(SveaDuplicateOrderError);
    expect(e).toMatchObject({ code: "duplicate-order", status: 409, retryable: false });
    expectBilingual(e);
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
  });

  it.each([500, 502, 503, 504])("%s: SveaUnavailableError server-error, retried up to maxAttempts", async (status) => {
    const server = await serve((_req, res) => sendText(res, status, "upstream down"));
    const e = await rejectionOf(clientFor(server.url, { retry: { maxAttempts: 3 }, pollGapMs: 0 }).getOrderStatus("A1"));
    expect(e).toBeInstanceOf(SveaUnavailableError);
    expect(e).toMatchObject({ code: "unavailable", cause: "server-error", status, retryable: true, outcomeUnknown: true, excerpt: "upstream down" });
    expectBilingual(e);
    expect(server.requests).toHaveLength(3);
  });

  it("a 503 followed by a good answer is retried into a success", async () => {
    let calls = 0;
    const server = await serve((_req, res) => (++calls === 1 ? sendText(res, 503, "busy") : sendJson(res, 200, STATUS_OK)));
    const status = await clientFor(server.url, { pollGapMs: 0 }).getOrderStatus("A1");
    expect(status.paymentOrderId).toBe(5);
    expect(calls).toBe(2);
  });

  it("nothing listening: SveaUnavailableError network, known not to have been sent", async () => {
    const e = await rejectionOf(clientFor(await closedPortUrl(), { retry: { maxAttempts: 1 } }).getOrderStatus("A1"));
    expect(e).toBeInstanceOf(SveaUnavailableError);
    expect(e).toMatchObject({ cause: "network", retryable: true, outcomeUnknown: false, status: undefined });
    expectBilingual(e);
  });

  it("a connection cut mid-answer: SveaUnavailableError network whose outcome is unknown", async () => {
    const server = await serve((_req, _res, raw) => {
      raw.socket.destroy();
    });
    const e = await rejectionOf(clientFor(server.url, { retry: { maxAttempts: 1 } }).getOrderStatus("A1"));
    expect(e).toMatchObject({ code: "unavailable", cause: "network", outcomeUnknown: true });
  });

  it.each<[string, (res: import("node:http").ServerResponse) => void, string]>([
    ["not JSON", (res) => sendText(res, 200, "<html>gateway</html>", "text/html"), "not JSON"],
    ["a wrong type of a known field", (res) => sendJson(res, 200, { ...STATUS_OK, paymentOrderId: "12" }), "documented shape"],
    ["an unknown orderStatus", (res) => sendJson(res, 200, { ...STATUS_OK, orderStatus: "Paid" }), "documented shape"],
    ["another order's status", (res) => sendJson(res, 200, { ...STATUS_OK, merchantOrderNumber: "B2" }), "another order"],
    ["an undocumented HTTP status", (res) => sendText(res, 418, "teapot"), "HTTP status 418"],
    ["a redirect (never followed)", (res) => (res.writeHead(302, { Location: "http://127.0.0.1:9/elsewhere" }), res.end()), "HTTP status 302"],
  ])("%s: SveaUnexpectedResponseError, not retried", async (_label, answer, reason) => {
    const server = await serve((_req, res) => answer(res));
    const e = await rejectionOf(clientFor(server.url, { pollGapMs: 0 }).getOrderStatus("A1"));
    expect(e).toBeInstanceOf(SveaUnexpectedResponseError);
    expect(e).toMatchObject({ code: "unexpected-response", retryable: false });
    expect(e.status).toBeGreaterThanOrEqual(200);
    expect(e.message).toContain(reason);
    expectBilingual(e);
    expect(server.requests).toHaveLength(1);
  });

  it("the wrong shape names the field path and rule, and keeps a short excerpt", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ...STATUS_OK, paymentOrderId: "12", filler: "y".repeat(1000) }));
    const e = await rejectionOf(clientFor(server.url).getOrderStatus("A1"));
    expect(e.fieldErrors).toEqual([expect.objectContaining({ path: "paymentOrderId", rule: "type" })]);
    expect(e.excerpt.length).toBeLessThanOrEqual(201);
    expect(e.excerpt.startsWith('{"merchantOrderNumber":"A1"')).toBe(true);
  });

  it("unknown extra fields in an answer are accepted", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ...STATUS_OK, newSveaField: { a: 1 } }));
    await expect(clientFor(server.url).getOrderStatus("A1")).resolves.toMatchObject({ orderStatus: "Active" });
  });

  it("cancel and return accept {} and an empty body as the acknowledgement", async () => {
    const server = await serve((req, res) =>
      req.url.endsWith("/status") ? sendJson(res, 200, STATUS_OK) : req.url.endsWith("/cancel") ? sendText(res, 200, "") : sendJson(res, 200, {}),
    );
    const client = clientFor(server.url, { pollGapMs: 0 });
    await expect(client.cancelOrder("A1")).resolves.toMatchObject({ outcome: "canceled" });
    await expect(client.returnOrder("A1", { returnedItems: [] })).resolves.toBeUndefined();
  });

  // A 200 whose body is an error document is no acknowledgement: the call may or may not have been carried out.
  it("cancel answered 200 with a problem document is not canceled: unexpected-response, not retried", async () => {
    const server = await serve((req, res) =>
      req.url.endsWith("/status")
        ? sendJson(res, 200, STATUS_OK)
        : sendJson(res, 200, { type: "https://tools.ietf.org/html/rfc7231#section-6.5.1", title: "One or more validation errors occurred.", status: 400, errors: { order: ["The order cannot be cancelled"] } }),
    );
    const e = await rejectionOf(clientFor(server.url, { pollGapMs: 0 }).cancelOrder("A1"));
    expect(e).toBeInstanceOf(SveaUnexpectedResponseError);
    expect(e).toMatchObject({ code: "unexpected-response", status: 200, retryable: false });
    expect(server.count("POST", /\/cancel$/)).toBe(1);
  });

  it("return answered 200 with {success: false} is not credited: unexpected-response, never sent again", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { success: false, errorMessage: "Return not allowed" }));
    const e = await rejectionOf(clientFor(server.url).returnOrder("A1", { returnedItems: [] }));
    expect(e).toBeInstanceOf(SveaUnexpectedResponseError);
    expect(e).toMatchObject({ code: "unexpected-response", status: 200, retryable: false });
    expect(server.count("POST", /\/return$/)).toBe(1);
  });
});
