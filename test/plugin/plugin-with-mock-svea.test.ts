// The activated plugin against the real mock Svea server over HTTP: concurrent saves, the callback round trip, delete.
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../common/clock.js";
import { createPluginRuntime, type PluginRuntime } from "../../plugin/plugin-runtime.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import { MemoryHostStorage } from "./support/memory-host-storage.js";
import { CapturingLogger, RecordingOrders, hostOrder, testSettings } from "./support/plugin-test-kit.js";

const PREFIX = "/plugins/svea-instore";
let mock: MockSveaServer;
let erp: ServerType;
let runtime: PluginRuntime;
let orders: RecordingOrders;

beforeAll(async () => {
  mock = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false });
  let app: Hono | undefined;
  erp = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const publicBaseUrl = `http://127.0.0.1:${(erp.address() as AddressInfo).port}${PREFIX}`;
  orders = new RecordingOrders();
  runtime = await createPluginRuntime({
    settings: testSettings({ merchantId: mock.merchant.id, password: mock.merchant.password, environment: mock.url, publicBaseUrl, reissueOn: "every-save" }),
    logger: new CapturingLogger(),
    clock: systemClock,
    orders,
    storage: new MemoryHostStorage(),
  });
  app = new Hono().route(PREFIX, runtime.instance.routes);
});

afterAll(async () => {
  await runtime?.instance.deactivate();
  await new Promise((r) => erp?.close(r));
  await mock?.close();
});

async function activeAtSvea(prefix: string): Promise<string[]> {
  const response = await fetch(`${mock.adminUrl}/orders?status=Active&merchantId=${encodeURIComponent(mock.merchant.id)}&limit=1000`);
  const body = (await response.json()) as { orders: { merchantOrderNumber: string }[] };
  return body.orders.map((o) => o.merchantOrderNumber).filter((n) => n.startsWith(prefix));
}

describe("plugin ↔ mock Svea over HTTP", () => {
  it("leaves exactly one Active link at Svea after ten concurrent saves of one order", async () => {
    const saves = Array.from({ length: 10 }, (_, i) =>
      runtime.instance.hooks["order.save"]({
        order: hostOrder({ id: "c-1", number: "C1", rows: [{ name: "Lamp", quantity: String(i + 1), unitPrice: "10", vatPercent: "25" }], total: String(10 * (i + 1)) }),
        locale: "en",
      }),
    );
    const results = await Promise.all(saves);
    expect(results.filter((r) => r.accepted)).toHaveLength(10);
    const active = await activeAtSvea("C1-");
    expect(active).toHaveLength(1);
    const record = await runtime.deps.store.getOrder("c-1");
    expect(record?.links.filter((l) => l.state === "waiting").map((l) => l.merchantOrderNumber)).toEqual(active);
  });

  it("turns paid from Svea's callback and a status read, and tells the host", async () => {
    const saved = await runtime.instance.hooks["order.save"]({ order: hostOrder({ id: "p-1", number: "P1" }), locale: "sv" });
    const number = saved.accepted ? saved.paymentView!.links[0]!.merchantOrderNumber : "";
    const paid = await fetch(`${mock.adminUrl}/orders/${mock.merchant.id}/${number}/complete`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ paymentMethod: "card" }),
    });
    expect(paid.status).toBe(200);
    await mock.deps.callbacks.settled();
    await runtime.background.idle();
    expect(orders.last("p-1")).toMatchObject({ state: "paid", sveaReference: expect.any(Number) });
    const { views } = await runtime.instance.hooks["order.payment-view"]({ orderIds: ["p-1"], locale: "sv" });
    expect(views[0]).toMatchObject({ state: "paid", sveaReference: expect.any(Number), paymentLink: null });
  });

  it("cancels the link at Svea when the order is deleted", async () => {
    await runtime.instance.hooks["order.save"]({ order: hostOrder({ id: "d-1", number: "D1" }), locale: "en" });
    expect(await activeAtSvea("D1-")).toHaveLength(1);
    const result = await runtime.instance.hooks["order.delete"]({ order: hostOrder({ id: "d-1", number: "D1" }), locale: "en" });
    expect(result).toMatchObject({ accepted: true, paymentView: { state: "cancelled" } });
    expect(await activeAtSvea("D1-")).toEqual([]);
  });

  it("verifies the credentials against Svea", async () => {
    expect(await runtime.instance.commands["verify-credentials"]!({ locale: "en" })).toMatchObject({ ok: true });
  });
});
