// Security: HMAC callback tokens compared in constant time, key rotation, the mock's admin guard, and a body limit on every server.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Context } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import type { MockSveaEnv } from "../../mock-svea/mock-svea-env.js";
import { callbackToken, verifyCallbackToken } from "../../plugin/callback/callback-token.js";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { startPluginWorld, waitFor, type PluginWorld } from "./support/activated-plugin.js";
import { basicAuth, rawHttp } from "./support/raw-http.js";

const OLD_KEY = "the-key-before-rotation-0123456789abcdefgh";
const NEW_KEY = "the-key-after-rotation-0123456789abcdefghi";
const TWO_MIB = "x".repeat(2 * 1024 * 1024);

describe("callback tokens", () => {
  it("are base64url HMAC-SHA256 of the merchant order number under the callback key", () => {
    const expected = createHmac("sha256", NEW_KEY).update("7001-1-0tb9l00", "utf8").digest("base64url");
    expect(callbackToken(NEW_KEY, "7001-1-0tb9l00")).toBe(expected);
    expect(expected).toHaveLength(43);
  });

  it("are compared with timingSafeEqual, never with a string comparison", () => {
    const source = readFileSync(new URL("../../plugin/callback/callback-token.ts", import.meta.url), "utf8");
    expect(source).toMatch(/import\s*\{[^}]*\btimingSafeEqual\b[^}]*\}\s*from\s*"node:crypto"/);
    const verify = source.slice(source.indexOf("export function verifyCallbackToken"));
    const body = verify.slice(0, verify.indexOf("\n}\n"));
    expect(body).toContain("timingSafeEqual(");
    // No early-out comparison of the token itself.
    expect(body).not.toMatch(/token\s*===|===\s*token|\.equals\(/);
  });

  it("check the current and the previous key; any other key fails", () => {
    const keys = { current: NEW_KEY, previous: OLD_KEY };
    expect(verifyCallbackToken(keys, "m-1", callbackToken(NEW_KEY, "m-1"))).toBe("current");
    expect(verifyCallbackToken(keys, "m-1", callbackToken(OLD_KEY, "m-1"))).toBe("previous");
    expect(verifyCallbackToken(keys, "m-1", callbackToken("some-other-key-0123456789abcdefghijkl", "m-1"))).toBe(false);
    expect(verifyCallbackToken({ current: NEW_KEY }, "m-1", callbackToken(OLD_KEY, "m-1"))).toBe(false);
    expect(verifyCallbackToken(keys, "m-2", callbackToken(NEW_KEY, "m-1"))).toBe(false);
  });
});

describe("callback key rotation over HTTP", () => {
  let world: PluginWorld;
  beforeAll(async () => {
    world = await startPluginWorld({ settings: { callbackKey: NEW_KEY, previousCallbackKey: OLD_KEY } });
  });
  afterAll(async () => world?.close());

  async function paidLink(id: string) {
    const saved = await world.plugin.hooks["order.save"]({ order: orderFor(id), locale: "en" });
    const mon = saved.accepted ? (saved.paymentView?.links.at(-1)?.merchantOrderNumber ?? "") : "";
    world.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: mon });
    const done = await rawHttp("POST", `${world.mock.adminUrl}/orders/${world.mock.merchant.id}/${mon}/complete`, { "content-type": "application/json" }, "{}");
    expect(done.status).toBe(200);
    return mon;
  }
  const paid = (id: string) => waitFor(() => world.orders.updates.filter((u) => u.orderId === id && u.state === "paid"), (u) => u.length > 0, world.clock);

  it("links issued under the new key work and tell the order it is paid", async () => {
    const mon = await paidLink("rot-1");
    const res = await rawHttp("POST", `${world.pluginBaseUrl}/callback/${mon}/${callbackToken(NEW_KEY, mon)}`, {}, "{}");
    expect(res.status).toBe(200);
    expect(await paid("rot-1")).toHaveLength(1);
  });

  it("links issued under the old key keep working while the new key is current", async () => {
    const mon = await paidLink("rot-2");
    const res = await rawHttp("POST", `${world.pluginBaseUrl}/callback/${mon}/${callbackToken(OLD_KEY, mon)}`, {}, "{}");
    expect(res.status).toBe(200);
    expect(await paid("rot-2")).toHaveLength(1);
  });

  it("a token under a key the plugin never had answers 401 and changes nothing", async () => {
    const mon = await paidLink("rot-3");
    const res = await rawHttp("POST", `${world.pluginBaseUrl}/callback/${mon}/${callbackToken("never-configured-key-0123456789abcdef", mon)}`, {}, "{}");
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(world.orders.updates.filter((u) => u.orderId === "rot-3" && u.state === "paid")).toEqual([]);
  });

  it("the plugin gives Svea callback URLs signed with the current key", async () => {
    const saved = await world.plugin.hooks["order.save"]({ order: orderFor("rot-4"), locale: "en" });
    const mon = saved.accepted ? (saved.paymentView?.links.at(-1)?.merchantOrderNumber ?? "") : "";
    const uri = world.mock.deps.repo.find(world.mock.merchant.id, mon)?.request.callbackUri ?? "";
    expect(uri.endsWith(`/callback/${mon}/${callbackToken(NEW_KEY, mon)}`)).toBe(true);
  });
});

describe("the mock's admin API guard", () => {
  let mock: MockSveaServer | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });
  // The test names the caller's address in a header the injected remoteAddress reads; the socket is always loopback.
  const fromHeader = (c: Context<MockSveaEnv>) => c.req.header("x-test-remote-address");
  const start = async (adminToken?: string) =>
    (mock = await startMockSvea({ port: 0, dataFile: null, clock: new ManualClock(0), logger: false, sweepSchedule: false, remoteAddress: fromHeader, ...(adminToken ? { adminToken } : {}) }));
  const call = (from: string, bearer?: string) =>
    rawHttp("GET", `${mock!.adminUrl}/faults`, { "x-test-remote-address": from, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) });

  it("without a token, refuses every non-loopback caller and answers loopback ones", async () => {
    await start();
    for (const remote of ["10.0.0.7", "192.168.1.20", "::ffff:10.0.0.7", "2001:db8::1", "", "127.0.0.1.evil.example"]) {
      const res = await call(remote, "anything");
      expect(res.status, remote).toBe(403);
      expect(JSON.parse(res.text).detail).toBe("the admin API answers loopback callers only");
    }
    for (const remote of ["127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1"]) expect((await call(remote)).status, remote).toBe(200);
  });

  it("with a token, lets a remote caller in only with that exact bearer token", async () => {
    const token = "admin-token-0123456789abcdefghijklm";
    await start(token);
    expect((await call("10.0.0.7")).status).toBe(403);
    expect((await call("10.0.0.7", "admin-token-0123456789abcdefghijklX")).status).toBe(403);
    expect((await call("10.0.0.7", token.slice(0, -1))).status).toBe(403);
    expect((await call("10.0.0.7", token)).status).toBe(200);
    expect((await call("127.0.0.1")).status).toBe(200);
  });

  it("uses a constant-time comparison for the admin token", () => {
    const source = readFileSync(new URL("../../mock-svea/routes/admin-routes.tsx", import.meta.url), "utf8");
    expect(source).toContain("timingSafeEqual(");
  });
});

describe("every server limits request bodies", () => {
  let story: Story;
  beforeAll(async () => {
    story = await startStory({ enforcePollInterval: false });
  });
  afterAll(async () => story?.close());

  it("the mock's Svea API answers 413 to a 2 MiB create", async () => {
    const res = await rawHttp("POST", `${story.mock.url}/api/v1/orders`, { "content-type": "application/json", authorization: basicAuth(story.mock.merchant.id, story.mock.merchant.password) }, JSON.stringify({ pad: TWO_MIB }));
    expect(res.status).toBe(413);
    expect(story.mock.deps.repo.orderCount).toBe(0);
  });

  it("the plugin's callback route answers 413 to a 2 MiB callback, even with a valid token", async () => {
    const saved = await story.save(orderFor("big-1"));
    const mon = saved.paymentView?.links.at(-1)?.merchantOrderNumber ?? "";
    const res = await rawHttp("POST", story.callbackUrl(mon), { "content-type": "application/json" }, TWO_MIB);
    expect(res.status).toBe(413);
    expect((await story.view("big-1"))?.state).toBe("waiting");
  });
});
