// The mock Svea server under test, in its own process: started through startMockSvea, counting the Svea API answers it gives.
import { systemClock } from "../../common/clock.js";
import { OffsetClock } from "../bench-host.js";
import { childOptions, serveRpc } from "../child-process-rpc.js";
import { sveaCreateBody } from "../bench-orders.js";
import { startMockSvea, type MockFsyncPolicy } from "../../mock-svea/index.js";
import { createOrder } from "../../mock-svea/use-cases/create-order.js";
import type { RequestFacts } from "../../mock-svea/request-journal.js";

export interface MockChildOptions {
  /** The snapshot file; null keeps the store in memory. */
  dataFile: string | null;
  /** The 5 s status pacing (403 on a second poll of one order): off for load runs, on for the sweep. */
  enforcePollInterval: boolean;
  /** When a journal write counts as done; default the mock's own (`batched`). */
  fsync?: MockFsyncPolicy;
  /** Answer the mock's own callbacks in process, so only the bench's callbacks reach the plugin. */
  swallowCallbacks?: boolean;
}

export interface SeedArgs {
  prefix: string;
  count: number;
  rows: number;
  /** Creates in flight at once: they share group commits, as concurrent HTTP creates would. */
  concurrency?: number;
}

/** `${endpoint} ${status}` → count, e.g. "status 200", "create 409". */
export type AnswerCounts = Record<string, number>;

const options = childOptions<MockChildOptions>();
// Moved forward with the plugin's for the sweep: Svea's links expire too, as they do overnight.
const clock = new OffsetClock(systemClock);
const server = await startMockSvea({
  clock,
  port: 0,
  host: "127.0.0.1",
  dataFile: options.dataFile,
  enforcePollInterval: options.enforcePollInterval,
  ...(options.fsync ? { fsync: options.fsync } : {}),
  logger: false,
  sweepSchedule: false,
  ...(options.swallowCallbacks ? { fetch: async () => new Response(null, { status: 204 }) } : {}),
});
const { deps } = server;
const merchant = deps.merchants.get(server.merchant.id)!;

let counts: AnswerCounts = {};
const journalAdd = deps.requests.add.bind(deps.requests);
deps.requests.add = (entry: RequestFacts) => {
  const endpoint = entry.method === "GET" ? "status" : entry.rawPath.endsWith("/cancel") ? "cancel" : entry.rawPath.endsWith("/return") ? "return" : "create";
  const key = `${endpoint} ${entry.status}`;
  counts[key] = (counts[key] ?? 0) + 1;
  journalAdd(entry);
};

async function seed({ prefix, count, rows, concurrency = 256 }: SeedArgs): Promise<{ ms: number; orders: number }> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await createOrder(deps, merchant, sveaCreateBody(`${prefix}${String(n).padStart(7, "0")}`, rows));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, orders: deps.repo.orderCount };
}

serveRpc(server.port, {
  merchant: () => server.merchant,
  seed,
  compact: () => deps.repo.compact(),
  /** Moves the mock's clock forward and runs its expiry sweeper: the orders it moved to Canceled. */
  expireAfter: async ({ ms }: { ms: number }) => {
    clock.offsetMs += ms;
    return (await deps.sweeper.run()).expired.length;
  },
  counts: () => counts,
  resetCounts: () => {
    counts = {};
  },
  orderCount: () => deps.repo.orderCount,
  heap: () => process.memoryUsage(),
  shutdown: async () => {
    await server.close();
    setImmediate(() => process.exit(0));
  },
});
