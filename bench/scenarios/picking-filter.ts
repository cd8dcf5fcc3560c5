// Floor 5: picking.filter over many host orders (half Instore) against a bare Set-lookup filter over the same array; no Svea call.
import { systemClock } from "../../common/clock.js";
import type { LinkState } from "../../plugin/host-contract/host-contract-types.js";
import { createPluginRuntime, type PluginStore } from "../../plugin/index.js";
import type { LinkRecord } from "../../plugin/store/index.js";
import type { BenchContext } from "../bench-context.js";
import { benchSettings, percentile, RecordingOrders, silentLogger } from "../bench-host.js";
import { SVEA_INSTORE } from "../bench-orders.js";
import { makeFigure, round } from "../bench-results.js";
import type { ScenarioSizes } from "../bench-sizes.js";
import { InstantSveaClient } from "../instant-svea-client.js";
import { MemoryHostStorage } from "../memory-host-storage.js";

/** Half of the Instore orders are paid; the rest spread over the other states (few waiting, as in a real shop). */
const UNPAID_STATES: LinkState[] = ["cancelled", "expired", "cancelled", "expired", "failed", "waiting"];
const RUNS = 9;

export async function runPickingFilter(ctx: BenchContext, sizes: ScenarioSizes, size: "standard" | "growth"): Promise<void> {
  const count = sizes.pickingOrders;
  ctx.log(`picking.filter over ${count.toLocaleString("en-US")} orders, half Instore`);
  const svea = new InstantSveaClient();
  const runtime = await createPluginRuntime(
    { settings: benchSettings(), logger: silentLogger, clock: systemClock, orders: new RecordingOrders(), storage: new MemoryHostStorage() },
    { svea },
  );
  try {
    const orders = Array.from({ length: count }, (_, i) => ({ id: `pick-${i}`, paymentMethod: i % 2 === 0 ? SVEA_INSTORE : "invoice" }));
    const paid = new Set<string>();
    const seedStarted = performance.now();
    await seedLinks(runtime.deps.store, orders.filter((o) => o.paymentMethod === SVEA_INSTORE).map((o) => o.id), paid);
    ctx.log(`  seeded ${(count / 2).toLocaleString("en-US")} Instore orders in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const filter = runtime.instance.hooks["picking.filter"];
    const input = { orders, locale: "sv" as const };
    const bare = () => orders.filter((o) => o.paymentMethod !== SVEA_INSTORE || paid.has(o.id)).map((o) => o.id);
    const expected = bare();
    let result = await filter(input);
    const hookMs = await timeRuns(async () => {
      result = await filter(input);
    });
    const bareMs = await timeRuns(async () => void bare());
    const callsBefore = svea.calls;
    ctx.add(
      makeFigure({
        id: `picking-filter.orders-${count}`,
        name: `picking.filter over ${count.toLocaleString("en-US")} orders, half Instore (median)`,
        size,
        value: percentile(hookMs, 50),
        unit: "ms",
        baseline: { name: "Set-lookup filter over the same array (median)", value: percentile(bareMs, 50), unit: "ms" },
        floor: size === "standard" ? { on: "ratio", kind: "at-most", limit: 5 } : null,
        checks: {
          "same pickable orders as the baseline": result.pickable.length === expected.length && result.pickable.every((id, i) => id === expected[i]),
          "every unpaid Instore order held back": result.heldBack.length === count - expected.length,
          "no Svea call": svea.calls === 0 && callsBefore === 0,
        },
        details: { runs: RUNS, hookMinMs: round(hookMs[0]!), bareMinMs: round(bareMs[0]!), instoreOrders: count / 2, paid: paid.size },
      }),
    );
  } finally {
    await runtime.instance.deactivate();
  }
}

async function seedLinks(store: PluginStore, ids: string[], paid: Set<string>): Promise<void> {
  const now = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const n = next++;
      const orderId = ids[n]!;
      const state: LinkState = n % 2 === 0 ? "paid" : UNPAID_STATES[(n >> 1) % UNPAID_STATES.length]!;
      const sequence = await store.nextLinkSequence(orderId, String(n));
      await store.putLink(orderId, seedLink(`pick${n}_${sequence}`, sequence, state, now));
      if (state === "paid") paid.add(orderId);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

function seedLink(merchantOrderNumber: string, sequence: number, state: LinkState, now: number): LinkRecord {
  return {
    merchantOrderNumber,
    sequence,
    state,
    instoreUiUri: `https://instore.example/pay/${merchantOrderNumber}`,
    paymentOrderId: state === "paid" ? 8_000_000 + sequence : null,
    createdAt: now - 3_600_000,
    expiresAt: now + 86_400_000,
    fingerprint: "bench",
    canceledByPlugin: state === "cancelled",
    reason: state === "cancelled" ? "deleted" : state === "expired" ? "expired" : state === "failed" ? "svea-unavailable" : null,
    smsSentSuccessfully: true,
    mayExistAtSvea: false,
    flags: [],
    callbackAt: null,
    checkedAt: null,
  };
}

/** Milliseconds per run, sorted, after one unmeasured run. */
async function timeRuns(run: () => Promise<void>): Promise<number[]> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b);
}
