// An answer is read up to a bound far above any Svea answer: a runaway body is not read whole into memory.
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { SveaUnavailableError, SveaUnexpectedResponseError } from "../../plugin/svea-client/index.js";
import { MAX_ANSWER_BYTES } from "../../plugin/svea-client/bounded-answer-text.js";
import { clientFor, exampleOrder, fakeSveaWithClient, rejectionOf, serve } from "./support/client-test-setup.js";
import { sendJson } from "./support/test-http-server.js";

const MIB = 1024 * 1024;
/** How much a runaway answer offers; the client must stop long before. */
const OFFERED = 64 * MIB;

/**
 * Starts a JSON answer whose `pad` field runs for OFFERED bytes, written as fast as the client reads it, and stops
 * once the client lets go. `declareLength`: with a Content-Length saying so, or chunked without one. The count is
 * what left the server, so a test can say the client did not read it all.
 */
function runawayAnswer(res: ServerResponse, status: number, head: string, declareLength: boolean, sent: { bytes: number }): void {
  const tail = '"}';
  res.writeHead(status, { "Content-Type": "application/json", ...(declareLength ? { "Content-Length": head.length + OFFERED + tail.length } : {}) });
  res.write(head);
  const chunk = Buffer.alloc(64 * 1024, "a");
  let closed = false;
  res.on("close", () => (closed = true));
  const pump = () => {
    while (!closed && sent.bytes < OFFERED) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (!closed) res.end(tail);
  };
  pump();
}

const STATUS_HEAD = '{"merchantOrderNumber":"BIG-1","orderStatus":"Active","paymentOrderId":1,"pad":"';

describe("answer size", () => {
  for (const declareLength of [true, false]) {
    it(`a status answer far beyond the bound (${declareLength ? "its Content-Length says so" : "chunked"}) is refused unread: unexpected-response`, async () => {
      const sent = { bytes: 0 };
      const server = await serve((_req, res) => runawayAnswer(res, 200, STATUS_HEAD, declareLength, sent));
      const e = await rejectionOf(clientFor(server.url, { timeouts: { status: 20_000 } }).getOrderStatus("BIG-1"));
      expect(e).toBeInstanceOf(SveaUnexpectedResponseError);
      expect(e).toMatchObject({ code: "unexpected-response", status: 200, retryable: false });
      expect(e.message).toContain(`larger than ${MAX_ANSWER_BYTES} bytes`);
      // Not read to its end: what left the server is a small part of what it offered (socket buffers, not the answer).
      expect(sent.bytes).toBeLessThan(OFFERED / 4);
    }, 30_000);
  }

  it("an answer just under the bound is read as usual", async () => {
    const pad = "a".repeat(MAX_ANSWER_BYTES - STATUS_HEAD.length - 100);
    const server = await serve((_req, res) => sendJson(res, 200, { merchantOrderNumber: "BIG-2", orderStatus: "Active", paymentOrderId: 1, pad }));
    await expect(clientFor(server.url).getOrderStatus("BIG-2")).resolves.toMatchObject({ orderStatus: "Active" });
  });

  it("a create answered 200 with an oversized body may have created the order: its outcome is unknown, and the retry reads it back", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    const request = exampleOrder();
    let answered = 0;
    const sent = { bytes: 0 };
    fake.hooks.afterEffect = (req, res) => {
      if (req.method !== "POST" || answered++ > 0) return false;
      runawayAnswer(res, 200, `{"merchantOrderNumber":"${request.merchantOrderNumber}","pad":"`, false, sent);
      return true;
    };
    const created = await client.createOrder(request);
    expect(created).toMatchObject({ merchantOrderNumber: request.merchantOrderNumber, recoveredFromDuplicate: true });
    expect(fake.orders.size).toBe(1);
    expect(server.count("POST", /^\/api\/v1\/orders$/)).toBe(2);
    expect(sent.bytes).toBeLessThan(OFFERED / 4);
  }, 30_000);

  it("a 503 with an oversized body is still Svea's temporary fault, retried", async () => {
    const sent = { bytes: 0 };
    const server = await serve((_req, res) => runawayAnswer(res, 503, '{"title":"busy","status":503,"pad":"', true, sent));
    const e = await rejectionOf(clientFor(server.url, { pollGapMs: 0, retry: { maxAttempts: 2 } }).getOrderStatus("BIG-3"));
    expect(e).toBeInstanceOf(SveaUnavailableError);
    expect(e).toMatchObject({ cause: "server-error", status: 503 });
    expect(server.requests).toHaveLength(2);
  }, 30_000);
});
