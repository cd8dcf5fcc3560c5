// The plugin under test in its own process, as a host runs it: HTTP client to the mock, embedded store, callback route served on 127.0.0.1.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { systemClock } from "../../common/clock.js";
import { callbackUrl, createLowdbPluginStore, createPluginRuntime, type PluginRuntime } from "../../plugin/index.js";
import { createSveaInstoreClient } from "../../plugin/svea-client/index.js";
import { BENCH_CALLBACK_KEY, benchSettings, OffsetClock, PLUGIN_ROUTE_PREFIX, RecordingOrders, silentLogger } from "../bench-host.js";
import { benchHostOrder } from "../bench-orders.js";
import { childOptions, serveRpc } from "../child-process-rpc.js";
import { TimedSveaClient } from "../timed-svea-client.js";

export interface PluginChildOptions {
  mockUrl: string;
  merchantId: string;
  password: string;
  dataDir: string;
}

export interface SaveArgs {
  prefix: string;
  count: number;
  rows: number;
  concurrency: number;
}

export interface SavedLinks {
  ms: number;
  accepted: number;
  /** Each accepted order's merchantOrderNumber and the path of its callback URL. */
  links: { merchantOrderNumber: string; callbackPath: string }[];
}

export interface SweepOutcome {
  ms: number;
  summary: { checked: number; expired: number; paid: number; errors: number };
  statusCalls: number;
  statusMsTotal: number;
  concurrency: number;
}

const options = childOptions<PluginChildOptions>();
const clock = new OffsetClock(systemClock);
const orders = new RecordingOrders();
let runtime: PluginRuntime | undefined;
const app = new Hono();
const server = serve({ fetch: (req) => app.fetch(req), port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => void start(info.port));

async function start(port: number): Promise<void> {
  const publicBaseUrl = `http://127.0.0.1:${port}${PLUGIN_ROUTE_PREFIX}`;
  const store = createLowdbPluginStore({ file: join(options.dataDir, "svea-instore-plugin.json") });
  const svea = new TimedSveaClient(
    createSveaInstoreClient({ merchantId: options.merchantId, password: options.password, environment: "custom", baseUrl: options.mockUrl, clock, pollSlots: store }),
  );
  runtime = await createPluginRuntime(
    {
      settings: benchSettings({ merchantId: options.merchantId, password: options.password, environment: options.mockUrl, publicBaseUrl }),
      logger: silentLogger,
      clock,
      orders,
    },
    { svea, store },
  );
  app.route(PLUGIN_ROUTE_PREFIX, runtime.instance.routes);
  const live = runtime;

  async function save({ prefix, count, rows, concurrency }: SaveArgs): Promise<SavedLinks> {
    const started = performance.now();
    const links: SavedLinks["links"] = [];
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const order = benchHostOrder(`${prefix}${next++}`, rows);
        orders.orders.set(order.id, order);
        const result = await live.instance.hooks["order.save"]({ order, locale: "sv" });
        const merchantOrderNumber = (await live.deps.store.getOrder(order.id))?.links.at(-1)?.merchantOrderNumber;
        if (!result.accepted || !merchantOrderNumber) continue;
        links.push({ merchantOrderNumber, callbackPath: new URL(callbackUrl(publicBaseUrl, BENCH_CALLBACK_KEY, merchantOrderNumber)).pathname });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { ms: performance.now() - started, accepted: links.length, links };
  }

  async function sweep(): Promise<SweepOutcome> {
    svea.reset();
    const started = performance.now();
    const result = await live.instance.commands["expire-links"]!({ locale: "sv" });
    return {
      ms: performance.now() - started,
      summary: result.data as SweepOutcome["summary"],
      statusCalls: svea.statusCalls,
      statusMsTotal: svea.statusMsTotal,
      concurrency: live.settings.sweepConcurrency,
    };
  }

  serveRpc(port, {
    save,
    sweep,
    advanceClock: ({ ms }: { ms: number }) => {
      clock.offsetMs += ms;
    },
    linkLifetimeMs: () => live.settings.linkLifetimeMinutes * 60_000,
    resetCounts: () => orders.resetCounts(),
    idle: () => live.background.idle(),
    transitions: () => ({ transitions: orders.transitions, duplicatePaid: orders.duplicatePaid }),
    shutdown: async () => {
      await live.instance.deactivate();
      server.close();
      setImmediate(() => process.exit(0));
    },
  });
}
