// The admin API: who may call it, fault injection, journals (redacted), SMS outbox, reset, clock, plus /openapi.json and /healthz.
import { request as httpRequest } from "node:http";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

let mock: TestMock;
let remote: string | undefined = "127.0.0.1";
beforeAll(async () => {
  mock = await startTestMock({ adminToken: "admin-token-for-tests-7Kq9xWm4TzL8vRb1", remoteAddress: () => remote });
});
afterAll(() => mock.close());

const api = () => request(mock.url);
const create = (body: Record<string, unknown>) => api().post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));

describe("admin guard", () => {
  it("serves loopback callers, refuses remote callers without the token, serves them with it", async () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      remote = address;
      expect((await api().get("/__admin/orders")).status).toBe(200);
    }
    try {
      remote = "193.13.207.10";
      const refused = await api().get("/__admin/orders");
      expect(refused.status).toBe(403);
      expect(refused.headers["content-type"]).toMatch(/problem\+json/);
      expect((await api().get("/__admin/orders").set("Authorization", "Bearer wrong")).status).toBe(403);
      expect((await api().post("/__admin/reset")).status).toBe(403);
      expect((await api().get("/__admin/orders").set("Authorization", "Bearer admin-token-for-tests-7Kq9xWm4TzL8vRb1")).status).toBe(200);
    } finally {
      remote = "127.0.0.1";
    }
  });

  it("answers a loopback caller only at a loopback name or its public URL's, so a name pointed at 127.0.0.1 (DNS rebinding) reads and changes nothing", async () => {
    const port = new URL(mock.url).port;
    for (const host of [`rebind.test:${port}`, `evil.example`, `127.0.0.1.evil.example:${port}`]) {
      const read = await api().get("/__admin/orders").set("Host", host);
      expect([host, read.status]).toEqual([host, 403]);
      expect(read.body.detail).toMatch(/does not answer to the name/);
      expect((await api().post("/__admin/reset").set("Host", host)).status).toBe(403);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, new URL(mock.url).host]) {
      expect([host, (await api().get("/__admin/sms").set("Host", host)).status]).toEqual([host, 200]);
    }
    // A remote caller with the token is no rebinding browser: its name is its own business.
    try {
      remote = "193.13.207.10";
      expect((await api().get("/__admin/sms").set("Host", "mock.team.example:4010").set("Authorization", "Bearer admin-token-for-tests-7Kq9xWm4TzL8vRb1")).status).toBe(200);
    } finally {
      remote = "127.0.0.1";
    }
  });

  it("never quotes a body that is not JSON in its answer", async () => {
    const res = await api().put("/__admin/settings").set("Content-Type", "application/json").send("PWsecret");
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain("PWsecret");
  });

  it("without a token configured, answers loopback only", async () => {
    let address = "10.0.0.5";
    const noToken = await startTestMock({ remoteAddress: () => address });
    try {
      expect((await request(noToken.url).get("/__admin/sms").set("Authorization", "Bearer anything")).status).toBe(403);
      address = "127.0.0.1";
      expect((await request(noToken.url).get("/__admin/sms")).status).toBe(200);
    } finally {
      await noToken.close();
    }
  });
});

describe("admin index", () => {
  it("answers the admin address the start banner prints with what the admin API offers, behind the same guard", async () => {
    const index = await api().get("/__admin");
    expect(index.status).toBe(200);
    expect(index.body).toMatchObject({ inbox: `${mock.url}/__admin/inbox`, openapi: `${mock.url}/openapi.json` });
    const endpoints = (index.body.endpoints as { method: string; path: string }[]).map((e) => `${e.method} ${e.path}`);
    expect(endpoints).toEqual(expect.arrayContaining(["GET /__admin/orders", "POST /__admin/orders/{merchantId}/{merchantOrderNumber}/complete", "POST /__admin/faults", "GET /__admin/inbox"]));
    try {
      remote = "193.13.207.10";
      expect((await api().get("/__admin")).status).toBe(403);
    } finally {
      remote = "127.0.0.1";
    }
  });
});

describe("fault injection", () => {
  it("refuses state changes a browser sends from another site's page (reset, pay, a fault), and lets the mock's own pages and scripts in", async () => {
    const body = orderRequest();
    await create(body).expect(200);
    const number = String(body.merchantOrderNumber);
    const foreign = [{ Origin: "https://evil.example" }, { "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "same-site", Origin: "http://localhost:1" }];
    for (const headers of foreign) {
      for (const [path, send] of [
        ["/__admin/reset", undefined],
        [`/__admin/orders/${DEMO.id}/${number}/complete`, undefined],
        ["/__admin/faults", '{"kind":"http-status","endpoint":"create","status":503}'],
      ] as const) {
        const res = await api().post(path).set(headers).set("Content-Type", "text/plain").send(send ?? "");
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.body.detail).toMatch(/another site/);
      }
    }
    expect(mock.deps.repo.find(DEMO.id, number)?.orderStatus).toBe("Active");
    // The mock's own origin, and callers that send neither header, change state as before.
    await api().post(`/__admin/orders/${DEMO.id}/${number}/complete`).set("Origin", mock.url).set("Sec-Fetch-Site", "same-origin").expect(200);
    expect(mock.deps.repo.find(DEMO.id, number)?.orderStatus).toBe("Completed");
  });

  it("answers the next N calls of an endpoint with 500 or 503, then recovers", async () => {
    await api().post("/__admin/faults").send({ kind: "http-status", endpoint: "create", status: 503, count: 2 }).expect(201);
    expect((await create(orderRequest())).status).toBe(503);
    expect((await create(orderRequest())).status).toBe(503);
    expect((await create(orderRequest())).status).toBe(200);
    await api().post("/__admin/faults").send({ kind: "http-status", endpoint: "any", status: 500 }).expect(201);
    const body = orderRequest();
    const failed = await create(body);
    expect(failed.status).toBe(500);
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))).toBeUndefined();
  });

  it("answers a create with 401 as wrong credentials are answered, storing nothing", async () => {
    const wrong = await api().post("/api/v1/orders").set("Authorization", basic({ ...DEMO, password: "not-the-password" })).set("Content-Type", "application/json").send(JSON.stringify(orderRequest()));
    expect(wrong.status).toBe(401);
    await api().post("/__admin/faults").send({ kind: "http-status", endpoint: "create", status: 401 }).expect(201);
    const body = orderRequest();
    const refused = await create(body);
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toBe(wrong.headers["www-authenticate"]);
    expect(refused.headers["content-type"]).toBe(wrong.headers["content-type"]);
    expect(refused.body).toMatchObject({ status: 401, title: "Unauthorized" });
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))).toBeUndefined();
    expect((await create(body)).status).toBe(200);
  });

  it("answers a status read with Svea's rate limit (403) or a throttle (429) as problem documents, then recovers", async () => {
    const body = orderRequest();
    expect((await create(body)).status).toBe(200);
    const status = () => api().get(`/api/v1/orders/${String(body.merchantOrderNumber)}/status`).set("Authorization", basic(DEMO));
    for (const code of [403, 429]) {
      await api().post("/__admin/faults").send({ kind: "http-status", endpoint: "status", status: code }).expect(201);
      const refused = await status();
      expect(refused.status).toBe(code);
      expect(refused.body).toMatchObject({ status: code, title: code === 403 ? "Forbidden" : "Too Many Requests" });
    }
    expect((await status()).status).toBe(200);
  });

  it("refuses a malformed fault naming the field", async () => {
    const res = await api().post("/__admin/faults").send({ kind: "http-status", endpoint: "create", status: 418 });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain("status");
  });

  it("refuses a fault or settings body with a key named like an Object method or __proto__ with 400 naming it, not a 500", async () => {
    for (const [path, text] of [
      ["/__admin/faults", '{"kind":"http-status","endpoint":"create","status":503,"toString":1}'],
      ["/__admin/faults", '{"__proto__":{"kind":"http-status"}}'],
      ["/__admin/settings", '{"constructor":1}'],
    ] as const) {
      const res = await (path === "/__admin/settings" ? api().put(path) : api().post(path)).set("Content-Type", "application/json").send(text);
      expect([path, text, res.status]).toEqual([path, text, 400]);
      expect(Object.keys(res.body.errors).length, text).toBeGreaterThan(0);
    }
  });

  it("delays a call on the mock's clock, up to 24 h (a create Svea stores after the plugin's 10-minute window)", async () => {
    await api().post("/__admin/faults").send({ kind: "delay", endpoint: "create", delayMs: 86_400_001 }).expect(400);
    await api().post("/__admin/faults").send({ kind: "delay", endpoint: "create", delayMs: 15 * 60_000 }).expect(201);
    let settled = false;
    const request = orderRequest();
    const pending = create(request).then((r) => {
      settled = true;
      return r;
    });
    while (mock.clock.pending === 0) await new Promise((r) => setTimeout(r, 5));
    mock.clock.advance(14 * 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect([settled, mock.deps.repo.find(DEMO.id, String(request.merchantOrderNumber))]).toEqual([false, undefined]);
    mock.clock.advance(60_000);
    expect((await pending).status).toBe(200);
    expect(mock.deps.repo.find(DEMO.id, String(request.merchantOrderNumber))).toBeDefined();
  });

  function rawCreate(body: Record<string, unknown>): Promise<"dropped" | number> {
    const url = new URL("/api/v1/orders", mock.url);
    return new Promise((resolve) => {
      const req = httpRequest(url, { method: "POST", headers: { authorization: basic(DEMO), "content-type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", () => resolve("dropped"));
      req.end(JSON.stringify(body));
    });
  }

  it("drops the connection before storing, or after storing the order", async () => {
    await api().post("/__admin/faults").send({ kind: "drop-connection", endpoint: "create" }).expect(201);
    const before = orderRequest();
    expect(await rawCreate(before)).toBe("dropped");
    expect(mock.deps.repo.find(DEMO.id, String(before.merchantOrderNumber))).toBeUndefined();

    await api().post("/__admin/faults").send({ kind: "drop-connection", endpoint: "create", afterStore: true }).expect(201);
    const after = orderRequest();
    expect(await rawCreate(after)).toBe("dropped");
    expect(mock.deps.repo.find(DEMO.id, String(after.merchantOrderNumber))?.orderStatus).toBe("Active");
    // The client's retry now meets the stored order.
    expect((await create(after)).status).toBe(409);
  });

  it("fails the SMS for one number: smsSentSuccessfully false, still recorded in the outbox", async () => {
    await api().post("/__admin/faults").send({ kind: "sms-failure", mobilePhoneNumber: "+46 70 999 99 99" }).expect(201);
    const failing = await create(orderRequest({ mobilePhoneNumber: "+46709999999" }));
    expect(failing.body.smsSentSuccessfully).toBe(false);
    const fine = await create(orderRequest({ mobilePhoneNumber: "0701234567" }));
    expect(fine.body.smsSentSuccessfully).toBe(true);
    const none = await create(orderRequest());
    expect(none.body.smsSentSuccessfully).toBeNull();
    const outbox = (await api().get("/__admin/sms")).body.messages;
    const last = outbox.slice(-2);
    expect(last.map((m: { accepted: boolean }) => m.accepted)).toEqual([false, true]);
    expect(last[1].text).toContain(fine.body.instoreUiUri);
    expect(last[1].at).toBe(new Date(mock.clock.now()).toISOString());
    const inbox = await api().get("/__admin/inbox");
    expect(inbox.headers["content-type"]).toMatch(/^text\/html/);
    expect(inbox.text).toContain(`href="${fine.body.instoreUiUri}"`);
    expect(inbox.text).toContain("refused");
  });
});

describe("journals and control", () => {
  it("journals Svea API requests with Authorization and callback tokens redacted", async () => {
    const body = orderRequest({ callbackUri: "https://erp.example/svea/cb?sig=0123456789abcdef0123456789abcdef&order=1" });
    await create(body).expect(200);
    const entries = (await api().get("/__admin/requests")).body.requests;
    const entry = entries.findLast((e: { path: string; method: string }) => e.method === "POST" && e.path === "/api/v1/orders");
    expect(entry.headers.authorization).toBe("[redacted]");
    expect(entry.headers["content-type"]).toBe("application/json");
    expect(entry.at).toBe(new Date(mock.clock.now()).toISOString());
    expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
    expect(entry.merchantId).toBe(DEMO.id);
    expect(entry.status).toBe(200);
    expect(entry.body.callbackUri).toBe("https://erp.example/svea/cb?sig=[redacted]&order=1");
    const all = JSON.stringify(entries);
    expect(all).not.toContain(Buffer.from(`${DEMO.id}:${DEMO.password}`).toString("base64"));
    expect(all).not.toContain("0123456789abcdef0123456789abcdef");
  });

  it("shows an order's callback URL with its token redacted everywhere: the order, its stored request, the pay answer", async () => {
    const token = "0123456789abcdef0123456789abcdef";
    const body = orderRequest({ callbackUri: `https://erp.example/plugins/svea-instore/callback/n1/${token}` });
    await create(body).expect(200);
    const mon = String(body.merchantOrderNumber);
    const answers = [
      (await api().get("/__admin/orders")).body,
      (await api().get(`/__admin/orders/${DEMO.id}/${mon}`)).body,
      (await api().post(`/__admin/orders/${DEMO.id}/${mon}/complete`).send({ paymentMethod: "invoice" })).body,
    ];
    const one = answers[1].order;
    expect(one.callbackUri).toBe("https://erp.example/plugins/svea-instore/callback/n1/[redacted]");
    expect(one.request.callbackUri).toBe(one.callbackUri);
    expect(answers[2].order.request.callbackUri).toBe(one.callbackUri);
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(token);
    // The mock itself still calls back with the real URL.
    expect(mock.deps.repo.find(DEMO.id, mon)?.request.callbackUri).toContain(token);
  });

  it("lists and inspects orders, advances the manual clock, and resets everything", async () => {
    const body = orderRequest({ mobilePhoneNumber: "+46701112233" });
    const n = String(body.merchantOrderNumber);
    await create(body).expect(200);
    const list = await api().get(`/__admin/orders?merchantId=${DEMO.id}&status=Active&limit=5`);
    expect(list.body.orders[0].merchantOrderNumber).toBe(n);
    const inspected = await api().get(`/__admin/orders/${DEMO.id}/${n}`);
    expect(inspected.body.sms).toHaveLength(1);
    expect((await api().get(`/__admin/orders/other-merchant/${n}`)).status).toBe(404);
    const before = mock.clock.now();
    const advanced = await api().post("/__admin/clock/advance").send({ ms: 90_000 });
    expect(Date.parse(advanced.body.now)).toBe(before + 90_000);
    await api().post("/__admin/reset").expect(200);
    expect((await api().get("/__admin/orders")).body.total).toBe(0);
    expect((await api().get("/__admin/sms")).body.messages).toEqual([]);
  });
});

describe("operations", () => {
  it("serves /healthz and an OpenAPI 3.1 document that references the wire schemas", async () => {
    expect((await api().get("/healthz")).body.status).toBe("ok");
    const doc = (await api().get("/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/orders", "/api/v1/orders/{merchantOrderNumber}/status", "/api/v1/orders/{merchantOrderNumber}/cancel", "/api/v1/orders/{merchantOrderNumber}/return"]));
    expect(doc.paths["/api/v1/orders"].post.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/createOrderRequest");
    expect(doc.components.schemas.createOrderRequest.$id).toBe("https://schemas.svea-instore-plugin.dev/svea-instore/create-order-request.schema.json");
    // Payment Admin, with its token scheme and its own schemas.
    const order = doc.paths["/payment-admin/api/v1/orders/{id}"];
    expect(order.get.responses["200"].content["application/json"].schema.$ref).toBe("#/components/schemas/paymentAdminOrder");
    expect(order.patch.security).toEqual([{ paymentAdminToken: [] }]);
    expect(doc.paths["/payment-admin/api/v1/orders/{id}/deliveries"].post.responses).toHaveProperty("202");
    expect(doc.paths["/payment-admin/api/v1/orders/{id}/deliveries/{deliveryId}/credits"].post.parameters.map((p: { name: string }) => p.name)).toEqual(["Timestamp", "id", "deliveryId"]);
    expect(doc.components.securitySchemes.paymentAdminToken).toMatchObject({ type: "apiKey", in: "header", name: "Authorization" });
    // Every local reference names a component, and every component schema has its $id.
    const refs = [...JSON.stringify(doc.paths).matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
    expect(Object.values(doc.components.schemas as Record<string, { $id?: string }>).filter((schema) => !schema.$id)).toEqual([]);
  });

  it("refuses /__admin/clock/advance on the system clock", async () => {
    const { startMockSvea } = await import("../../mock-svea/start-mock-svea.js");
    const real = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false });
    try {
      expect((await request(real.url).post("/__admin/clock/advance").send({ ms: 1 })).status).toBe(409);
    } finally {
      await real.close();
    }
  });
});

describe("body limits outside the Svea API", () => {
  it("answers 413 to an oversized admin body and an oversized checkout form", async () => {
    const big = "x".repeat(1_100_000);
    expect((await api().post("/__admin/faults").set("Content-Type", "application/json").send(JSON.stringify({ kind: "sms-failure", mobilePhoneNumber: big }))).status).toBe(413);
    expect((await api().post("/checkout/some-token/pay").type("form").send(`method=card&pad=${big}`)).status).toBe(413);
  });
});
