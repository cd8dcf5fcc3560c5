// An http(s) address without a host (https:///terms, http://:80/done) is refused with a 400 naming the field, as Svea's
// .NET Uri refuses it: taken, the mock would POST a callback to http:///127.0.0.1:P/x as if it named 127.0.0.1.
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
beforeEach(() => mock.clock.advance(10_000));

const create = (body: unknown) =>
  request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));

describe("web addresses without a host", () => {
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
