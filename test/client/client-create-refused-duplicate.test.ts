// Svea documents no status for a repeated merchantOrderNumber: once a create may already be at Svea, any refusal
// (400, 404, 409, 422...) leads to a status read, and what the plugin records stays right for each outcome.
import { describe, expect, it, vi } from "vitest";
import { SveaAuthError, SveaNotFoundError, SveaUnavailableError, SveaValidationError } from "../../plugin/svea-client/index.js";
import { POLL_SLOT_MARGIN_MS } from "../../plugin/svea-client/http-svea-instore-client.js";
import { classifySveaFailure } from "../../plugin/use-cases/svea-failure.js";
import { driveClockWhile } from "../support/drive-manual-clock.js";
import { exampleOrder, fakeSveaWithClient, rejectionOf } from "./support/client-test-setup.js";
import { sendJson } from "./support/test-http-server.js";

const CREATE = /^\/api\/v1\/orders$/;
const STATUS = /\/status$/;
const isCreate = (req: { method: string; url: string }) => req.method === "POST" && CREATE.test(req.url);
const isStatus = (req: { method: string; url: string }) => req.method === "GET" && STATUS.test(req.url);
type Fake = Awaited<ReturnType<typeof fakeSveaWithClient>>["fake"];
type Server = Awaited<ReturnType<typeof fakeSveaWithClient>>["server"];

/** The first create is stored at Svea and its answer lost (the socket cut): the retry meets the number taken. */
function loseFirstCreateAnswer(fake: Fake): void {
  let lost = 0;
  fake.hooks.afterEffect = (req, res) => (isCreate(req) && lost++ === 0 ? (res.socket?.destroy(), true) : false);
}

/** The first create is cut before Svea stores anything (the client cannot tell); every later one is answered so. */
function cutFirstCreateThenAnswer(fake: Fake, server: Server, status: number, body: unknown): void {
  fake.hooks.before = (req, res) => {
    if (!isCreate(req)) return false;
    if (server.count("POST", CREATE) === 1) res.socket?.destroy();
    else sendJson(res, status, body);
    return true;
  };
}

const INVALID_NAME = { title: "One or more validation errors occurred.", status: 400, errors: { "$.orderItems[0].name": ["The field Name must be a string with a maximum length of 40."] } };

describe("createOrder: a refusal after an attempt that may have landed", () => {
  it("a lost answer, then the retry refused 400 as a duplicate: the order is read back, one order", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.settings.duplicateStatus = 400;
    loseFirstCreateAnswer(fake);
    const request = exampleOrder();
    const result = await client.createOrder(request);
    expect(result).toMatchObject({ merchantOrderNumber: request.merchantOrderNumber, orderStatus: "Active", recoveredFromDuplicate: true, smsSentSuccessfully: null });
    expect(result.paymentOrderId).toBe(fake.orders.get(request.merchantOrderNumber)?.paymentOrderId);
    expect(fake.orders.size).toBe(1);
    expect(server.count("POST", CREATE)).toBe(2);
    expect(server.count("GET", STATUS)).toBe(1);
  });

  for (const status of [400, 404, 409, 422, 410]) {
    it(`a create resuming an earlier one that landed, refused ${status}: the order is read back`, async () => {
      const { client, fake, server } = await fakeSveaWithClient();
      fake.settings.duplicateStatus = status;
      const request = exampleOrder();
      const earlier = fake.addOrder(request.merchantOrderNumber, "Active");
      const result = await client.createOrder(request, { resumesEarlierCreate: true });
      expect(result).toMatchObject({ paymentOrderId: earlier.paymentOrderId, instoreUiUri: earlier.instoreUiUri, recoveredFromDuplicate: true });
      expect(server.count("POST", CREATE)).toBe(1);
      expect(server.count("GET", STATUS)).toBe(1);
    });
  }

  it("a 5xx and then a 400 recovers as well, and its status read keeps Svea's 5 s pacing: the next read of the order waits", async () => {
    const { client, fake, server, clock } = await fakeSveaWithClient();
    fake.settings.duplicateStatus = 400;
    const request = exampleOrder();
    fake.hooks.afterEffect = (req, res) => (isCreate(req) && server.count("POST", CREATE) === 1 ? (sendJson(res, 503, { title: "Service Unavailable", status: 503 }), true) : false);
    const result = await driveClockWhile(client.createOrder(request), clock);
    expect(result.recoveredFromDuplicate).toBe(true);
    const read = clock.now();
    expect(await driveClockWhile(client.getOrderStatus(request.merchantOrderNumber), clock)).toMatchObject({ orderStatus: "Active" });
    expect(fake.pollTimes.map((p) => p.answered)).toEqual([200, 200]);
    expect(fake.pollTimes[0]!.at).toBe(read);
    expect(fake.pollTimes[1]!.at - read).toBeGreaterThanOrEqual(5000 + POLL_SLOT_MARGIN_MS);
  });
});

describe("createOrder: the refusal stands, or the outcome stays unknown", () => {
  it("a first-ever create refused 400 is a plain rejection with its fields: no status read", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.hooks.before = (req, res) => (isCreate(req) ? (sendJson(res, 400, INVALID_NAME), true) : false);
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toBeInstanceOf(SveaValidationError);
    expect(e.fieldErrors).toEqual([{ path: "orderItems[0].name", rule: "svea", message: "The field Name must be a string with a maximum length of 40." }]);
    expect(e.outcomeUnknown).toBeUndefined();
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-rejected", mayHaveReachedSvea: false, code: "validation" });
    expect(server.count("GET", STATUS)).toBe(0);
  });

  it("a first-ever create refused 400 as a duplicate (someone else's order under the number) is a rejection too: no status read", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.settings.duplicateStatus = 400;
    const request = exampleOrder();
    fake.addOrder(request.merchantOrderNumber, "Active");
    const e = await rejectionOf(client.createOrder(request));
    expect(e).toBeInstanceOf(SveaValidationError);
    expect(e.fieldErrors).toEqual([{ path: "MerchantOrderNumber", rule: "svea", message: "merchantOrderNumber is already used" }]);
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-rejected", mayHaveReachedSvea: false });
    expect(server.count("GET", STATUS)).toBe(0);
  });

  it("after a lost attempt, a genuine 400 stands when Svea does not have the order: its fields kept, a rejection", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    cutFirstCreateThenAnswer(fake, server, 400, INVALID_NAME);
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toBeInstanceOf(SveaValidationError);
    expect(e.fieldErrors).toEqual([{ path: "orderItems[0].name", rule: "svea", message: "The field Name must be a string with a maximum length of 40." }]);
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-rejected", mayHaveReachedSvea: false, code: "validation" });
    expect(server.count("GET", STATUS)).toBe(1);
    expect(fake.orders.size).toBe(0);
  });

  it("a resumed create refused 404 where Svea has no such order: the 404 stands", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.hooks.before = (req, res) => (isCreate(req) ? (sendJson(res, 404, { title: "Not Found", status: 404 }), true) : false);
    const e = await rejectionOf(client.createOrder(exampleOrder(), { resumesEarlierCreate: true }));
    expect(e).toBeInstanceOf(SveaNotFoundError);
    expect(server.count("GET", STATUS)).toBe(1);
  });

  it("after a lost attempt, a 400 whose status read fails every time: the outcome is unknown, so the link is kept as may exist", async () => {
    const { client, fake, server, clock } = await fakeSveaWithClient();
    fake.settings.duplicateStatus = 400;
    loseFirstCreateAnswer(fake);
    fake.hooks.before = (req, res) => (isStatus(req) ? (sendJson(res, 500, { title: "oops", status: 500 }), true) : false);
    const e = await driveClockWhile(rejectionOf(client.createOrder(exampleOrder())), clock);
    expect(e).toBeInstanceOf(SveaUnavailableError);
    expect(e).toMatchObject({ code: "unavailable", cause: "server-error", outcomeUnknown: true, call: { kind: "create" } });
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-unavailable", mayHaveReachedSvea: true });
    expect(server.count("GET", STATUS)).toBe(3);
    expect(fake.orders.size).toBe(1);
  });

  it("after a lost attempt, a 409 whose status read is refused (403 every time): unknown, not a rate limit that proves nothing landed", async () => {
    const { client, fake, clock } = await fakeSveaWithClient();
    loseFirstCreateAnswer(fake);
    fake.hooks.before = (req, res) => (isStatus(req) ? (sendJson(res, 403, { title: "Forbidden", status: 403 }), true) : false);
    const e = await driveClockWhile(rejectionOf(client.createOrder(exampleOrder())), clock);
    expect(e).toMatchObject({ code: "unavailable", cause: "outcome-unconfirmed", outcomeUnknown: true });
    expect(e.userMessage("en")).toContain("could not confirm");
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-unavailable", mayHaveReachedSvea: true });
  });

  it("after a lost attempt, a 409 whose status read says 404: unknown, never a duplicate the plugin would send a new number beside", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    cutFirstCreateThenAnswer(fake, server, 409, { title: "Conflict", status: 409 });
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toMatchObject({ code: "unavailable", cause: "outcome-unconfirmed", outcomeUnknown: true });
    expect(classifySveaFailure(e)).toMatchObject({ mayHaveReachedSvea: true });
    expect(server.count("GET", STATUS)).toBe(1);
  });

  // ASP.NET's duplicate refusal is a 400 naming the number (the mock's --duplicate-create-status 400); a 422 may say it
  // in its detail. The first attempt may be stored and not yet visible to the status read: the number is taken all the
  // same, so the refusal cannot stand, or the plugin would fail the link for good and send a second number beside it.
  for (const [status, body] of [
    [400, { title: "One or more validation errors occurred.", status: 400, errors: { MerchantOrderNumber: ["merchantOrderNumber is already used"] } }],
    [400, { title: "One or more validation errors occurred.", status: 400, errors: { "$.merchantOrderNumber": ["must be unique"], "$.orderItems[0].name": ["too long"] } }],
    [422, { title: "Unprocessable Content", status: 422, detail: 'an order with MerchantOrderNumber "X" already exists for this merchant' }],
  ] as const) {
    it(`after a lost attempt, a ${status} naming merchantOrderNumber whose status read says 404 (${JSON.stringify(Object.keys(body.errors ?? { detail: 1 }))}): unknown, as a 409`, async () => {
      const { client, fake, server } = await fakeSveaWithClient();
      cutFirstCreateThenAnswer(fake, server, status, body);
      const e = await rejectionOf(client.createOrder(exampleOrder()));
      expect(e).toBeInstanceOf(SveaUnavailableError);
      expect(e).toMatchObject({ code: "unavailable", cause: "outcome-unconfirmed", outcomeUnknown: true, call: { kind: "create" } });
      expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-unavailable", mayHaveReachedSvea: true });
      expect(server.count("GET", STATUS)).toBe(1);
    });
  }

  it("after a lost attempt, a 422 naming only other fields whose status read says 404 stands", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    cutFirstCreateThenAnswer(fake, server, 422, { title: "Unprocessable Content", status: 422, errors: { countryCode: ["Unknown country"] } });
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toMatchObject({ code: "unexpected-response", status: 422 });
    expect(e.fieldErrors).toEqual([{ path: "countryCode", rule: "svea", message: "Unknown country" }]);
    expect(server.count("GET", STATUS)).toBe(1);
  });

  it("a status read the caller aborts is an unknown outcome too", async () => {
    const { client, fake, clock } = await fakeSveaWithClient();
    fake.settings.duplicateStatus = 422;
    const request = exampleOrder();
    fake.addOrder(request.merchantOrderNumber, "Active");
    fake.pollNow(request.merchantOrderNumber);
    const controller = new AbortController();
    const pending = rejectionOf(client.createOrder(request, { resumesEarlierCreate: true, signal: controller.signal }));
    // The status read waits for its 5 s slot; the caller gives up meanwhile.
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    controller.abort();
    const e = await pending;
    expect(e).toMatchObject({ code: "unavailable", cause: "aborted", outcomeUnknown: true });
    expect(classifySveaFailure(e)).toMatchObject({ reason: "timeout", mayHaveReachedSvea: true });
  });

  for (const status of [403, 429]) {
    it(`after a lost attempt, ${status} until the attempts run out: no status read, and the outcome is unknown, not a throttle that proves nothing landed`, async () => {
      const { client, fake, server, clock } = await fakeSveaWithClient();
      cutFirstCreateThenAnswer(fake, server, status, { title: "Too Many Requests", status });
      const e = await driveClockWhile(rejectionOf(client.createOrder(exampleOrder())), clock);
      expect(e).toMatchObject({ code: "unavailable", cause: "outcome-unconfirmed", outcomeUnknown: true, status });
      expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-unavailable", mayHaveReachedSvea: true });
      expect(server.count("POST", CREATE)).toBe(3);
      expect(server.count("GET", STATUS)).toBe(0);
    });
  }

  it("a first-ever create throttled until the attempts run out stays a plain rate limit", async () => {
    const { client, fake, server, clock } = await fakeSveaWithClient();
    fake.hooks.before = (req, res) => (isCreate(req) ? (sendJson(res, 429, { title: "Too Many Requests", status: 429 }), true) : false);
    const e = await driveClockWhile(rejectionOf(client.createOrder(exampleOrder())), clock);
    expect(e).toMatchObject({ code: "rate-limited", status: 429 });
    expect(classifySveaFailure(e)).toMatchObject({ mayHaveReachedSvea: false });
    expect(server.count("POST", CREATE)).toBe(3);
  });

  it("401 after a lost attempt is not taken for a duplicate: no status read; still the credentials, but the lost attempt's outcome stays unknown", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    cutFirstCreateThenAnswer(fake, server, 401, { title: "Unauthorized", status: 401 });
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toBeInstanceOf(SveaAuthError);
    expect(e).toMatchObject({ code: "auth", status: 401, outcomeUnknown: true });
    expect((e as SveaAuthError).userMessage("en")).toBe(
      "Svea Instore refused the credentials (merchant id and password). Check the settings of the Svea Instore payment method. An earlier attempt may already have gone through; Svea can confirm it only once the credentials are accepted.",
    );
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-unauthorized", mayHaveReachedSvea: true });
    expect(server.count("POST", CREATE)).toBe(2);
    expect(server.count("GET", STATUS)).toBe(0);
  });

  it("a create resuming an earlier one refused 401: the earlier one's outcome stays unknown", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.hooks.before = (req, res) => (isCreate(req) ? (sendJson(res, 401, { title: "Unauthorized", status: 401 }), true) : false);
    const e = await rejectionOf(client.createOrder(exampleOrder(), { resumesEarlierCreate: true }));
    expect(e).toMatchObject({ code: "auth", outcomeUnknown: true });
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-unauthorized", mayHaveReachedSvea: true });
    expect(server.count("GET", STATUS)).toBe(0);
  });

  it("a first-ever create refused 401 stays a plain credentials error: nothing could have landed", async () => {
    const { client, fake, server } = await fakeSveaWithClient();
    fake.hooks.before = (req, res) => (isCreate(req) ? (sendJson(res, 401, { title: "Unauthorized", status: 401 }), true) : false);
    const e = await rejectionOf(client.createOrder(exampleOrder()));
    expect(e).toMatchObject({ code: "auth", status: 401, outcomeUnknown: false });
    expect((e as SveaAuthError).userMessage("en")).toBe("Svea Instore refused the credentials (merchant id and password). Check the settings of the Svea Instore payment method.");
    expect(classifySveaFailure(e)).toMatchObject({ reason: "svea-unauthorized", mayHaveReachedSvea: false });
    expect(server.count("POST", CREATE)).toBe(1);
  });
});
