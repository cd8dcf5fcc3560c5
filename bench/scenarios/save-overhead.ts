// Floor 4: the plugin's own work per order.save (Svea answering instantly, in process) against one create round trip to the mock.
import { join } from "node:path";
import { systemClock } from "../../common/clock.js";
import { createPluginRuntime } from "../../plugin/index.js";
import type { BenchContext } from "../bench-context.js";
import { benchHostOrder, basicAuthHeader, sveaCreateBody } from "../bench-orders.js";
import { benchSettings, percentile, RecordingOrders, silentLogger } from "../bench-host.js";
import { makeFigure, round } from "../bench-results.js";
import type { ScenarioSizes } from "../bench-sizes.js";
import { BenchChild } from "../child-process-rpc.js";
import { RoundTripClient } from "../http-round-trip.js";
import { InstantSveaClient } from "../instant-svea-client.js";
import type { MockChildOptions } from "../servers/mock-svea-server.js";

const WARMUP = 100;

export async function runSaveOverhead(ctx: BenchContext, sizes: ScenarioSizes, size: "standard" | "growth"): Promise<void> {
  const rows = sizes.saveRows;
  ctx.log(`plugin order.save overhead, ${rows}-row orders, ${sizes.saveSamples} samples`);
  const saves = await timeSaves(ctx, rows, sizes.saveSamples);
  const trips = await timeCreateRoundTrips(ctx, rows, sizes.saveSamples);
  const saveP50 = percentile(saves.ms, 50);
  ctx.add(
    makeFigure({
      id: `save-overhead.rows-${rows}`,
      name: `Plugin order.save own work, ${rows}-row order (p50)`,
      size,
      value: saveP50,
      unit: "ms",
      baseline: { name: `one ${rows}-row create round trip to the mock (p50)`, value: percentile(trips, 50), unit: "ms" },
      floor: size === "standard" ? { on: "ratio", kind: "at-most", limit: 0.1 } : null,
      checks: { "every save accepted with a waiting link": saves.accepted === saves.ms.length, "every round trip answered 200": trips.length === sizes.saveSamples },
      details: {
        saveP90Ms: round(percentile(saves.ms, 90)),
        saveP99Ms: round(percentile(saves.ms, 99)),
        roundTripP99Ms: round(percentile(trips, 99)),
        samples: saves.ms.length,
        rows,
        store: "embedded lowdb store (plugin default)",
      },
    }),
  );
}

async function timeSaves(ctx: BenchContext, rows: number, samples: number): Promise<{ ms: number[]; accepted: number }> {
  const svea = new InstantSveaClient();
  const orders = new RecordingOrders();
  const runtime = await createPluginRuntime(
    { settings: benchSettings(), logger: silentLogger, clock: systemClock, orders, dataDir: join(await ctx.dir("save-overhead"), "plugin") },
    { svea },
  );
  const save = runtime.instance.hooks["order.save"];
  const ms: number[] = [];
  let accepted = 0;
  try {
    for (let i = 0; i < WARMUP + samples; i++) {
      const order = benchHostOrder(`save-${rows}-${i}`, rows);
      orders.orders.set(order.id, order);
      const started = performance.now();
      const result = await save({ order, locale: "sv" });
      const elapsed = performance.now() - started;
      if (i < WARMUP) continue;
      ms.push(elapsed);
      if (result.accepted && result.paymentView?.state === "waiting") accepted++;
    }
  } finally {
    await runtime.instance.deactivate();
  }
  return { ms: ms.sort((a, b) => a - b), accepted };
}

/** Sequential creates on one keep-alive connection to a mock with a durable (fsync'd) empty store. */
async function timeCreateRoundTrips(ctx: BenchContext, rows: number, samples: number): Promise<number[]> {
  const mock = await BenchChild.start("mock-svea-server.js", "mock svea", {
    dataFile: join(await ctx.dir("round-trip"), "mock-svea.json"),
    enforcePollInterval: false,
  } satisfies MockChildOptions);
  const merchant = await mock.call<{ id: string; password: string }>("merchant");
  const client = new RoundTripClient(mock.url, { authorization: basicAuthHeader(merchant.id, merchant.password) });
  const ms: number[] = [];
  try {
    for (let i = 0; i < Math.min(WARMUP, samples) + samples; i++) {
      const { status, ms: elapsed } = await client.send("POST", "/api/v1/orders", JSON.stringify(sveaCreateBody(`rt-${rows}-${i}`, rows)));
      if (i >= Math.min(WARMUP, samples) && status === 200) ms.push(elapsed);
    }
  } finally {
    client.close();
    await mock.stop();
  }
  return ms.sort((a, b) => a - b);
}
