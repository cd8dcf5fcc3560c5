// Floor 4: the plugin's own work per order.save (Svea answering instantly, in process) against one create round trip to the mock.
import { join } from "node:path";
import { systemClock } from "../../common/clock.js";
import { createPluginRuntime } from "../../plugin/index.js";
import type { BenchContext } from "../bench-context.js";
import { benchHostOrder } from "../bench-orders.js";
import { benchSettings, percentile, RecordingOrders, silentLogger } from "../bench-host.js";
import { makeFigure, round } from "../bench-results.js";
import type { ScenarioSizes } from "../bench-sizes.js";
import { BenchChild } from "../child-process-rpc.js";
import { InstantSveaClient } from "../instant-svea-client.js";
import type { MockChildOptions } from "../servers/mock-svea-server.js";
import type { RoundTripClientOptions, TripsArgs } from "../servers/round-trip-client.js";

/** Saves timed in a row before as many round trips are timed in a row. */
const BLOCK = 50;

/*
 * Warm-up (sizes.saveWarmup, 4,000 in a full run): both p50s are steady-state figures. A save's p50 keeps falling
 * until V8 has optimised the whole path: about 0.35 ms over the first 500 saves, 0.12 ms around 1,000, and a flat
 * 0.09-0.10 ms from about 2,500 on (seen on this machine in a loop of 8,000 saves), which is where a host that has
 * been taking orders for a while runs. With 400 warm-up saves the timed ones sat on that slope.
 */

export async function runSaveOverhead(ctx: BenchContext, sizes: ScenarioSizes, size: "standard" | "growth"): Promise<void> {
  const rows = sizes.saveRows;
  ctx.log(`plugin order.save overhead, ${rows}-row orders, ${sizes.saveSamples} samples`);
  const { saves, trips, clientTrips, accepted } = await timeSavesAndRoundTrips(ctx, rows, sizes.saveSamples, sizes.saveWarmup);
  const clientTripP50 = percentile(clientTrips, 50);
  ctx.add(
    makeFigure({
      id: `save-overhead.rows-${rows}`,
      name: `Plugin order.save own work, ${rows}-row order (p50)`,
      size,
      value: percentile(saves, 50),
      unit: "ms",
      baseline: { name: `one ${rows}-row create round trip to the mock (p50)`, value: percentile(trips, 50), unit: "ms" },
      floor: size === "standard" ? { on: "ratio", kind: "at-most", limit: 0.1 } : null,
      checks: {
        "every save accepted with a waiting link": accepted === saves.length,
        "every round trip answered 200": trips.length === sizes.saveSamples && clientTrips.length === sizes.saveSamples,
      },
      details: {
        saveP90Ms: round(percentile(saves, 90)),
        saveP99Ms: round(percentile(saves, 99)),
        roundTripP99Ms: round(percentile(trips, 99)),
        // Not the floor's baseline: the round trip a save really waits for, through the plugin's own Svea client.
        pluginClientRoundTripP50Ms: round(clientTripP50),
        ratioToPluginClientRoundTrip: round(percentile(saves, 50) / clientTripP50),
        samples: saves.length,
        rows,
        timing: `blocks of ${BLOCK} saves, ${BLOCK} bare round trips, then ${BLOCK} through the plugin's Svea client (both from a client process of their own), after ${sizes.saveWarmup} of each untimed`,
        store: "the embedded store, as activate builds it (plugin default)",
      },
    }),
  );
}

/**
 * Blocks of 50 saves, then 50 create round trips, then the next 50 saves...: both series see the same stretches of a
 * drifting machine, and each is timed on its own warm path. (One save then one round trip, alternating, timed every
 * save right after the HTTP client, the socket and the child process had run: cold caches that a host saving orders
 * one after another does not have, and that inflated the save's p50 about 2-3 ×.) Every save is a new 20-row order
 * with its own id, number and merchantOrderNumber. Saves run in this process against an instant Svea (which reads
 * the save's deadline signal, as the HTTP client does); round trips go from a client process of their own (so the
 * HTTP client's garbage is collected there, not during the timed saves) to a mock with a durable (fsync'd) store.
 * The floor's baseline is the bare round trip (node:http, nothing else), the least a save can wait for; the same creates
 * through the plugin's own Svea client (its request check, fetch, answer validation) are reported beside it.
 */
async function timeSavesAndRoundTrips(
  ctx: BenchContext,
  rows: number,
  samples: number,
  warmup: number,
): Promise<{ saves: number[]; trips: number[]; clientTrips: number[]; accepted: number }> {
  const svea = new InstantSveaClient();
  const orders = new RecordingOrders();
  const runtime = await createPluginRuntime(
    { settings: benchSettings(), logger: silentLogger, clock: systemClock, orders, dataDir: join(await ctx.dir("save-overhead"), "plugin") },
    { svea },
  );
  const mock = await BenchChild.start("mock-svea-server.js", "mock svea", {
    dataFile: join(await ctx.dir("round-trip"), "mock-svea.json"),
    enforcePollInterval: false,
  } satisfies MockChildOptions);
  const merchant = await mock.call<{ id: string; password: string }>("merchant");
  const client = await BenchChild.start("round-trip-client.js", "round-trip client", {
    baseUrl: mock.url,
    merchantId: merchant.id,
    password: merchant.password,
  } satisfies RoundTripClientOptions);
  const save = runtime.instance.hooks["order.save"];
  const saves: number[] = [];
  const trips: number[] = [];
  const clientTrips: number[] = [];
  let accepted = 0;
  try {
    for (let start = 0; start < warmup + samples; start += BLOCK) {
      const end = Math.min(warmup + samples, start + BLOCK);
      for (let i = start; i < end; i++) {
        const order = benchHostOrder(`save-${rows}-${i}`, rows);
        orders.orders.set(order.id, order);
        const started = performance.now();
        const result = await save({ order, locale: "sv" });
        const saveMs = performance.now() - started;
        if (i < warmup) continue;
        saves.push(saveMs);
        if (result.accepted && result.paymentView?.state === "waiting") accepted++;
      }
      const blockTrips = await client.call<(number | null)[]>("trips", { from: start, to: end, rows } satisfies TripsArgs);
      blockTrips.forEach((ms, k) => {
        if (start + k >= warmup && ms !== null) trips.push(ms);
      });
      const blockClientTrips = await client.call<(number | null)[]>("clientTrips", { from: start, to: end, rows } satisfies TripsArgs);
      blockClientTrips.forEach((ms, k) => {
        if (start + k >= warmup && ms !== null) clientTrips.push(ms);
      });
    }
  } finally {
    await client.stop();
    await mock.stop();
    await runtime.instance.deactivate();
  }
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  return { saves: sorted(saves), trips: sorted(trips), clientTrips: sorted(clientTrips), accepted };
}
