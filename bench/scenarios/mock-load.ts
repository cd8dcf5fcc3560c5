// Floors 1-3: create throughput (durable, checked after kill -9), status reads and resident memory of the mock, each beside a bare Hono baseline.
import { join } from "node:path";
import { FileStateStore } from "../../mock-svea/index.js";
import { OrderRepository } from "../../mock-svea/order-repository.js";
import type { BenchContext } from "../bench-context.js";
import { basicAuthHeader, sveaCreateBody } from "../bench-orders.js";
import { makeFigure, round } from "../bench-results.js";
import type { ScenarioSizes } from "../bench-sizes.js";
import { BenchChild } from "../child-process-rpc.js";
import { runLoad, type LoadSummary } from "../load-run.js";
import type { MockChildOptions, SeedArgs } from "../servers/mock-svea-server.js";

const STORE_FILE = "mock-svea.json";
const SEED_PREFIX = "seed-";
const MB = 1024 * 1024;

interface MockMerchant {
  id: string;
  password: string;
}

export async function runMockLoad(ctx: BenchContext, sizes: ScenarioSizes, size: "standard" | "growth"): Promise<void> {
  const { plan } = ctx;
  const suffix = size === "growth" ? `.${sizes.storedOrders}` : "";
  const stored = sizes.storedOrders.toLocaleString("en-US");
  const seeded = await seedStore(ctx, sizes.storedOrders, plan.createRows);
  const bare = await BenchChild.start("bare-hono-server.js", "bare hono");
  try {
    const template = JSON.stringify(sveaCreateBody("__MON__", plan.createRows));
    let counter = 0;
    const bodyFor = (prefix: string) => {
      const mon = `${prefix}${(counter++).toString(36)}`;
      return { mon, body: template.replaceAll("__MON__", mon) };
    };
    const echo = (seconds: number) =>
      runLoad({
        url: bare.url,
        server: bare,
        connections: plan.connections,
        durationSeconds: seconds,
        headers: { authorization: basicAuthHeader("demo-merchant", "demo-password-2026") },
        request: { method: "POST", next: () => ({ path: "/echo", body: bodyFor("echo-").body }) },
      });

    ctx.log(`create throughput at ${stored} stored orders (${plan.connections} connections, ${plan.createRows}-row orders)`);
    await echo(sizes.warmupSeconds);
    const echoBefore = await echo(sizes.loadSeconds);
    const empty = size === "standard" ? await createRun(ctx, sizes, null, bodyFor) : null;
    const full = await createRun(ctx, sizes, seeded, bodyFor);
    const echoAfter = await echo(sizes.loadSeconds);
    const echoBaseline = baselineOf("bare Hono echo route", echoBefore, echoAfter);

    if (empty) ctx.add(createFigure("create-throughput.empty", "Create-order throughput, empty store", size, empty, echoBaseline, 0.35));
    ctx.add(createFigure(`create-throughput.stored${suffix}`, `Create-order throughput, ${stored} orders stored`, size, full, echoBaseline, size === "standard" ? 0.15 : null));

    ctx.log(`status reads and memory at ${stored} stored orders`);
    const mock = await BenchChild.start("mock-svea-server.js", "mock svea", {
      dataFile: join(await ctx.dir("status", seeded), STORE_FILE),
      enforcePollInterval: false,
    } satisfies MockChildOptions);
    try {
      const merchant = await mock.call<MockMerchant>("merchant");
      const rssAtStart = await mock.rssBytes();
      let reads = 0;
      // A stride through the stored orders: every read hits a different order, spread over the whole store.
      const nextMon = () => `${SEED_PREFIX}${String((reads++ * 7919) % sizes.storedOrders).padStart(7, "0")}`;
      const statusRun = (target: BenchChild, pathFor: (mon: string) => string, seconds: number) =>
        runLoad({
          url: target.url,
          server: target,
          connections: plan.connections,
          durationSeconds: seconds,
          headers: { authorization: basicAuthHeader(merchant.id, merchant.password) },
          request: { method: "GET", next: () => ({ path: pathFor(nextMon()) }) },
        });
      const bareStatus = (seconds: number) => statusRun(bare, (mon) => `/status/${mon}`, seconds);
      const mockStatus = (seconds: number) => statusRun(mock, (mon) => `/api/v1/orders/${mon}/status`, seconds);
      await bareStatus(sizes.warmupSeconds);
      const bareBefore = await bareStatus(sizes.loadSeconds);
      await mockStatus(sizes.warmupSeconds);
      const reading = await mockStatus(sizes.loadSeconds);
      const bareAfter = await bareStatus(sizes.loadSeconds);
      const rssAfterReads = await mock.rssBytes();
      const counts = await mock.call<Record<string, number>>("counts");
      const statusBaseline = baselineOf("bare Hono GET route", bareBefore, bareAfter);
      ctx.add(
        makeFigure({
          id: `status-reads.stored${suffix}`,
          name: `Mock status reads, ${stored} orders stored`,
          size,
          value: reading.okPerSecond,
          unit: "req/s",
          baseline: { name: statusBaseline.name, value: statusBaseline.value, unit: statusBaseline.unit },
          floor: size === "standard" ? { on: "ratio", kind: "at-least", limit: 0.5 } : null,
          checks: { "every read answered 200": reading.non2xx === 0 && reading.errors === 0 && (counts["status 200"] ?? 0) >= reading.ok },
          details: {
            p50Ms: reading.p50Ms,
            p99Ms: reading.p99Ms,
            baselineP99Ms: statusBaseline.p99Ms,
            ...cpuDetails(reading.serverCpuMsPerRequest, statusBaseline.cpuMsPerRequest), non2xx: reading.non2xx, errors: reading.errors },
        }),
      );
      const bareRss = await bare.rssBytes();
      const rss = Math.max(rssAtStart, rssAfterReads);
      ctx.add(
        makeFigure({
          id: `mock-memory.stored${suffix}`,
          name: `Mock resident memory, ${stored} orders stored`,
          size,
          value: rss / MB,
          unit: "MB",
          baseline: { name: "bare Hono server RSS", value: bareRss / MB, unit: "MB" },
          floor: size === "standard" ? { on: "value", kind: "at-most", limit: 300 } : null,
          details: { rssAtStartMB: rssAtStart / MB, rssAfterStatusReadsMB: rssAfterReads / MB, storedOrders: sizes.storedOrders },
        }),
      );
    } finally {
      await mock.stop();
    }
  } finally {
    await bare.stop();
  }
}

interface CreateRunResult {
  load: LoadSummary;
  acknowledged: number;
  missingAfterCrash: number;
  storedBefore: number;
}

/**
 * Creates against a fresh copy of `seededDir` (or an empty store), then kill -9 the moment the load stops (up to
 * `connections` creates still in flight) and reads the files back: every create answered 200 must be there.
 */
async function createRun(
  ctx: BenchContext,
  sizes: ScenarioSizes,
  seededDir: string | null,
  bodyFor: (prefix: string) => { mon: string; body: string },
): Promise<CreateRunResult> {
  const dir = await ctx.dir(seededDir ? "create-stored" : "create-empty", seededDir ?? undefined);
  const dataFile = join(dir, STORE_FILE);
  const mock = await BenchChild.start("mock-svea-server.js", "mock svea", { dataFile, enforcePollInterval: false } satisfies MockChildOptions);
  let load: LoadSummary;
  const acknowledged: string[] = [];
  let storedBefore = 0;
  try {
    const merchant = await mock.call<MockMerchant>("merchant");
    storedBefore = await mock.call<number>("orderCount");
    const run = (seconds: number, prefix: string, record: boolean) =>
      runLoad({
        url: mock.url,
        server: mock,
        connections: ctx.plan.connections,
        durationSeconds: seconds,
        headers: { authorization: basicAuthHeader(merchant.id, merchant.password) },
        request: {
          method: "POST",
          next: () => {
            const { mon, body } = bodyFor(prefix);
            return { path: "/api/v1/orders", body, tag: mon };
          },
          onAnswer: (status, mon) => {
            if (record && status === 200 && mon) acknowledged.push(mon);
          },
        },
      });
    await run(sizes.warmupSeconds, "w", false);
    load = await run(sizes.loadSeconds, "c", true);
  } finally {
    await mock.crash();
  }
  const repo = await OrderRepository.open(new FileStateStore(dataFile));
  const missingAfterCrash = acknowledged.filter((mon) => !repo.find("demo-merchant", mon)).length;
  await repo.close();
  return { load, acknowledged: acknowledged.length, missingAfterCrash, storedBefore };
}

function createFigure(
  id: string,
  name: string,
  size: "standard" | "growth",
  run: CreateRunResult,
  baseline: Baseline,
  floor: number | null,
) {
  return makeFigure({
    id,
    name,
    size,
    value: run.load.okPerSecond,
    unit: "req/s",
    baseline: { name: baseline.name, value: baseline.value, unit: baseline.unit },
    floor: floor === null ? null : { on: "ratio", kind: "at-least", limit: floor },
    checks: {
      "every acknowledged create on disk after kill -9": run.missingAfterCrash === 0 && run.acknowledged > 0,
      "no errors or non-2xx": run.load.non2xx === 0 && run.load.errors === 0,
    },
    details: {
      p50Ms: run.load.p50Ms,
      p99Ms: run.load.p99Ms,
      baselineP99Ms: baseline.p99Ms,
      ...cpuDetails(run.load.serverCpuMsPerRequest, baseline.cpuMsPerRequest),
      acknowledged: run.acknowledged,
      missingAfterKill9: run.missingAfterCrash,
      storedBeforeRun: run.storedBefore,
      non2xx: run.load.non2xx,
      errors: run.load.errors,
    },
  });
}

/** The mean of a baseline measured before and after the runs it is compared with, so drift in between averages out. */
function baselineOf(name: string, before: LoadSummary, after: LoadSummary): Baseline {
  const cpu = [before.serverCpuMsPerRequest, after.serverCpuMsPerRequest].filter((v): v is number => v !== null);
  return {
    name,
    value: (before.okPerSecond + after.okPerSecond) / 2,
    unit: "req/s",
    p99Ms: Math.max(before.p99Ms, after.p99Ms),
    cpuMsPerRequest: cpu.length > 0 ? cpu.reduce((a, b) => a + b) / cpu.length : null,
  };
}

/** Server CPU per request beside the baseline's: shows whether a gap is the server's own work or the shared machine. */
function cpuDetails(server: number | null, baseline: number | null): Record<string, number> {
  return server === null || baseline === null ? {} : { serverCpuMsPerRequest: round(server), baselineCpuMsPerRequest: round(baseline) };
}

interface Baseline {
  name: string;
  value: number;
  unit: string;
  p99Ms: number;
  cpuMsPerRequest: number | null;
}

/** Seeds `count` orders through the mock's own create use case and repository, then closes it (compacting the snapshot). */
async function seedStore(ctx: BenchContext, count: number, rows: number): Promise<string> {
  const dir = await ctx.dir(`seed-${count}`);
  const mock = await BenchChild.start("mock-svea-server.js", "mock svea (seeding)", { dataFile: join(dir, STORE_FILE), enforcePollInterval: false } satisfies MockChildOptions);
  try {
    const seeded = await mock.call<{ ms: number; orders: number }>("seed", { prefix: SEED_PREFIX, count, rows } satisfies SeedArgs);
    ctx.log(`  seeded ${seeded.orders} orders in ${(seeded.ms / 1000).toFixed(1)} s`);
    await mock.call("shutdown");
  } finally {
    await mock.stop();
  }
  return dir;
}
