// Runs the whole story with every logger at trace level into one capture and checks no secret or national id was logged.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import { callbackToken } from "../../plugin/callback/callback-token.js";
import type { HostOrder, PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";
import { orderFor } from "../e2e/story-harness.js";
import { driven, waitFor } from "./support/activated-plugin.js";
import { basicAuth, rawHttp } from "./support/raw-http.js";

const NATIONAL_ID = "198112289874";

class Capture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString("utf8"));
    done();
  }
  get text() {
    return this.chunks.join("");
  }
}

describe("log scan over a full story", () => {
  const capture = new Capture();
  // Plain pino at trace level, with no redaction: what the plugin, host or mock hands the logger is what this sees.
  const logger = pino({ level: "trace" }, capture);
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 0));
  const callbackKey = randomBytes(32).toString("base64url");
  let mock: MockSveaServer;
  let host: ReferenceHost;
  const mons = new Set<string>();

  const clerk = async (method: string, path: string, body?: unknown) => {
    const res = await driven(rawHttp(method, `${host.url}${path}`, { "content-type": "application/json" }, body === undefined ? undefined : JSON.stringify(body)), clock);
    return { status: res.status, body: JSON.parse(res.text) as { paymentView?: PaymentView; accepted?: boolean; ok?: boolean } };
  };
  const save = async (order: HostOrder) => {
    const answer = await clerk("PUT", `/api/orders/${order.id}?locale=en`, order);
    for (const l of answer.body.paymentView?.links ?? []) mons.add(l.merchantOrderNumber);
    return answer;
  };
  const admin = (method: string, path: string, body?: unknown) => rawHttp(method, `${mock.adminUrl}${path}`, { "content-type": "application/json" }, body === undefined ? undefined : JSON.stringify(body));
  const view = async (id: string) => (await clerk("GET", `/api/orders/${id}?locale=en`)).body.paymentView;
  const lastMon = (v: PaymentView | undefined) => v?.links.at(-1)?.merchantOrderNumber ?? "";
  const pause = () => admin("POST", "/clock/advance", { ms: 6_000 });

  beforeAll(async () => {
    await ensurePluginBuilt();
    mock = await startMockSvea({ port: 0, dataFile: null, clock, logger: logger.child({ server: "mock" }), sweepSchedule: false, enforcePollInterval: true });
    host = await startReferenceHost({
      pluginDir: repoRoot,
      dataFile: null,
      clock,
      logger: logger.child({ server: "host" }),
      schedules: "manual",
      settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({
        merchantId: mock.merchant.id,
        password: mock.merchant.password,
        environment: mock.url,
        termsUri: "https://shop.example/terms",
        publicBaseUrl: pluginBaseUrl,
        callbackKey,
        previousCallbackKey: `${callbackKey}-previous`,
      }),
    });
  });
  afterAll(async () => {
    await host?.close();
    await mock?.close();
  });

  it("create, re-save, pay with a national id, callbacks, delete and faults log no secret", async () => {
    const customer = { ...orderFor("x").customer, nationalId: NATIONAL_ID, customerType: "private" as const };
    // Create, then re-save with a change: status, cancel, create.
    const first = await save(orderFor("log-1", { customer }));
    expect(first.body.paymentView?.state).toBe("waiting");
    await pause();
    const changed = orderFor("log-1", { customer, rows: [{ name: "Kaffe", quantity: "3", unitPrice: "59.90", vatPercent: "12" }], total: "179.70" });
    const second = await save(changed);
    const mon = lastMon(second.body.paymentView);
    expect(mon).not.toBe(lastMon(first.body.paymentView));
    expect(mock.deps.repo.find(mock.merchant.id, mon)?.request.presetValues).toContainEqual({ attributeName: "NationalId", value: NATIONAL_ID });

    // The customer pays; Svea's callback fails twice, then lands; a duplicate follows.
    expect((await admin("POST", "/faults", { kind: "callback-failure", merchantOrderNumber: mon, count: 2 })).status).toBe(201);
    expect((await admin("POST", `/orders/${mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" })).status).toBe(200);
    const paid = await waitFor(() => view("log-1"), (v) => v?.state === "paid", clock);
    expect(paid?.state).toBe("paid");
    expect((await rawHttp("POST", `${host.pluginBaseUrl}/callback/${mon}/${callbackToken(callbackKey, mon)}`, {}, JSON.stringify({ merchantOrderNumber: mon }))).status).toBe(200);
    // A forged callback and a token under the previous key.
    expect((await rawHttp("POST", `${host.pluginBaseUrl}/callback/${mon}/${"B".repeat(43)}`, {}, "{}")).status).toBe(401);
    expect((await rawHttp("POST", `${host.pluginBaseUrl}/callback/${mon}/${callbackToken(`${callbackKey}-previous`, mon)}`, {}, "{}")).status).toBe(200);

    // Delete before payment.
    await save(orderFor("log-2", { customer }));
    await pause();
    expect((await clerk("DELETE", "/api/orders/log-2?locale=en")).status).toBe(200);
    // Delete of a paid order is refused.
    expect((await clerk("DELETE", "/api/orders/log-1?locale=en")).body.accepted).toBe(false);

    // Faults: create 500, a dropped create after Svea stored it, status 503 on a re-save, a rejected SMS.
    await admin("POST", "/faults", { kind: "http-status", endpoint: "create", status: 500, count: 3 });
    expect((await save(orderFor("log-3", { customer }))).body.paymentView?.state).toBe("checking");
    await admin("POST", "/faults", { kind: "drop-connection", endpoint: "create", afterStore: true, count: 1 });
    await save(orderFor("log-4", { customer }));
    await pause();
    await admin("POST", "/faults", { kind: "http-status", endpoint: "status", status: 503, count: 3 });
    await save(orderFor("log-4", { customer, total: "296.20" }));
    await admin("POST", "/faults", { kind: "sms-failure", mobilePhoneNumber: "+46701234567" });
    await pause();
    await save(orderFor("log-5", { customer }));
    await admin("DELETE", "/faults");

    // Commands and schedules, and a direct call to the mock with wrong credentials.
    await pause();
    expect((await clerk("POST", "/api/commands/verify-credentials?locale=en", {})).status).toBe(200);
    await clerk("POST", "/api/commands/reconcile?locale=en", {});
    await host.schedules.run("expire-links");
    expect((await rawHttp("GET", `${mock.url}/api/v1/orders/x/status`, { authorization: basicAuth(mock.merchant.id, "wrong-password-123") })).status).toBe(401);
    for (const o of mock.deps.repo.list({})) mons.add(o.merchantOrderNumber);

    const logs = capture.text;
    // The capture really holds all three servers' logs of this story.
    expect(logs.split("\n").length).toBeGreaterThan(40);
    for (const marker of ['"server":"mock"', '"server":"host"', "svea instore callback recorded", "svea instore link created", "svea instore create failed"])
      expect(logs, marker).toContain(marker);
    // Every line is JSON with each key once (a key bound by both host and plugin was once written twice).
    const lines = logs.split("\n").filter((l) => l !== "");
    const repeated = lines.filter((line) => {
      const keys = [...line.matchAll(/[{,]"([^"]+)":/g)].map((m) => m[1]);
      const top = Object.keys(JSON.parse(line) as object);
      return keys.filter((k) => top.includes(k!)).length > top.length;
    });
    expect(repeated.slice(0, 2)).toEqual([]);
    expect(lines.filter((l) => l.includes('"plugin":"svea-instore"')).length).toBeGreaterThan(5);

    const secrets: Record<string, string> = {
      password: mock.merchant.password,
      "Authorization header value": basicAuth(mock.merchant.id, mock.merchant.password).slice("Basic ".length),
      "wrong password sent to the mock": "wrong-password-123",
      "callback key": callbackKey,
      "previous callback key": `${callbackKey}-previous`,
      "national id": NATIONAL_ID,
      "national id, short form": NATIONAL_ID.slice(2),
    };
    expect(mons.size).toBeGreaterThan(3);
    for (const m of mons) secrets[`callback token of ${m}`] = callbackToken(callbackKey, m);
    const found = Object.entries(secrets).filter(([, value]) => logs.includes(value)).map(([name]) => name);
    expect(found).toEqual([]);
  });
});
