// Review harness: the activated plugin against the real mock Svea over HTTP (as after-payment-hooks.test.ts does).
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { systemClock } from "../../common/clock.js";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { createPluginRuntime, type PluginRuntime } from "../../plugin/plugin-runtime.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import { MemoryHostStorage } from "../plugin/support/memory-host-storage.js";
import { CapturingLogger, RecordingOrders, hostOrder, testSettings } from "../plugin/support/plugin-test-kit.js";
import { DEMO_PAYMENT_ADMIN, paymentAdminCall } from "./payment-admin-support.js";

export interface World {
  mock: MockSveaServer;
  runtimes: Record<string, PluginRuntime>;
  close(): Promise<void>;
}

export async function startWorld(configs: Record<string, Record<string, unknown>>): Promise<World> {
  const mock = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false });
  const app = new Hono();
  const erp = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => app.fetch(req), port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const runtimes: Record<string, PluginRuntime> = {};
  for (const [name, overrides] of Object.entries(configs)) {
    const prefix = `/${name}/plugins/svea-instore`;
    const publicBaseUrl = `http://127.0.0.1:${(erp.address() as AddressInfo).port}${prefix}`;
    const runtime = await createPluginRuntime({
      settings: testSettings({ merchantId: mock.merchant.id, password: mock.merchant.password, environment: mock.url, publicBaseUrl, paymentAdmin: { ...DEMO_PAYMENT_ADMIN }, ...overrides }),
      logger: new CapturingLogger(),
      clock: systemClock,
      orders: new RecordingOrders(),
      storage: new MemoryHostStorage(),
    });
    app.route(prefix, runtime.instance.routes);
    runtimes[name] = runtime;
  }
  return {
    mock,
    runtimes,
    async close() {
      for (const r of Object.values(runtimes)) await r.instance.deactivate();
      await new Promise((r) => erp.close(r));
      await mock.close();
    },
  };
}

/** One world for a test file: started before its tests, closed after; `runtime` is the plugin named `name`. */
export function useWorld(configs: Record<string, Record<string, unknown>>, name: string): { world(): World; runtime(): PluginRuntime } {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld(configs);
  });
  afterAll(async () => world?.close());
  return { world: () => world!, runtime: () => world!.runtimes[name]! };
}

let counter = 0;
export function orderWith(fields: Partial<HostOrder>): HostOrder {
  counter++;
  return hostOrder({ id: `rv-${counter}`, number: `RV${counter}`, ...fields });
}

/** A Finnish order (EUR, a Finnish mobile) of one chair at 100.00 with `vatPercent`, and `fields` beside. */
export function finnishOrderWith(vatPercent: string, fields: Partial<HostOrder> = {}): HostOrder {
  return orderWith({
    currency: "EUR",
    customer: { countryCode: "FI", mobilePhone: "+358401234567", name: "Aino" },
    rows: [{ rowNumber: 1, name: "Tuoli", quantity: "1", unit: "kpl", unitPrice: "100.00", vatPercent }],
    total: "100.00",
    ...fields,
  });
}

/** Saves, pays at the mock, waits for the callback: the paymentOrderId. */
export async function pay(world: World, runtime: PluginRuntime, host: HostOrder): Promise<number> {
  const saved = await runtime.instance.hooks["order.save"]({ order: host, locale: "en" });
  expect(saved.accepted ? [] : saved.errors).toEqual([]);
  const number = saved.accepted ? saved.paymentView!.links[0]!.merchantOrderNumber : "";
  const completed = await fetch(`${world.mock.adminUrl}/orders/${world.mock.merchant.id}/${number}/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ paymentMethod: "invoice" }),
  });
  expect(completed.status).toBe(200);
  await world.mock.deps.callbacks.settled();
  await runtime.background.idle();
  const { views } = await runtime.instance.hooks["order.payment-view"]({ orderIds: [host.id], locale: "en" });
  expect(views[0]).toMatchObject({ state: "paid" });
  return views[0]!.sveaReference!;
}

export async function paymentAdminOrder(world: World, paymentOrderId: number): Promise<any> {
  const read = await paymentAdminCall(world.mock.url, "GET", `/orders/${paymentOrderId}`);
  expect(read.status).toBe(200);
  return read.json;
}
