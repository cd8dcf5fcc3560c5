// Floors 6 and 7: the nightly sweep over many waiting links (pacing on) and a burst of valid callbacks, the plugin and the mock each in their own process.
import type { BenchContext } from "../bench-context.js";
import { basicAuthHeader } from "../bench-orders.js";
import { percentile } from "../bench-host.js";
import { makeFigure, round } from "../bench-results.js";
import type { ScenarioSizes } from "../bench-sizes.js";
import { BenchChild } from "../child-process-rpc.js";
import { RoundTripClient } from "../http-round-trip.js";
import { runLoad } from "../load-run.js";
import type { MockChildOptions, SeedArgs } from "../servers/mock-svea-server.js";
import type { PluginChildOptions, SavedLinks, SaveArgs, SweepOutcome } from "../servers/plugin-host-server.js";

const SETUP_CONCURRENCY = 20;
const ROUND_TRIP_SAMPLES = 300;

interface Pair {
  mock: BenchChild;
  plugin: BenchChild;
  merchant: { id: string; password: string };
}

async function startPair(ctx: BenchContext, label: string): Promise<Pair> {
  const mock = await BenchChild.start("mock-svea-server.js", "mock svea", {
    dataFile: `${await ctx.dir(`${label}-mock`)}/mock-svea.json`,
    enforcePollInterval: true,
    swallowCallbacks: true,
  } satisfies MockChildOptions);
  const merchant = await mock.call<{ id: string; password: string }>("merchant");
  try {
    const plugin = await BenchChild.start("plugin-host-server.js", "plugin host", {
      mockUrl: mock.url,
      merchantId: merchant.id,
      password: merchant.password,
      dataDir: await ctx.dir(`${label}-plugin`),
    } satisfies PluginChildOptions);
    return { mock, plugin, merchant };
  } catch (error) {
    await mock.stop();
    throw error;
  }
}

async function stopPair(pair: Pair): Promise<void> {
  await pair.plugin.stop();
  await pair.mock.stop();
}

async function saveLinks(ctx: BenchContext, pair: Pair, prefix: string, count: number): Promise<SavedLinks> {
  const saved = await pair.plugin.call<SavedLinks>("save", { prefix, count, rows: ctx.plan.createRows, concurrency: SETUP_CONCURRENCY } satisfies SaveArgs);
  ctx.log(`  saved ${saved.accepted} Instore orders through order.save against the mock in ${(saved.ms / 1000).toFixed(1)} s`);
  if (saved.accepted !== count) throw new Error(`only ${saved.accepted} of ${count} saves were accepted`);
  return saved;
}

export async function runNightlySweep(ctx: BenchContext, sizes: ScenarioSizes, size: "standard" | "growth"): Promise<void> {
  const links = sizes.sweepLinks;
  ctx.log(`nightly sweep over ${links.toLocaleString("en-US")} waiting links, pacing on`);
  const pair = await startPair(ctx, `sweep-${links}`);
  try {
    await saveLinks(ctx, pair, "sweep-", links);
    // One status read of each of a few orders the sweep never touches: the single round trip, without load.
    await pair.mock.call("seed", { prefix: "rt-", count: ROUND_TRIP_SAMPLES, rows: ctx.plan.createRows } satisfies SeedArgs);
    const client = new RoundTripClient(pair.mock.url, { authorization: basicAuthHeader(pair.merchant.id, pair.merchant.password) });
    const trips: number[] = [];
    for (let i = 0; i < ROUND_TRIP_SAMPLES; i++) {
      const { status, ms } = await client.send("GET", `/api/v1/orders/rt-${String(i).padStart(7, "0")}/status`);
      if (status === 200) trips.push(ms);
    }
    client.close();
    trips.sort((a, b) => a - b);

    // Both clocks past the links' expiry, and the mock's sweeper run: Svea reports them Canceled, as after a night. (A
    // link Svea still reports Active past the plugin's expiry would cost one more status read, the cancel's own, and
    // the cancel: see end-expired-link.ts.)
    const pastExpiry = (await pair.plugin.call<number>("linkLifetimeMs")) + 60_000;
    await pair.plugin.call("advanceClock", { ms: pastExpiry });
    const expiredAtSvea = await pair.mock.call<number>("expireAfter", { ms: pastExpiry });
    await pair.mock.call("resetCounts");
    const sweep = await pair.plugin.call<SweepOutcome>("sweep");
    const counts = await pair.mock.call<Record<string, number>>("counts");
    const statusAnswers = Object.entries(counts).filter(([k]) => k.startsWith("status ")).reduce((n, [, v]) => n + v, 0);
    const lowerBoundMs = (links * percentile(trips, 50)) / sweep.concurrency;
    ctx.add(
      makeFigure({
        id: `nightly-sweep.links-${links}`,
        name: `Nightly sweep of ${links.toLocaleString("en-US")} waiting links, pacing on (wall time)`,
        size,
        value: sweep.ms / 1000,
        unit: "s",
        baseline: { name: `lower bound: links × status round trip p50 / concurrency ${sweep.concurrency}`, value: lowerBoundMs / 1000, unit: "s" },
        floor: { on: "checks", kind: "all-true", limit: 0 },
        checks: {
          "status calls equal the number of links": statusAnswers === links && sweep.statusCalls === links,
          "zero 403s": (counts["status 403"] ?? 0) === 0,
          "every link checked and expired, no errors": sweep.summary.checked === links && sweep.summary.expired === links && sweep.summary.errors === 0,
          "no cancel (Svea had expired every link)": expiredAtSvea >= links && (counts["cancel 200"] ?? 0) === 0,
        },
        details: {
          links,
          statusCallsAtMock: statusAnswers,
          status403: counts["status 403"] ?? 0,
          concurrency: sweep.concurrency,
          statusRoundTripP50Ms: round(percentile(trips, 50)),
          timeInsideStatusCallsS: round(sweep.statusMsTotal / 1000),
          linksPerSecond: round(links / (sweep.ms / 1000)),
        },
      }),
    );
  } finally {
    await stopPair(pair);
  }
}

export async function runCallbackBurst(ctx: BenchContext, sizes: ScenarioSizes, size: "standard" | "growth"): Promise<void> {
  const count = sizes.callbacks;
  const connections = ctx.plan.callbackConcurrency;
  ctx.log(`callback burst: ${count.toLocaleString("en-US")} valid callbacks at concurrency ${connections}`);
  const pair = await startPair(ctx, `callbacks-${count}`);
  const bare = await BenchChild.start("bare-hono-server.js", "bare hono");
  try {
    const { links } = await saveLinks(ctx, pair, "cb-", count);
    // Paid at the mock first; the mock's own callbacks are swallowed, so only the burst below reaches the plugin.
    const admin = new RoundTripClient(pair.mock.url, {});
    for (const { merchantOrderNumber } of links) {
      const { status } = await admin.send("POST", `/__admin/orders/${pair.merchant.id}/${merchantOrderNumber}/complete`, "{}");
      if (status !== 200) throw new Error(`completing ${merchantOrderNumber} at the mock answered ${status}`);
    }
    admin.close();
    await pair.plugin.call("resetCounts");

    const body = (mon: string) => JSON.stringify({ merchantOrderNumber: mon });
    let sent = 0;
    const statuses: Record<string, number> = {};
    const started = performance.now();
    const burst = await runLoad({
      url: pair.plugin.url,
      connections,
      amount: count,
      request: {
        method: "POST",
        next: () => {
          const link = links[sent++ % links.length]!;
          return { path: link.callbackPath, body: body(link.merchantOrderNumber) };
        },
        onAnswer: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    });
    await pair.plugin.call("idle");
    const endToEndMs = performance.now() - started;
    const { transitions, duplicatePaid } = await pair.plugin.call<{ transitions: Record<string, number>; duplicatePaid: number }>("transitions");
    const allTransitions = Object.values(transitions).reduce((a, b) => a + b, 0);

    let echoed = 0;
    const echo = await runLoad({
      url: bare.url,
      connections,
      amount: count,
      request: { method: "POST", next: () => ({ path: "/echo", body: body(links[echoed++ % links.length]!.merchantOrderNumber) }) },
    });
    ctx.add(
      makeFigure({
        id: `callback-burst.callbacks-${count}`,
        name: `Callback burst: ${count.toLocaleString("en-US")} valid callbacks at concurrency ${connections} (answered/s)`,
        size,
        value: burst.okPerSecond,
        unit: "req/s",
        baseline: { name: "bare Hono echo route, same burst", value: echo.okPerSecond, unit: "req/s" },
        floor: { on: "checks", kind: "all-true", limit: 0 },
        checks: {
          "every callback answered 2xx": burst.ok === count && burst.errors === 0,
          [`exactly ${count} state transitions, all to paid`]: allTransitions === count && transitions.paid === count,
          "no duplicate paid updates": duplicatePaid === 0,
        },
        details: {
          p50Ms: burst.p50Ms,
          p99Ms: burst.p99Ms,
          transitions: allTransitions,
          paidTransitions: transitions.paid ?? 0,
          duplicatePaid,
          endToEndSeconds: round(endToEndMs / 1000),
          transitionsPerSecond: round(count / (endToEndMs / 1000)),
          non2xx: burst.non2xx,
        },
      }),
    );
  } finally {
    await bare.stop();
    await stopPair(pair);
  }
}
