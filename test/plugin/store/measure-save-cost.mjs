// By hand, not a test: the store's share of one order.save (20 rows, Svea answering at once) for each store backend.
// Usage: npm run build && npx tsc -p bench/tsconfig.json && node test/plugin/store/measure-save-cost.mjs [samples=400] [rows=20]
// Prints per backend: save p50/p90/p99, the time spent inside store calls per save (p50 and mean) and store calls per
// save; then the same store calls a save makes, run alone (no plugin work), in microseconds per save.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dist = new URL("../../../dist/", import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { createPluginRuntime } = await load("plugin/index.js");
const stores = await load("plugin/store/index.js");
const { systemClock } = await load("common/clock.js");
// The bench's own fixtures, so these figures are comparable with the bench's save-overhead scenario.
const { InstantSveaClient } = await load("bench/instant-svea-client.js");
const { benchHostOrder } = await load("bench/bench-orders.js");
const { benchSettings, silentLogger } = await load("bench/bench-host.js");
const { MemoryHostStorage } = await load("bench/memory-host-storage.js");

const SAMPLES = Number(process.argv[2] ?? 400);
const ROWS = Number(process.argv[3] ?? 20);
const WARMUP = 100;

/** Wraps a store so every call's time (until its promise settles) is added up; withOrderLock counts only its own wait. */
function timed(store) {
  const stats = { ms: 0, calls: 0 };
  const proxy = new Proxy(store, {
    get(target, name) {
      const value = target[name];
      if (typeof value !== "function" || name === "withOrderLock") return typeof value === "function" ? value.bind(target) : value;
      return async (...args) => {
        const started = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          stats.ms += performance.now() - started;
          stats.calls++;
        }
      };
    },
  });
  return { proxy, stats };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function measure(name, makeStore) {
  const dir = await mkdtemp(join(tmpdir(), "svea-store-measure-"));
  const file = join(dir, "svea-instore-plugin.json");
  const { proxy, stats } = timed(makeStore(file));
  const orders = { get: async () => undefined, setPaymentState: async () => {} };
  const runtime = await createPluginRuntime(
    { settings: benchSettings(), logger: silentLogger, clock: systemClock, orders },
    { svea: new InstantSveaClient(), store: proxy },
  );
  const save = runtime.instance.hooks["order.save"];
  const saves = [];
  const inStore = [];
  let storeCalls = 0;
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const order = benchHostOrder(`measure-${i}`, ROWS);
    orders.get = async () => order;
    const before = { ms: stats.ms, calls: stats.calls };
    const started = performance.now();
    const result = await save({ order, locale: "sv" });
    const elapsed = performance.now() - started;
    if (!result.accepted || result.paymentView?.state !== "waiting") throw new Error(`${name}: save ${i} not accepted`);
    if (i < WARMUP) continue;
    saves.push(elapsed);
    inStore.push(stats.ms - before.ms);
    storeCalls += stats.calls - before.calls;
  }
  await runtime.instance.deactivate();
  await rm(dir, { recursive: true, force: true });
  saves.sort((a, b) => a - b);
  inStore.sort((a, b) => a - b);
  return {
    store: name,
    "save p50 ms": +pct(saves, 50).toFixed(3),
    "save p90 ms": +pct(saves, 90).toFixed(3),
    "save p99 ms": +pct(saves, 99).toFixed(3),
    "in store p50 ms": +pct(inStore, 50).toFixed(3),
    "in store mean ms": +(inStore.reduce((a, b) => a + b, 0) / SAMPLES).toFixed(3),
    "store calls/save": +(storeCalls / SAMPLES).toFixed(1),
  };
}

const variants = [
  ["sharded lowdb (before)", (file) => stores.createShardedLowdbPluginStore({ file })],
  ["journal, fsync never (default)", (file) => stores.createEmbeddedPluginStore({ file, fsync: "never" })],
  ["journal, fsync batched", (file) => stores.createEmbeddedPluginStore({ file, fsync: "batched" })],
  ["journal, fsync always", (file) => stores.createEmbeddedPluginStore({ file, fsync: "always" })],
  ["host storage (in memory)", () => stores.createHostStoragePluginStore(new MemoryHostStorage())],
];
/** The store calls of one first save (lock, read, beginLink, putLink closing the intent, read), without the plugin. */
async function storeOnly(name, makeStore) {
  const dir = await mkdtemp(join(tmpdir(), "svea-store-measure-"));
  const store = makeStore(join(dir, "svea-instore-plugin.json"));
  const times = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const orderId = `only-${i}`;
    const started = performance.now();
    await store.withOrderLock(orderId, async () => {
      await store.getOrder(orderId);
      const intent = await store.beginLink(orderId, `${i}`, (sequence) => ({
        id: `i-${i}`, orderId, kind: "create", merchantOrderNumber: `${i}-${sequence}`, replaces: null, startedAt: 1, sequence, fingerprint: "f",
      }));
      await store.putLink(orderId, {
        merchantOrderNumber: intent.merchantOrderNumber, sequence: 1, state: "waiting", instoreUiUri: "https://instore.example/x",
        paymentOrderId: 1, createdAt: 1, expiresAt: 2, fingerprint: "f", canceledByPlugin: false, reason: null,
        smsSentSuccessfully: true, mayExistAtSvea: false, flags: [], callbackAt: null, checkedAt: null,
      }, { finishIntent: { id: intent.id, at: 2, outcome: "created" } });
      await store.getOrder(orderId);
    });
    if (i >= WARMUP) times.push((performance.now() - started) * 1000);
  }
  await store.close();
  await rm(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  return { store: name, "p50 µs": Math.round(pct(times, 50)), "p90 µs": Math.round(pct(times, 90)), "p99 µs": Math.round(pct(times, 99)) };
}

const rows = [];
for (const [name, make] of variants) rows.push(await measure(name, make));
console.log(`order.save with ${ROWS} rows, Svea answering at once, ${SAMPLES} samples after ${WARMUP} warm-up; node ${process.version}`);
console.table(rows);
const only = [];
for (const [name, make] of variants) only.push(await storeOnly(name, make));
console.log("the store calls of one save, alone");
console.table(only);
