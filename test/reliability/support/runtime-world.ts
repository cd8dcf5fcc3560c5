// The plugin's runtime (its use cases' deps reachable) with its callback routes on 127.0.0.1, and the mock Svea over HTTP, sharing one ManualClock.
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { ManualClock } from "../../../common/clock.js";
import { startMockSvea, type MockSveaServer } from "../../../mock-svea/start-mock-svea.js";
import { createPluginRuntime, type PluginRuntime } from "../../../plugin/plugin-runtime.js";
import { MemoryHostStorage } from "../../plugin/support/memory-host-storage.js";
import { CapturingLogger, RecordingOrders, testSettings } from "../../plugin/support/plugin-test-kit.js";

const PREFIX = "/plugins/svea-instore";

export interface RuntimeWorld {
  clock: ManualClock;
  mock: MockSveaServer;
  runtime: PluginRuntime;
  orders: RecordingOrders;
  close(): Promise<void>;
}

/**
 * The plugin's runtime (its deps reachable) and the mock Svea over HTTP on 127.0.0.1, sharing one ManualClock.
 * `settings`: the plugin's settings beside the mock's merchant (deferredDelivery, paymentAdmin...).
 */
export async function startRuntimeWorld(settings: Record<string, unknown> = {}): Promise<RuntimeWorld> {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 0));
  const mock = await startMockSvea({ port: 0, dataFile: null, clock, logger: false, sweepSchedule: false });
  let app: Hono | undefined;
  const erp = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const publicBaseUrl = `http://127.0.0.1:${(erp.address() as AddressInfo).port}${PREFIX}`;
  const orders = new RecordingOrders();
  const runtime = await createPluginRuntime({
    settings: testSettings({ merchantId: mock.merchant.id, password: mock.merchant.password, environment: mock.url, publicBaseUrl, ...settings }),
    logger: new CapturingLogger(),
    clock,
    orders,
    storage: new MemoryHostStorage(),
  });
  app = new Hono().route(PREFIX, runtime.instance.routes);
  return {
    clock,
    mock,
    runtime,
    orders,
    async close() {
      await runtime.instance.deactivate();
      await new Promise<void>((done) => {
        erp.close(() => done());
        (erp as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await mock.close();
    },
  };
}

