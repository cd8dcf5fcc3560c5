// By hand: picking.filter over N orders (half Instore) on each store backend, against the bench's bare Set-lookup filter.
// Run: npm run build && npx tsc -p bench/tsconfig.json && node test/plugin/picking-filter-measure.mjs [orders=100000]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../dist/common/clock.js";
import { benchSettings, RecordingOrders, silentLogger } from "../../dist/bench/bench-host.js";
import { InstantSveaClient } from "../../dist/bench/instant-svea-client.js";
import { MemoryHostStorage } from "../../dist/bench/memory-host-storage.js";
import { createPluginRuntime } from "../../dist/plugin/index.js";

const count = Number(process.argv[2] ?? 100_000);
const RUNS = 15;
const UNPAID = ["cancelled", "expired", "cancelled", "expired", "failed", "waiting"];

const start = (context) =>
  createPluginRuntime({ settings: benchSettings(), logger: silentLogger, clock: systemClock, orders: new RecordingOrders(), ...context }, { svea: new InstantSveaClient() });

async function measure(name, context) {
  const runtime = await start(context);
  try {
    const orders = Array.from({ length: count }, (_, i) => ({ id: `pick-${i}`, paymentMethod: i % 2 === 0 ? "svea-instore" : "invoice" }));
    const paid = new Set();
    const instore = orders.filter((o) => o.paymentMethod === "svea-instore");
    for (const [n, { id }] of instore.entries()) {
      const state = n % 2 === 0 ? "paid" : UNPAID[(n >> 1) % UNPAID.length];
      await runtime.deps.store.putLink(id, {
        merchantOrderNumber: `pick${n}_1`, sequence: 1, state, instoreUiUri: null, paymentOrderId: null, createdAt: 0, expiresAt: 0,
        fingerprint: "m", canceledByPlugin: false, reason: null, smsSentSuccessfully: true, mayExistAtSvea: false, flags: [], callbackAt: null, checkedAt: null,
      });
      if (state === "paid") paid.add(id);
    }
    const filter = runtime.instance.hooks["picking.filter"];
    const input = { orders, locale: "sv" };
    const bare = () => orders.filter((o) => o.paymentMethod !== "svea-instore" || paid.has(o.id)).map((o) => o.id);
    let started;
    const hookMs = [];
    const bareMs = [];
    await filter(input);
    bare();
    // Alternated, so a drifting shared machine hits both alike.
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      const result = await filter(input);
      hookMs.push(performance.now() - started);
      if (result.pickable.length !== paid.size + count / 2) throw new Error(`${name}: wrong pickable count ${result.pickable.length}`);
      started = performance.now();
      bare();
      bareMs.push(performance.now() - started);
    }
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [hook, base] = [median(hookMs), median(bareMs)];
    if (context.storage) {
      // A restarted plugin over the same host storage reads each Instore order's document once, on its first call.
      const restarted = await start(context);
      started = performance.now();
      await restarted.instance.hooks["picking.filter"](input);
      console.log(`${name.padEnd(22)} first call after a restart: ${(performance.now() - started).toFixed(1)} ms`);
      await restarted.instance.deactivate();
    }
    console.log(`${name.padEnd(22)} hook ${hook.toFixed(1).padStart(7)} ms  bare ${base.toFixed(1).padStart(6)} ms  ratio ${(hook / base).toFixed(2)}  (min ${hookMs[0].toFixed(1)} / ${bareMs[0].toFixed(1)})`);
  } finally {
    await runtime.instance.deactivate();
  }
}

console.log(`picking.filter over ${count} orders, half Instore, median of ${RUNS}`);
await measure("host storage (memory)", { storage: new MemoryHostStorage() });
const dataDir = await mkdtemp(join(tmpdir(), "picking-measure-"));
try {
  await measure("embedded journal", { dataDir });
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
