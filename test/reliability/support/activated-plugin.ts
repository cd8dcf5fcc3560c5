// One activated plugin for reliability tests: the real `activate`, its routes served on 127.0.0.1, a mock Svea beside it, one ManualClock.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import { ManualClock } from "../../../common/clock.js";
import { startMockSvea, type MockSveaServer } from "../../../mock-svea/start-mock-svea.js";
import type { HostOrder, PaymentStateUpdate } from "../../../plugin/host-contract/host-contract-types.js";
import type { OrdersPort, PluginInstance, PluginLogger } from "../../../plugin/host-contract/plugin-api.js";
import { activate } from "../../../plugin/index.js";
import { driveClockWhile, readUntil } from "../../support/drive-manual-clock.js";
import { checkAgainstHostContract } from "../../plugin/support/contract-checked-updates.js";

export const PLUGIN_PREFIX = "/plugins/svea-instore";
export const START_TIME = Date.UTC(2026, 2, 2, 9, 0, 0);

/** The host's side of the plugin: orders kept in memory, every payment-state update recorded. */
export class MemoryOrders implements OrdersPort {
  readonly orders = new Map<string, HostOrder>();
  readonly updates: PaymentStateUpdate[] = [];
  async get(orderId: string) {
    return this.orders.get(orderId);
  }
  async setPaymentState(update: PaymentStateUpdate) {
    checkAgainstHostContract(update);
    this.updates.push(structuredClone(update));
  }
}

const silent: PluginLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface PluginWorldOptions {
  /** Changes to a configured account's settings; an `undefined` value removes the setting. */
  settings?: Record<string, unknown>;
  /** The plugin's logger (default silent). */
  logger?: PluginLogger;
  /** The mock's pino logger (default silent). */
  mockLogger?: Logger | false;
}

export interface PluginWorld {
  clock: ManualClock;
  mock: MockSveaServer;
  plugin: PluginInstance;
  orders: MemoryOrders;
  /** Where the plugin's routes answer, e.g. http://127.0.0.1:1234/plugins/svea-instore */
  pluginBaseUrl: string;
  callbackKey: string;
  close(): Promise<void>;
}

export const TEST_CALLBACK_KEY = "reliability-callback-key-0123456789abcdef";

export async function startPluginWorld(options: PluginWorldOptions = {}): Promise<PluginWorld> {
  const clock = new ManualClock(START_TIME);
  const mock = await startMockSvea({ port: 0, dataFile: null, clock, logger: options.mockLogger ?? false, sweepSchedule: false, enforcePollInterval: false });
  const dataDir = await mkdtemp(join(tmpdir(), "svea-reliability-"));
  let routes: Hono | undefined;
  const app = new Hono();
  app.all("*", (c) => (routes ? routes.fetch(new Request(c.req.raw.url.replace(PLUGIN_PREFIX, ""), c.req.raw)) : c.text("starting", 503)));
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  const port = await new Promise<number>((ready) => server.once("listening", () => ready((server.address() as AddressInfo).port)));
  const pluginBaseUrl = `http://127.0.0.1:${port}${PLUGIN_PREFIX}`;
  const orders = new MemoryOrders();
  const callbackKey = (options.settings?.callbackKey as string | undefined) ?? TEST_CALLBACK_KEY;
  const settings: Record<string, unknown> = {
    merchantId: mock.merchant.id,
    password: mock.merchant.password,
    environment: mock.url,
    termsUri: "https://shop.example/terms",
    publicBaseUrl: pluginBaseUrl,
    callbackKey,
    ...options.settings,
  };
  for (const [name, value] of Object.entries(settings)) if (value === undefined) delete settings[name];
  const plugin = await activate({
    settings,
    logger: options.logger ?? silent,
    clock,
    orders,
    dataDir,
  });
  routes = plugin.routes;
  return {
    clock,
    mock,
    plugin,
    orders,
    pluginBaseUrl,
    callbackKey,
    async close() {
      await plugin.deactivate();
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await mock.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits for work the plugin does after answering (callback processing), moving the shared clock when something sleeps
 * on it (Svea's 5 s status-poll gap). Bounded: about 3 s of real time.
 */
export function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, clock: ManualClock): Promise<T> {
  return readUntil(read, done, clock);
}

/**
 * Awaits work that may sleep on the shared ManualClock (client back-off, the save deadline, Svea's poll gap), moving the
 * clock 1 s at a time while something sleeps on it, as real time would. Bounded: about 30 s of real time.
 */
export function driven<T>(work: Promise<T>, clock: ManualClock, stepMs = 1000): Promise<T> {
  return driveClockWhile(work, clock, stepMs);
}
