// Callbacks (delivery, retries on the injected clock, journal, redaction, faults) and the expiry sweeper.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCallbackTarget, type CallbackTarget } from "./callback-target.js";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

let mock: TestMock;
let target: CallbackTarget;
beforeAll(async () => {
  mock = await startTestMock();
  target = await startCallbackTarget();
});
afterAll(async () => {
  await mock.close();
  await target.close();
});

async function createOrder(overrides: Record<string, unknown> = {}): Promise<string> {
  const body = orderRequest(overrides);
  const res = await request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
  expect(res.status).toBe(200);
  return String(body.merchantOrderNumber);
}

const admin = () => request(mock.url);

describe("callbacks", () => {
  it("POSTs {merchantOrderNumber} to callbackUri exactly as given when the customer pays", async () => {
    const secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    const n = await createOrder({ callbackUri: `${target.url}/svea/callback/${secret}?store=7&token=s3cr3t-Token-value` });
    const before = target.received.length;
    await admin().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    await mock.deps.callbacks.settled();
    const got = target.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe(`/svea/callback/${secret}?store=7&token=s3cr3t-Token-value`);
    expect(JSON.parse(got[0]!.body)).toEqual({ merchantOrderNumber: n });
    expect(got[0]!.contentType).toMatch(/^application\/json/);
    const journal = (await admin().get("/__admin/callbacks")).body.attempts.filter((a: { merchantOrderNumber: string }) => a.merchantOrderNumber === n);
    expect(journal).toEqual([expect.objectContaining({ attempt: 1, outcome: "delivered", status: 204 })]);
    expect(journal[0].url).toBe(`${target.url}/svea/callback/[redacted]?store=7&token=[redacted]`);
    expect(JSON.stringify(journal)).not.toContain(secret);
  });

  it("redacts a callback token that happens to hold no digit, in /__admin/callbacks and /__admin/requests, and still shows the order number", async () => {
    // 43 base64url characters, as the plugin's tokens are; about 1 in 1500 random ones has no digit.
    const token = "Kq_vRtXbWmZpLsYdNfHgJc-ExUaQoPiTyReWnMkBvCz";
    const n = await createOrder({ callbackUri: `${target.url}/svea/callback/web-2026-01-01-000000123/${token}` });
    await admin().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    await mock.deps.callbacks.settled();
    const attempts = (await admin().get("/__admin/callbacks")).body.attempts.filter((a: { merchantOrderNumber: string }) => a.merchantOrderNumber === n);
    expect(attempts.map((a: { url: string }) => a.url)).toEqual([`${target.url}/svea/callback/web-2026-01-01-000000123/[redacted]`]);
    const created = (await admin().get("/__admin/requests")).body.requests.filter((r: { body?: { merchantOrderNumber?: string } }) => r.body?.merchantOrderNumber === n);
    expect(created.map((r: { path: string; body: { callbackUri: string } }) => [r.path, r.body.callbackUri])).toEqual([
      ["/api/v1/orders", `${target.url}/svea/callback/web-2026-01-01-000000123/[redacted]`],
    ]);
  });

  it("retries a failing target on the configured schedule, journaling every attempt", async () => {
    const n = await createOrder({ callbackUri: `${target.url}/cb` });
    target.script.push(500, 503);
    await admin().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    await mock.deps.callbacks.settled();
    const attempts = () => mock.deps.callbacks.journal.list((a) => a.merchantOrderNumber === n);
    expect(attempts().map((a) => [a.attempt, a.outcome, a.status])).toEqual([[1, "failed", 500]]);
    mock.clock.advance(999);
    await mock.deps.callbacks.runDue();
    expect(attempts()).toHaveLength(1);
    mock.clock.advance(1);
    await mock.deps.callbacks.runDue();
    expect(attempts().map((a) => [a.attempt, a.outcome, a.status])).toEqual([[1, "failed", 500], [2, "failed", 503]]);
    mock.clock.advance(5_000);
    await mock.deps.callbacks.runDue();
    expect(attempts().map((a) => [a.attempt, a.outcome, a.status])).toEqual([[1, "failed", 500], [2, "failed", 503], [3, "delivered", 204]]);
    expect(attempts()[0]!.nextAttemptAt).toBe(new Date(Date.parse(attempts()[0]!.at) + 1_000).toISOString());
  });

  it("forgets an attempt that was in flight across an admin reset: no retry, no journal entry, nothing owed by a new order of that number", async () => {
    const own = await startTestMock();
    // A target that holds the first callback's answer until the test releases it.
    let arrived: () => void = () => {};
    const arrival = new Promise<void>((r) => (arrived = r));
    let release: (status: number) => void = () => {};
    const held: Server = createServer((req, res) => {
      req.resume();
      release = (status) => {
        res.statusCode = status;
        res.end();
      };
      arrived();
    });
    await new Promise<void>((r) => held.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(held.address() as AddressInfo).port}/cb`;
      const body = orderRequest({ callbackUri: url });
      const n = String(body.merchantOrderNumber);
      const create = () => request(own.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
      expect((await create()).status).toBe(200);
      await request(own.url).post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
      await arrival;
      await request(own.url).post("/__admin/reset").expect(200);
      // The same number again, on the fresh mock: a different order that owes nobody a callback.
      expect((await create()).status).toBe(200);
      release(503);
      await own.deps.callbacks.settled();
      expect(own.deps.callbacks.pending()).toEqual([]);
      expect(own.deps.callbacks.journal.list(() => true)).toEqual([]);
      expect(own.deps.repo.find(DEMO.id, n)?.callbackOwed ?? null).toBeNull();
      expect(own.deps.repo.find(DEMO.id, n)?.orderStatus).toBe("Active");
    } finally {
      await own.close();
      await new Promise((r) => held.close(r));
    }
  });

  it("sends the callback of a callbackUri holding user:password@ without them, as Svea's .NET HttpClient would: no Authorization header", async () => {
    const password = "cb-Pass-2026-hunter";
    const n = await createOrder({ callbackUri: `${target.url.replace("http://", `http://erp-user:${password}@`)}/svea/callback/18` });
    const before = target.received.length;
    await admin().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    await mock.deps.callbacks.settled();
    const got = target.received.slice(before);
    expect(got.map((r) => [r.path, r.authorization])).toEqual([["/svea/callback/18", undefined]]);
    const journal = (await admin().get("/__admin/callbacks")).body.attempts.filter((a: { merchantOrderNumber: string }) => a.merchantOrderNumber === n);
    expect(journal).toEqual([expect.objectContaining({ attempt: 1, outcome: "delivered", status: 204 })]);
    expect(JSON.stringify(journal)).not.toContain(password);
  });

  it("shows why an attempt failed without the callback URL's secrets, in /__admin/callbacks, the order's view and the log", async () => {
    const lines: string[] = [];
    // A fetch failing as undici's do when a request cannot be built: its message quotes the whole URL.
    const failing = (async (url: string | URL | Request) => {
      throw new TypeError(`Request cannot be constructed from a URL: ${String(url)}`);
    }) as typeof fetch;
    const own = await startTestMock({ fetch: failing, logger: pino({ level: "trace" }, { write: (line: string) => void lines.push(line) }) });
    try {
      const password = "cb-Pass-2026-hunter";
      const token = "q8-DkX_yQ7xld5zfZmW64y5rMl137ZLUsxdU0JPWydo";
      const callbackUri = `${target.url.replace("http://", `http://erp-user:${password}@`)}/svea/callback/17/${token}?sig=0a1b2c3d4e`;
      const body = orderRequest({ callbackUri });
      const n = String(body.merchantOrderNumber);
      await request(own.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body)).expect(200);
      await request(own.url).post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
      await own.deps.callbacks.settled();
      const shown = (await request(own.url).get("/__admin/callbacks")).body;
      expect(shown.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: "failed", status: null, error: expect.stringMatching(/^connection failed: Request cannot be constructed/) })]);
      // The reason stays useful: where it was going, with the secrets replaced.
      expect(shown.attempts[0].error).toContain("/svea/callback/17/[redacted]");
      const order = (await request(own.url).get(`/__admin/orders/${DEMO.id}/${n}`)).body;
      for (const text of [JSON.stringify(shown), JSON.stringify(order), lines.join("\n")]) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(token);
        expect(text).not.toContain("0a1b2c3d4e");
      }
    } finally {
      await own.close();
    }
  });

  it("gives up after the last scheduled retry", async () => {
    const n = await createOrder({ callbackUri: `${target.url}/cb` });
    await admin().post("/__admin/faults").send({ kind: "callback-failure", merchantOrderNumber: n }).expect(201);
    await admin().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    for (const wait of [1_000, 5_000, 30_000]) {
      await mock.deps.callbacks.settled();
      mock.clock.advance(wait);
      await mock.deps.callbacks.runDue();
    }
    const outcomes = mock.deps.callbacks.journal.list((a) => a.merchantOrderNumber === n).map((a) => a.outcome);
    expect(outcomes).toEqual(["injected-failure", "injected-failure", "injected-failure", "gave-up"]);
  });

  it("fires the callback when the customer declines, and the order is Canceled", async () => {
    const n = await createOrder({ callbackUri: `${target.url}/declined` });
    const before = target.received.length;
    await admin().post(`/__admin/orders/${DEMO.id}/${n}/decline`).expect(200);
    await mock.deps.callbacks.settled();
    expect(target.received.slice(before).map((r) => r.path)).toEqual(["/declined"]);
    expect(mock.deps.repo.find(DEMO.id, n)).toMatchObject({ orderStatus: "Canceled", reason: "declined" });
  });

  it("sends nothing for a suppressed order, an order without callbackUri, or one with an empty callbackUri (Svea: the merchant polls)", async () => {
    const suppressed = await createOrder({ callbackUri: `${target.url}/never` });
    await admin().post("/__admin/faults").send({ kind: "callback-suppressed", merchantId: DEMO.id, merchantOrderNumber: suppressed }).expect(201);
    const silent = await createOrder();
    const empty = await createOrder({ callbackUri: "" });
    const before = target.received.length;
    await admin().post(`/__admin/orders/${DEMO.id}/${suppressed}/complete`).expect(200);
    await admin().post(`/__admin/orders/${DEMO.id}/${silent}/complete`).expect(200);
    await admin().post(`/__admin/orders/${DEMO.id}/${empty}/complete`).expect(200);
    await mock.deps.callbacks.settled();
    expect(target.received.length).toBe(before);
    expect(mock.deps.callbacks.journal.list((a) => a.merchantOrderNumber === suppressed).map((a) => a.outcome)).toEqual(["suppressed"]);
    expect(mock.deps.callbacks.journal.list((a) => a.merchantOrderNumber === empty)).toEqual([]);
    // Only an empty one: anything else must still be an absolute http(s) URI.
    const bad = await request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(orderRequest({ callbackUri: " " })));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("callbackUri");
  });
});

describe("expiry sweeper", () => {
  it("expires exactly the Active orders that are due under the advanced clock, idempotently", async () => {
    const short = await createOrder({ minutesUntilLinkExpires: 1 });
    const longer = await createOrder({ minutesUntilLinkExpires: 3 });
    const paid = await createOrder({ minutesUntilLinkExpires: 1 });
    await admin().post(`/__admin/orders/${DEMO.id}/${paid}/complete`).expect(200);
    mock.clock.advance(59_999);
    expect((await admin().post("/__admin/sweep")).body.expired).toEqual([]);
    mock.clock.advance(1);
    const swept = await admin().post("/__admin/sweep");
    expect(swept.body.expired).toEqual([{ merchantId: DEMO.id, merchantOrderNumber: short }]);
    expect(mock.deps.repo.find(DEMO.id, short)).toMatchObject({ orderStatus: "Canceled", reason: "expired" });
    expect(mock.deps.repo.find(DEMO.id, longer)!.orderStatus).toBe("Active");
    expect(mock.deps.repo.find(DEMO.id, paid)!.orderStatus).toBe("Completed");
    expect((await mock.deps.sweeper.run()).expired).toEqual([]);
    mock.clock.advance(2 * 60_000);
    expect((await mock.deps.sweeper.run()).expired.map((e) => e.merchantOrderNumber)).toEqual([longer]);
  });

  it("joins a sweep in progress instead of overlapping it", async () => {
    const a = mock.deps.sweeper.run();
    const b = mock.deps.sweeper.run();
    expect(a).toBe(b);
    await a;
  });
});

// An http(s) address without a host (https:///terms, http://:80/done) is refused with a 400 naming the field, as Svea's
// .NET Uri refuses it: taken, the mock would POST a callback to http:///127.0.0.1:P/x as if it named 127.0.0.1.
describe("web addresses without a host", () => {
  beforeEach(() => mock.clock.advance(10_000));
  const create = (body: unknown) =>
    request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));

  for (const [field, value] of [
    ["termsUri", "https://"],
    ["termsUri", "https:///terms"],
    ["confirmationUri", "http://:80/done"],
    ["callbackUri", "https://"],
  ] as const) {
    it(`refuses ${field} ${JSON.stringify(value)} with 400 naming the field`, async () => {
      const res = await create(orderRequest({ [field]: value }));
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors ?? {})).toContain(field);
    });
  }

  it("refuses a callbackUri with three slashes, and stores nothing for it", async () => {
    const body = orderRequest({ callbackUri: `${target.url.replace("http://", "http:///")}/cb-hostless` });
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors ?? {})).toEqual(["callbackUri"]);
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))).toBeUndefined();
  });

  it("takes the same addresses with a host", async () => {
    const res = await create(orderRequest({ termsUri: "https://shop.example/terms", confirmationUri: "http://[::1]:80/done", callbackUri: `${target.url}/cb` }));
    expect(res.status).toBe(200);
  });
});
