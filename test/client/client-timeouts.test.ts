// Per-call timeouts and caller aborts: both end in SveaUnavailableError, with the cause saying which.
import { describe, expect, it } from "vitest";
import { SveaUnavailableError } from "../../plugin/svea-client/index.js";
import { clientFor, exampleOrder, rejectionOf, serve } from "./support/client-test-setup.js";

// A server that reads the request and never answers.
const silent = () => serve(() => undefined);

describe("timeouts", () => {
  it("a 200 ms status timeout against a server that never answers rejects well under 2 s, as cause timeout", async () => {
    const server = await silent();
    const client = clientFor(server.url, { timeouts: { status: 200 }, retry: { maxAttempts: 1 } });
    const started = performance.now();
    const e = await rejectionOf(client.getOrderStatus("A1"));
    const elapsed = performance.now() - started;
    expect(e).toBeInstanceOf(SveaUnavailableError);
    expect(e).toMatchObject({ cause: "timeout", retryable: true, outcomeUnknown: true });
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it("each attempt has its own timeout; a timed-out status read is retried up to maxAttempts", async () => {
    const server = await silent();
    const client = clientFor(server.url, { timeouts: { default: 100 }, retry: { maxAttempts: 3 }, pollGapMs: 0 });
    const e = await rejectionOf(client.getOrderStatus("A1"));
    expect(e.cause).toBe("timeout");
    expect(server.requests).toHaveLength(3);
  });

  it("the per-kind timeout overrides the default", async () => {
    const server = await silent();
    const client = clientFor(server.url, { timeouts: { default: 60_000, create: 150 }, retry: { maxAttempts: 1 } });
    const started = performance.now();
    await expect(client.createOrder(exampleOrder())).rejects.toMatchObject({ cause: "timeout" });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a timed-out return is not retried: it might have credited the customer", async () => {
    const server = await silent();
    const client = clientFor(server.url, { timeouts: { return: 100 }, retry: { maxAttempts: 3 } });
    const e = await rejectionOf(client.returnOrder("A1", { returnedItems: [] }));
    expect(e).toMatchObject({ code: "unavailable", cause: "timeout", outcomeUnknown: true, retryable: false });
    expect(e.messages.en).toMatch(/Payment Admin/);
    expect(server.requests).toHaveLength(1);
  });

  it("a caller's abort ends the call at once as cause aborted, with no retry", async () => {
    const server = await silent();
    const client = clientFor(server.url, { retry: { maxAttempts: 3 } });
    const controller = new AbortController();
    const pending = rejectionOf(client.createOrder(exampleOrder(), { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const e = await pending;
    expect(e).toMatchObject({ code: "unavailable", cause: "aborted" });
    expect(server.requests).toHaveLength(1);
  });

  it("a create whose first attempt timed out stays 'may have reached Svea' when the deadline ends the back-off before the retry", async () => {
    const server = await silent();
    // Attempt 1 times out after 100 ms; the back-off then waits 2 s, and the save's deadline ends it at 400 ms.
    const client = clientFor(server.url, { timeouts: { create: 100 }, retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 2_000, random: () => 0.999 } });
    const e = await rejectionOf(client.createOrder(exampleOrder(), { signal: AbortSignal.timeout(400) }));
    expect(server.requests).toHaveLength(1);
    expect(e).toMatchObject({ code: "unavailable", cause: "aborted", outcomeUnknown: true });
  });

  it("a create whose first attempt may have reached Svea stays unknown when the retry is refused before it is sent", async () => {
    let first = true;
    const server = await serve((_req, res) => {
      // The first request is taken and never answered; its connection then drops, and the server stops listening.
      if (!first) return;
      first = false;
      setTimeout(() => {
        res.socket?.destroy();
        void server.close();
      }, 50);
    });
    const client = clientFor(server.url, { retry: { maxAttempts: 2 } });
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(server.requests).toHaveLength(1);
    // The retry met a refused connection (never sent), but the first attempt's outcome is still unknown.
    expect(e).toMatchObject({ code: "unavailable", outcomeUnknown: true });
  });
});
