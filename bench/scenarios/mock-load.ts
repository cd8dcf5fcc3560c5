// Floors 1-3: create throughput (durable, checked after kill -9), status reads and resident memory of the mock, each beside a bare Hono baseline.
import { join } from "node:path";
import { FileStateStore, type MockFsyncPolicy } from "../../mock-svea/index.js";
import { OrderRepository } from "../../mock-svea/order-repository.js";
import type { BenchContext } from "../bench-context.js";
import { basicAuthHeader, sveaCreateBody } from "../bench-orders.js";
import { makeFigure, round } from "../bench-results.js";
import type { ScenarioSizes } from "../bench-sizes.js";
import { BenchChild } from "../child-process-rpc.js";
import { interleave, roundRatioSpread, runLoad, type LoadSummary } from "../load-run.js";
import type { MockChildOptions, SeedArgs } from "../servers/mock-svea-server.js";

const STORE_FILE = "mock-svea.json";
const SEED_PREFIX = "seed-";
const MB = 1024 * 1024;

interface MockMerchant {
  id: string;
  password: string;
}

type Size = "standard" | "growth";

export async function runMockLoad(ctx: BenchContext, sizes: ScenarioSizes, size: Size): Promise<void> {
  const seeded = await seedStore(ctx, sizes.storedOrders, ctx.plan.createRows);
  const bare = await BenchChild.start("bare-hono-server.js", "bare hono");
  try {
    await createThroughput(ctx, sizes, size, bare, seeded);
    await statusReadsAndMemory(ctx, sizes, size, bare, seeded);
  } finally {
    await bare.stop();
  }
}

/** A mock under create load, the acknowledged merchantOrderNumbers, and where its store lives. */
interface CreateTarget {
  mock: BenchChild;
  dataFile: string;
  storedBefore: number;
  acknowledged: string[];
  /** Acknowledged creates not found in the files after kill -9; known once verifyAfterCrash ran. */
  missingAfterKill9: number | null;
  run(seconds: number, record: boolean): Promise<LoadSummary>;
}

async function createThroughput(ctx: BenchContext, sizes: ScenarioSizes, size: Size, bare: BenchChild, seeded: string): Promise<void> {
  const { plan } = ctx;
  const stored = sizes.storedOrders.toLocaleString("en-US");
  ctx.log(`create throughput at ${stored} stored orders (${plan.connections} connections, ${plan.createRows}-row orders)`);
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
      request: { method: "POST", next: () => ({ path: "/echo", body: bodyFor("e").body }) },
    });

  const targets: CreateTarget[] = [];
  try {
    const empty = size === "standard" ? await createTarget(ctx, null, bodyFor) : null;
    if (empty) targets.push(empty);
    // The same empty store with journal writes counted done once in the OS (fsync never): shown beside, no floor.
    const unsynced = size === "standard" ? await createTarget(ctx, null, bodyFor, "never") : null;
    if (unsynced) targets.push(unsynced);
    const full = await createTarget(ctx, seeded, bodyFor);
    targets.push(full);
    await echo(sizes.warmupSeconds);
    for (const target of targets) await target.run(sizes.warmupSeconds, false);
    const sides: Record<string, (seconds: number) => Promise<LoadSummary>> = { echo, full: (s) => full.run(s, true) };
    if (empty) sides.empty = (s) => empty.run(s, true);
    if (unsynced) sides.unsynced = (s) => unsynced.run(s, true);
    const measured = await interleave(sizes.rounds, sizes.loadSeconds, sides);
    // kill -9 the moment the load stops, up to `connections` creates still in flight; every one answered 200 must be on disk.
    for (const target of targets) {
      await target.mock.crash();
      await verifyAfterCrash(target);
    }
    const baseline = asBaseline("bare Hono echo route (no validation, no auth, no storage)", measured.echo!);
    if (empty) ctx.add(createFigure("create-throughput.empty", "Create-order throughput, empty store", size, empty, measured.empty!, baseline, 0.35));
    if (unsynced) ctx.add(createFigure("create-throughput.empty.fsync-never", "Create-order throughput, empty store, mock run with --fsync never", size, unsynced, measured.unsynced!, baseline, "checks"));
    ctx.add(
      createFigure(`create-throughput.stored${suffixOf(sizes, size)}`, `Create-order throughput, ${stored} orders stored`, size, full, measured.full!, baseline, size === "standard" ? 0.15 : null),
    );
  } finally {
    for (const target of targets) await target.mock.crash();
  }
}

async function createTarget(
  ctx: BenchContext,
  seededDir: string | null,
  bodyFor: (prefix: string) => { mon: string; body: string },
  fsync?: MockFsyncPolicy,
): Promise<CreateTarget> {
  const dir = await ctx.dir(`${seededDir ? "create-stored" : "create-empty"}${fsync ? `-fsync-${fsync}` : ""}`, seededDir ?? undefined);
  const dataFile = join(dir, STORE_FILE);
  const mock = await BenchChild.start("mock-svea-server.js", "mock svea", { dataFile, enforcePollInterval: false, ...(fsync ? { fsync } : {}) } satisfies MockChildOptions);
  const merchant = await mock.call<MockMerchant>("merchant");
  const acknowledged: string[] = [];
  const target: CreateTarget = {
    mock,
    dataFile,
    storedBefore: await mock.call<number>("orderCount"),
    acknowledged,
    missingAfterKill9: null,
    run: (seconds, record) =>
      runLoad({
        url: mock.url,
        server: mock,
        connections: ctx.plan.connections,
        durationSeconds: seconds,
        headers: { authorization: basicAuthHeader(merchant.id, merchant.password) },
        request: {
          method: "POST",
          next: () => {
            const { mon, body } = bodyFor(record ? "c" : "w");
            return { path: "/api/v1/orders", body, tag: mon };
          },
          onAnswer: (status, mon) => {
            if (status === 200 && mon) acknowledged.push(mon);
          },
        },
      }),
  };
  return target;
}

async function statusReadsAndMemory(ctx: BenchContext, sizes: ScenarioSizes, size: Size, bare: BenchChild, seeded: string): Promise<void> {
  const stored = sizes.storedOrders.toLocaleString("en-US");
  const suffix = suffixOf(sizes, size);
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
    const statusRun = (target: BenchChild, pathFor: (mon: string) => string) => (seconds: number) =>
      runLoad({
        url: target.url,
        server: target,
        connections: ctx.plan.connections,
        durationSeconds: seconds,
        headers: { authorization: basicAuthHeader(merchant.id, merchant.password) },
        request: { method: "GET", next: () => ({ path: pathFor(nextMon()) }) },
      });
    const sides = { bare: statusRun(bare, (mon) => `/status/${mon}`), mock: statusRun(mock, (mon) => `/api/v1/orders/${mon}/status`) };
    await sides.bare(sizes.warmupSeconds);
    await sides.mock(sizes.warmupSeconds);
    const measured = await interleave(sizes.rounds, sizes.loadSeconds, sides);
    const rssAfterReads = await mock.rssBytes();
    const counts = await mock.call<Record<string, number>>("counts");
    const reading = measured.mock;
    ctx.add(
      makeFigure({
        id: `status-reads.stored${suffix}`,
        name: `Mock status reads, ${stored} orders stored`,
        size,
        value: reading.okPerSecond,
        unit: "req/s",
        baseline: asBaseline("bare Hono GET route (a fixed status body)", measured.bare).baseline,
        floor: size === "standard" ? { on: "ratio", kind: "at-least", limit: 0.5 } : null,
        checks: { "every read answered 200": reading.non2xx === 0 && reading.errors === 0 && (counts["status 200"] ?? 0) >= reading.ok },
        details: { ...loadDetails(reading, measured.bare), non2xx: reading.non2xx, errors: reading.errors },
      }),
    );
    const rss = Math.max(rssAtStart, rssAfterReads);
    ctx.add(
      makeFigure({
        id: `mock-memory.stored${suffix}`,
        name: `Mock resident memory, ${stored} orders stored`,
        size,
        value: rss / MB,
        unit: "MB",
        baseline: { name: "bare Hono server RSS", value: (await bare.rssBytes()) / MB, unit: "MB" },
        floor: size === "standard" ? { on: "value", kind: "at-most", limit: 300 } : null,
        details: { rssAtStartMB: round(rssAtStart / MB, 1), rssAfterStatusReadsMB: round(rssAfterReads / MB, 1), storedOrders: sizes.storedOrders },
      }),
    );
  } finally {
    await mock.stop();
  }
}

/** `floor`: the least ratio, or "checks" where only the checks (durable, no errors) must hold, or null for none. */
function createFigure(id: string, name: string, size: Size, target: CreateTarget, load: LoadSummary, baseline: Baseline, floor: number | "checks" | null) {
  return makeFigure({
    id,
    name,
    size,
    value: load.okPerSecond,
    unit: "req/s",
    baseline: baseline.baseline,
    floor: floor === null ? null : floor === "checks" ? { on: "checks", kind: "all-true", limit: 0 } : { on: "ratio", kind: "at-least", limit: floor },
    checks: {
      "every acknowledged create on disk after kill -9": target.acknowledged.length > 0 && target.missingAfterKill9 === 0,
      "no errors or non-2xx": load.non2xx === 0 && load.errors === 0,
    },
    details: {
      ...loadDetails(load, baseline.load),
      acknowledged: target.acknowledged.length,
      missingAfterKill9: target.missingAfterKill9 ?? -1,
      storedBeforeRun: target.storedBefore,
      non2xx: load.non2xx,
      errors: load.errors,
    },
  });
}

/** Reads the killed mock's files back through its own repository and counts acknowledged creates that are not there. */
async function verifyAfterCrash(target: CreateTarget): Promise<void> {
  const repo = await OrderRepository.open(new FileStateStore(target.dataFile));
  target.missingAfterKill9 = target.acknowledged.filter((mon) => !repo.find("demo-merchant", mon)).length;
  await repo.close();
}

interface Baseline {
  baseline: { name: string; value: number; unit: string };
  load: LoadSummary;
}

function asBaseline(name: string, load: LoadSummary): Baseline {
  return { baseline: { name, value: load.okPerSecond, unit: "req/s" }, load };
}

/**
 * What a load figure shows besides its rate: latency beside the baseline's, server CPU per request beside the
 * baseline's (whether a gap is the server's own work or the shared machine), and the spread of the rounds' ratios.
 */
function loadDetails(server: LoadSummary, baseline: LoadSummary): Record<string, number> {
  const a = server.serverCpuMsPerRequest;
  const b = baseline.serverCpuMsPerRequest;
  return {
    p50Ms: server.p50Ms,
    p99Ms: server.p99Ms,
    baselineP99Ms: baseline.p99Ms,
    ...(a === null || b === null ? {} : { serverCpuMsPerRequest: round(a), baselineCpuMsPerRequest: round(b) }),
    ...roundRatioSpread(server, baseline),
  };
}

function suffixOf(sizes: ScenarioSizes, size: Size): string {
  return size === "growth" ? `.${sizes.storedOrders}` : "";
}

/** Seeds `count` orders through the mock's own create use case and repository, then closes it (compacting the snapshot). */
async function seedStore(ctx: BenchContext, count: number, rows: number): Promise<string> {
  const dir = await ctx.dir(`seed-${count}`);
  const mock = await BenchChild.start("mock-svea-server.js", "mock svea (seeding)", { dataFile: join(dir, STORE_FILE), enforcePollInterval: false } satisfies MockChildOptions);
  try {
    const seeded = await mock.call<{ ms: number; orders: number }>("seed", { prefix: SEED_PREFIX, count, rows } satisfies SeedArgs);
    ctx.log(`  seeded ${seeded.orders} orders in ${(seeded.ms / 1000).toFixed(1)} s`);
  } finally {
    await mock.stop();
  }
  return dir;
}
