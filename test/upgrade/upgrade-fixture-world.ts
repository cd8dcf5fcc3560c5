// Opens the data files an earlier version wrote (fixtures/upgrade/<date>-<commit>/<layout>, made by
// scripts/write-upgrade-fixture.mjs) with the current code: the stores alone, and a whole shop (mock Svea and reference
// host with the compiled plugin) on a copy of them.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ManualClock } from "../../common/clock.js";
import { settingsAgainstMock } from "../../host/demo-host.js";
import { openHostOrderStore, type HostOrderRecord, type HostOrderStore } from "../../host/host-order-store.js";
import { openPostgresHostOrderStore } from "../../host/postgres-host-order-store.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { FileStateStore, startMockSvea, type MockSveaServer } from "../../mock-svea/index.js";
import type { MockOrder } from "../../mock-svea/mock-svea-schemas.js";
import { OrderRepository } from "../../mock-svea/order-repository.js";
import {
  createEmbeddedPluginStore,
  createHostStoragePluginStore,
  createPostgresPluginStore,
  type OrderPaymentRecord,
  type OrderPaymentSummary,
  type PluginStore,
} from "../../plugin/store/index.js";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";
import { capturingLogger } from "../host/host-test-helpers.js";
import { dropSchema, freshSchema } from "../support/postgres-test-database.js";

export type UpgradeLayout = "embedded" | "embedded-crash" | "lent" | "postgres";

/** What the earlier version showed when it stopped (old-view.json). */
export interface OldView {
  writtenBy: { commit: string; version: string; layout: UpgradeLayout };
  stoppedAt: number;
  orders: {
    id: string;
    total: string;
    deleted: boolean;
    host: { state: string; sveaReference: number | null } | null;
    plugin: {
      state: string;
      sveaReference: number | null;
      links: { merchantOrderNumber: string; state: string; paymentOrderId: number | null }[];
      paidAmount?: string;
      creditedAmount?: string;
    } | null;
  }[];
  pickable: string[];
  claimedFirings: { schedule: string; firingAt: number }[];
  svea: { merchantOrderNumber: string; orderStatus: string; paymentOrderId: number | null; creditedMinor: string }[];
}

export interface UpgradeFixture {
  /** e.g. 2026-12-01-3e7883d/lent */
  name: string;
  dir: string;
  layout: UpgradeLayout;
  view: OldView;
}

const FIXTURES = fileURLToPath(new URL("../../fixtures/upgrade/", import.meta.url));
const MERCHANT = "demo-merchant";

/** Every fixture under fixtures/upgrade: one folder per earlier version, one per layout in it. */
export function upgradeFixtures(): UpgradeFixture[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((version) =>
      readdirSync(join(FIXTURES, version.name), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, version.name, d.name, "old-view.json")))
        .map((layout) => {
          const dir = join(FIXTURES, version.name, layout.name);
          const view = JSON.parse(readFileSync(join(dir, "old-view.json"), "utf8")) as OldView;
          return { name: `${version.name}/${layout.name}`, dir, layout: view.writtenBy.layout, view };
        }),
    );
}

/** Where a fixture's PostgreSQL schemas were loaded (fresh names, so runs never meet). */
export interface LoadedSchemas {
  databaseUrl: string;
  plugin: string;
  host: string;
}

/**
 * A copy of the fixture to work on (the fixture itself is never written). A crash layout's stale lock names the pid of
 * the process that wrote it, which may be a live process on this machine: the copy's lock names a pid above Linux's
 * largest (pid_max is at most 2^22), which never runs, as the writer's pid no longer did when it was written.
 */
export async function copyFixture(fixture: UpgradeFixture): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), "upgrade-fixture-"));
  await cp(fixture.dir, copy, { recursive: true });
  const lock = join(copy, "plugin", "svea-instore-plugin.lock");
  if (existsSync(lock)) await writeFile(lock, `${2 ** 22 + 1}\n`);
  return copy;
}

/**
 * Replays the fixture's postgres.sql (plain statements, as the writer keeps pg_dump's output) into two fresh schemas:
 * the earlier version's tables, rows and schema_migrations, before any of this version's migrations.
 */
export async function loadPostgresFixture(fixture: UpgradeFixture, databaseUrl: string): Promise<LoadedSchemas> {
  const schemas: LoadedSchemas = { databaseUrl, plugin: freshSchema("upg_plugin"), host: freshSchema("upg_host") };
  const rename = (line: string) => line.replace(/\b(svea_instore|reference_host)(?=[.;])/g, (name) => (name === "svea_instore" ? schemas.plugin : schemas.host));
  // Only statement heads name a schema; a row's values are left as they are.
  const sql = (await readFile(join(fixture.dir, "postgres.sql"), "utf8"))
    .split("\n")
    .map((line) => (line.startsWith("INSERT INTO ") ? line.replace(/^INSERT INTO (\w+)\./, (head) => rename(head)) : rename(line)))
    .join("\n");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
  return schemas;
}

export async function dropPostgresFixture(schemas: LoadedSchemas): Promise<void> {
  await dropSchema(schemas.databaseUrl, schemas.plugin);
  await dropSchema(schemas.databaseUrl, schemas.host);
}

/** What the current stores read from the copy, before anything runs on it. */
export interface StoreReading {
  records: Map<string, OrderPaymentRecord>;
  summaries: Map<string, OrderPaymentSummary | undefined>;
  /** What reconcile and the expiry sweep would visit, read after the orders were (as a host's order list reads them). */
  openWork: string[];
  hostOrders: Map<string, HostOrderRecord>;
  sveaOrders: Map<string, MockOrder>;
  logs: Record<string, unknown>[];
}

export async function readWithCurrentStores(
  fixture: UpgradeFixture,
  copy: string,
  orderIds: string[],
  schemas?: LoadedSchemas,
): Promise<StoreReading> {
  const logs = capturingLogger();
  const clock = new ManualClock(fixture.view.stoppedAt);
  let hostStore: HostOrderStore & { close?: () => Promise<void> };
  let plugin: PluginStore;
  if (schemas) {
    hostStore = await openPostgresHostOrderStore({ connectionString: schemas.databaseUrl, schema: schemas.host, clock });
    plugin = createPostgresPluginStore({ connectionString: schemas.databaseUrl, schema: schemas.plugin });
  } else {
    hostStore = await openHostOrderStore({ file: join(copy, "host-orders.json"), clock });
    plugin =
      fixture.layout === "lent"
        ? createHostStoragePluginStore(hostStore.pluginStorage)
        : createEmbeddedPluginStore({ file: join(copy, "plugin", "svea-instore-plugin.json"), logger: logs.logger }, {});
  }
  const sveaStore = new FileStateStore(join(copy, "mock-svea.json"), {
    onTornTail: (file, droppedBytes) => logs.logger.warn({ file, droppedBytes }, "mock journal: torn last line dropped"),
  });
  const repo = await OrderRepository.open(sveaStore);
  try {
    const records = await plugin.getOrderStates(orderIds);
    const summaries = await plugin.getPaymentSummaries(orderIds);
    const openWork = (await plugin.listOrdersWithOpenWork()).map((o) => o.orderId).sort();
    const hostOrders = new Map((await hostStore.list()).map((r) => [r.order.id, r]));
    const sveaOrders = new Map(repo.list({ merchantId: MERCHANT }).map((o) => [o.merchantOrderNumber, o]));
    return { records, summaries: new Map(orderIds.map((id, i) => [id, summaries[i]])), openWork, hostOrders, sveaOrders, logs: logs.lines() };
  } finally {
    await plugin.close();
    await hostStore.close?.();
    await repo.close();
  }
}

/** A shop on the copy: the mock Svea and the reference host (compiled plugin, through its manifest), one ManualClock. */
export interface UpgradedShop {
  clock: ManualClock;
  host: ReferenceHost;
  mock: MockSveaServer;
  logs: () => Record<string, unknown>[];
  /** The clerk API (`/api…`); the body as the caller expects it (the host's answers are checked against its schemas). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The mock's admin API. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startUpgradedShop(fixture: UpgradeFixture, copy: string, schemas?: LoadedSchemas): Promise<UpgradedShop> {
  await ensurePluginBuilt();
  const logs = capturingLogger();
  const clock = new ManualClock(fixture.view.stoppedAt);
  let hostUrl = "";
  // The links' callback URLs name the host the writer ran (another port): Svea's callbacks go to this host instead.
  const callbackFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return fetch(`${hostUrl}${url.pathname}${url.search}`, init);
  };
  const mock = await startMockSvea({ port: 0, dataFile: join(copy, "mock-svea.json"), clock, sweepSchedule: false, logger: logs.logger, fetch: callbackFetch });
  const orderStore = schemas ? await openPostgresHostOrderStore({ connectionString: schemas.databaseUrl, schema: schemas.host, clock }) : undefined;
  const callbackKey = (await readFile(join(copy, "callback-key"), "utf8")).trim();
  let host: ReferenceHost;
  try {
    host = await startReferenceHost({
      pluginDir: repoRoot,
      port: 0,
      dataFile: schemas ? null : join(copy, "host-orders.json"),
      ...(orderStore ? { orderStore } : {}),
      lendStorage: fixture.layout === "lent",
      pluginDataDir: join(copy, "plugin"),
      clock,
      logger: logs.logger,
      schedules: "manual",
      settings: settingsAgainstMock(mock.url, mock.merchant, callbackKey, schemas ? { postgres: { connectionString: schemas.databaseUrl, schema: schemas.plugin } } : {}),
    });
  } catch (error) {
    await mock.close();
    await orderStore?.close();
    throw error;
  }
  hostUrl = host.url;
  const call = async <T>(base: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  return {
    clock,
    host,
    mock,
    logs: logs.lines,
    api: (method, path, body) => call(`${host.url}/api`, method, path, body),
    admin: (method, path, body) => call(mock.adminUrl, method, path, body),
    async close() {
      await host.close();
      await mock.close();
      await orderStore?.close();
    },
  };
}

export async function removeCopy(copy: string): Promise<void> {
  await rm(copy, { recursive: true, force: true });
}
