// Starts the mock Svea server on @hono/node-server and returns its URLs and a close() that shuts it down cleanly.
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pino, type Logger } from "pino";
import { systemClock, type Clock } from "../common/clock.js";
import { adminTokenProblem } from "./admin-token-rule.js";
import { publicUrlProblem } from "./public-url-rule.js";
import { CallbackDispatcher, DEFAULT_RETRY_SCHEDULE_MS } from "./callback-dispatcher.js";
import { ExpirySweeper } from "./expiry-sweeper.js";
import { DEFAULT_DUPLICATE_CREATE_STATUS, type DuplicateCreateStatus } from "./duplicate-create-refusal.js";
import { FaultInjector } from "./fault-injector.js";
import { DEMO_MERCHANTS_FILE, Merchants } from "./merchants-config.js";
import { createMockSveaApp } from "./mock-svea-app.js";
import type { MockSveaDeps } from "./mock-svea-deps.js";
import type { MockSveaEnv } from "./mock-svea-env.js";
import { OrderRepository } from "./order-repository.js";
import { PollGuard } from "./poll-guard.js";
import { RequestJournal, requestJournalBytes } from "./request-journal.js";
import { FileStateStore } from "./state/file-state-store.js";
import type { MockFsyncPolicy } from "./state/journal-segment.js";
import { MemoryStateStore } from "./state/memory-state-store.js";
import type { StateStore } from "./state/state-store.js";
import { storeCallbackOwed } from "./use-cases/store-callback-owed.js";

const BACKGROUND_ERRORS = {
  compaction: "journal compaction failed",
  preallocation: "journal zero-filling failed; the segment appends instead",
  "lock-refresh":
    "could not refresh the data file's lock; retried every few seconds: if it stays unrefreshed past the stale window, a mock on another machine or container may take the data file over",
} as const;

export const DEFAULT_PORT = 4010;
export const DEFAULT_DATA_FILE = "./data/mock-svea.json";

export interface StartMockSveaOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The JSON snapshot file (journal segments sit beside it); `null` keeps everything in memory. Default ./data/mock-svea.json. */
  dataFile?: string | null;
  /** A StateStore of your own; overrides dataFile. */
  store?: StateStore;
  /** A Merchants instance, or the path of a merchants config JSON file. Default: the demo config in fixtures/mock-svea. */
  merchants?: Merchants | string;
  /** Default the system clock; a ManualClock makes /__admin/clock/advance work. */
  clock?: Clock;
  /** 403 on a second status poll of an order within 5 s. Default true; turn off for load tests. */
  enforcePollInterval?: boolean;
  /** How a create under a merchantOrderNumber already used is refused: 409 (default), 400 or 422 (Svea documents none). */
  duplicateCreateStatus?: DuplicateCreateStatus;
  callbackRetryScheduleMs?: number[];
  callbackTimeoutMs?: number;
  /** node-cron expression of the expiry sweep, or false for no schedule (tests run the sweeper themselves). Default every minute. */
  sweepSchedule?: string | false;
  /** Lets non-loopback callers use /__admin with `Authorization: Bearer <token>`: 32+ characters that look random. */
  adminToken?: string;
  /** How the admin guard learns the caller's address (tests inject remote addresses). Default: the socket's. */
  remoteAddress?: (c: Context<MockSveaEnv>) => string | undefined;
  /** The base URL put into payment links; default the listening address. */
  publicUrl?: string;
  /** Default 1 MiB. */
  bodyLimitBytes?: number;
  /** A pino logger; `false` for silence. Default: info to stderr. */
  logger?: Logger | false;
  /** How callbacks are sent; default global fetch. */
  fetch?: typeof fetch;
  /** How many Svea API requests the in-memory request journal keeps (newest). Default 2000. */
  requestJournalSize?: number;
  /** The bytes those requests may fill; fewer are kept when they fill it. Default: see requestJournalBytes. */
  requestJournalBytes?: number;
  /** Compact the journal into the snapshot once this many records are obsolete (and as many as are live). */
  compactEvery?: number;
  /** When a journal write counts as done: `batched` (default, on the device: survives a power cut) or `never` (in the OS: survives kill -9). */
  fsync?: MockFsyncPolicy;
}

export interface MockSveaServer {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  port: number;
  adminUrl: string;
  inboxUrl: string;
  /** The first merchant of the config: the one to print and to try things with. */
  merchant: { id: string; password: string; paymentAdmin?: { merchantId: string; secret: string } };
  /** Where the merchants came from: `demo` for the bundled demo config, whose credentials are public; `configured` otherwise. */
  merchantsSource: "demo" | "configured";
  deps: MockSveaDeps;
  /** Stops the sweeper and callbacks, closes the server, flushes and compacts the journal. */
  close(): Promise<void>;
}

export async function startMockSvea(options: StartMockSveaOptions = {}): Promise<MockSveaServer> {
  const tokenProblem = options.adminToken ? adminTokenProblem("adminToken", options.adminToken) : undefined;
  if (tokenProblem) throw new Error(tokenProblem);
  const publicUrlRefusal = options.publicUrl === undefined ? undefined : publicUrlProblem("publicUrl", options.publicUrl);
  if (publicUrlRefusal) throw new Error(publicUrlRefusal);
  const logger = options.logger === false ? pino({ level: "silent" }) : (options.logger ?? pino({ name: "mock-svea" }, pino.destination(2)));
  const clock = options.clock ?? systemClock;
  const merchants = options.merchants instanceof Merchants ? options.merchants : await Merchants.fromFile(options.merchants ?? DEMO_MERCHANTS_FILE);
  const dataFile = options.dataFile === undefined ? DEFAULT_DATA_FILE : options.dataFile;
  const store =
    options.store ??
    (dataFile === null
      ? new MemoryStateStore()
      : new FileStateStore(resolve(dataFile), {
          compactEvery: options.compactEvery,
          fsync: options.fsync,
          onBackgroundError: (err, work) => logger.error({ err, work }, BACKGROUND_ERRORS[work]),
          onStaleLockTakeover: (lockFile, previousPid, why) =>
            logger.warn(
              { lockFile, previousPid, why },
              "took over the data file's lock left by a process that no longer runs or no longer refreshes it (it was killed or crashed, or its container is gone); its journal is replayed",
            ),
          onTornTail: (file, droppedBytes) =>
            logger.warn(
              { file, droppedBytes },
              "dropped an unfinished last line of the journal (a write cut short by a crash or power cut): that change was not kept",
            ),
          onStopped: (code) =>
            logger.error(
              { store: resolve(dataFile), code, restartRequired: true },
              code === "LOCK_LOST"
                ? "the mock's state store lost its data file's lock to another process (this one did not refresh it within the stale window: a blocked or paused process) and refuses every change: restart required, and make sure only one mock uses the data file"
                : "the mock's state store stopped after a failed journal write and must be restarted: every change is refused until then (free the disk space or fix the cause first; the journal replays on restart)",
            ),
        }));
  const repo = await OrderRepository.open(store);
  const faults = new FaultInjector();
  let publicUrl = options.publicUrl?.replace(/\/+$/, "") ?? "";
  const bodyLimitBytes = options.bodyLimitBytes ?? 1024 * 1024;
  const journalSize = options.requestJournalSize ?? 2_000;
  const deps: MockSveaDeps = {
    repo,
    merchants,
    clock,
    faults,
    logger,
    duplicateCreateStatus: options.duplicateCreateStatus ?? DEFAULT_DUPLICATE_CREATE_STATUS,
    callbacks: new CallbackDispatcher({
      clock,
      faults,
      scheduleMs: options.callbackRetryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS,
      timeoutMs: options.callbackTimeoutMs,
      fetch: options.fetch,
      onProgress: (key, owed) => storeCallbackOwed(repo, key, owed).catch((err: unknown) => logger.error({ err, ...key }, "the callback still owed could not be stored")),
    }),
    sweeper: new ExpirySweeper(repo, clock, (err) => logger.error({ err }, "expiry sweep failed")),
    pollGuard: new PollGuard(clock, options.enforcePollInterval ?? true),
    requests: new RequestJournal(journalSize, options.requestJournalBytes ?? requestJournalBytes(journalSize, bodyLimitBytes)),
    publicUrl: () => publicUrl,
  };
  const app = createMockSveaApp(deps, {
    bodyLimitBytes,
    adminToken: options.adminToken,
    remoteAddress: options.remoteAddress ?? ((c) => getConnInfo(c).remote.address),
  });

  const host = options.host ?? "127.0.0.1";
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolveListen, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? DEFAULT_PORT, hostname: host }, (info: AddressInfo) => resolveListen({ server: s, port: info.port }));
    s.once("error", reject);
  }).catch(async (error: unknown) => {
    // Not listening (the port in use): the store gives its data file's lock back, so a retry in this process gets in.
    await repo.close();
    throw error;
  });
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  publicUrl ||= url;
  if (options.sweepSchedule !== false) deps.sweeper.start(options.sweepSchedule ?? "* * * * *");
  // Callbacks a stopped mock still owed (paid or declined orders whose callback never got a 2xx) go on being retried.
  for (const order of repo.allOrders()) if (order.callbackOwed) deps.callbacks.resume(order);
  const first = merchants.all[0]!;
  logger.info({ url, orders: repo.orderCount }, "mock Svea Instore listening");

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await deps.sweeper.stop();
      await deps.callbacks.stop();
      await new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive sockets would hold close() open; nothing is in flight once we got here.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      await repo.close();
      logger.info("mock Svea Instore stopped");
    })());

  // The bundled file however its path was written (relative, with ..): its credentials are public, and printed.
  const merchantsSource = options.merchants === undefined || (typeof options.merchants === "string" && resolve(options.merchants) === resolve(DEMO_MERCHANTS_FILE)) ? "demo" : "configured";
  return {
    url,
    port,
    adminUrl: `${publicUrl}/__admin`,
    inboxUrl: `${publicUrl}/__admin/inbox`,
    merchant: { id: first.id, password: first.password, ...(first.paymentAdmin ? { paymentAdmin: { ...first.paymentAdmin } } : {}) },
    merchantsSource,
    deps,
    close,
  };
}
