// What only the PostgreSQL store promises, on a real server: leases and poll slots across nodes, fencing, concurrent migrations, secrets kept out of errors.
import { inspect } from "node:util";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../../common/clock.js";
import { activate } from "../../../plugin/index.js";
import { resolveSettings } from "../../../plugin/settings/index.js";
import { pickingFilter } from "../../../plugin/use-cases/index.js";
import {
  OrderBusyError,
  OrderLeaseLostError,
  POSTGRES_MIGRATIONS,
  createPostgresPluginStore,
  migratePostgresSchema,
  paymentSummaryOf,
  type LinkRecord,
  type PostgresPluginStore,
} from "../../../plugin/store/index.js";
import { dropSchema, freshSchema, queryRows, testDatabaseUrl } from "../../support/postgres-test-database.js";
import { startFreezableTcpProxy, viaProxy } from "../../support/freezable-tcp-proxy.js";
import { startSilentTcpServer } from "../../support/silent-tcp-server.js";
import { link } from "./plugin-store-contract.js";

let databaseUrl: string;
const schemas: string[] = [];
const opened: PostgresPluginStore[] = [];

// In each test (not once before all): without a server every test fails with the plain message, none is skipped.
beforeEach(async () => {
  databaseUrl = await testDatabaseUrl();
});

afterAll(async () => {
  for (const store of opened) await store.close();
  if (databaseUrl) for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

/** Two or more stores on one schema: what two host nodes on one database are to each other. */
function nodes(count: number, options: { leaseWaitMs?: number } = {}): PostgresPluginStore[] {
  const schema = freshSchema("pgstore");
  schemas.push(schema);
  return Array.from({ length: count }, (_, i) => {
    const store = createPostgresPluginStore({ connectionString: databaseUrl, schema, poolSize: 4, holder: `node-${i}`, ...options });
    opened.push(store);
    return store;
  });
}

function sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  return queryRows<R>(databaseUrl, text, values);
}

describe("PostgreSQL store across nodes", () => {
  it("serializes one order's work across two nodes with a lease row, and frees it afterwards", async () => {
    const [a, b] = nodes(2);
    const events: string[] = [];
    let release!: () => void;
    let entered!: () => void;
    const aRunning = new Promise<void>((r) => (entered = r));
    const first = a!.withOrderLock("o1", async () => {
      events.push("a:start");
      entered();
      await new Promise<void>((r) => (release = r));
      events.push("a:end");
    });
    await aRunning;
    const leases = await sql<{ holder: string }>(`SELECT holder FROM "${a!.schema}".order_leases WHERE order_id = 'o1'`);
    expect(leases).toEqual([{ holder: "node-0" }]);
    const second = b!.withOrderLock("o1", async () => {
      events.push("b:start");
    });
    // Another order is not held up on either node.
    await b!.withOrderLock("o2", async () => events.push("b:o2"));
    expect(events).toEqual(["a:start", "b:o2"]);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["a:start", "b:o2", "a:end", "b:start"]);
    expect(await sql(`SELECT * FROM "${a!.schema}".order_leases`)).toEqual([]);
  });

  it("bounds the wait for another node's lease: the signal or leaseWaitMs ends it with OrderBusyError", async () => {
    const [a, b] = nodes(2, { leaseWaitMs: 300 });
    let release!: () => void;
    let entered!: () => void;
    const running = new Promise<void>((r) => (entered = r));
    const held = a!.withOrderLock("o1", () => {
      entered();
      return new Promise<void>((r) => (release = r));
    });
    await running;
    const controller = new AbortController();
    const impatient = b!.withOrderLock("o1", async () => "ran", { signal: controller.signal });
    controller.abort();
    await expect(impatient).rejects.toBeInstanceOf(OrderBusyError);
    await expect(b!.withOrderLock("o1", async () => "ran")).rejects.toBeInstanceOf(OrderBusyError);
    release();
    await held;
    expect(await b!.withOrderLock("o1", async () => "ran")).toBe("ran");
  });

  it("times the wait for another node's lease in real elapsed time: a wall-clock step back (NTP) does not stretch it, one forward does not cut it short", async () => {
    // Another node holds the order for an hour, as far as the database's clock goes.
    const [a] = nodes(1, { leaseWaitMs: 300 });
    await a!.withOrderLock("warm-up", async () => undefined);
    const table = `"${a!.schema}".order_leases`;
    await sql(`INSERT INTO ${table} (order_id, holder, expires_at) VALUES ('held', 'other-node', now() + interval '1 hour')`);
    const realNow = Date.now.bind(Date);
    for (const stepMs of [-3_600_000, 3_600_000]) {
      let calls = 0;
      // The machine's wall clock steps once the wait has begun.
      const spy = vi.spyOn(Date, "now").mockImplementation(() => realNow() + (++calls > 1 ? stepMs : 0));
      const started = performance.now();
      try {
        await expect(a!.withOrderLock("held", async () => "ran")).rejects.toBeInstanceOf(OrderBusyError);
      } finally {
        spy.mockRestore();
      }
      const waited = performance.now() - started;
      expect([stepMs, waited >= 300 && waited < 5_000]).toEqual([stepMs, true]);
    }
  }, 20_000);

  it("takes over the lease of a node that died holding it once it has expired, not before", async () => {
    const [a] = nodes(1, { leaseWaitMs: 200 });
    await a!.open();
    const table = `"${a!.schema}".order_leases`;
    await sql(`INSERT INTO ${table} (order_id, holder, expires_at) VALUES ('live', 'other-node', now() + interval '1 hour')`);
    await sql(`INSERT INTO ${table} (order_id, holder, expires_at) VALUES ('dead', 'crashed-node', now() - interval '1 second')`);
    await expect(a!.withOrderLock("live", async () => "ran")).rejects.toBeInstanceOf(OrderBusyError);
    expect(await a!.withOrderLock("dead", async () => "ran")).toBe("ran");
  });

  it("takes back at once a lease of its own whose release failed, rather than waiting for it to expire", async () => {
    const [a] = nodes(1, { leaseWaitMs: 200 });
    await a!.open();
    // What a release lost to a dropped connection leaves behind: this node's own row, live for another hour.
    await sql(`INSERT INTO "${a!.schema}".order_leases (order_id, holder, expires_at) VALUES ('o1', 'node-0', now() + interval '1 hour')`);
    expect(await a!.withOrderLock("o1", async () => "ran")).toBe("ran");
    expect(await sql(`SELECT * FROM "${a!.schema}".order_leases`)).toEqual([]);
  });

  it("renews a held lease before it lapses, and tells when it could not (the row was taken away)", async () => {
    const schema = freshSchema("pgstore");
    schemas.push(schema);
    const lost: string[] = [];
    const store = createPostgresPluginStore({ connectionString: databaseUrl, schema, poolSize: 2, leaseMs: 600, onLeaseLost: (id) => lost.push(id) });
    opened.push(store);
    const expiry = async () => (await sql<{ at: Date }>(`SELECT expires_at AS at FROM "${schema}".order_leases WHERE order_id = 'o1'`))[0]?.at.getTime();
    const until = async (done: () => Promise<boolean> | boolean) => {
      for (let i = 0; i < 100 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
      return done();
    };
    await store.withOrderLock("o1", async () => {
      const first = (await expiry())!;
      // Renewed every third of its lifetime (200 ms): the expiry moves forward while the work goes on.
      expect(await until(async () => ((await expiry()) ?? 0) > first)).toBe(true);
      await sql(`DELETE FROM "${schema}".order_leases WHERE order_id = 'o1'`);
      expect(await until(() => lost.length > 0)).toBe(true);
    });
    expect(lost).toEqual(["o1"]);
  });

  it("refuses a write from a node whose lease lapsed and passed to another node (fencing)", async () => {
    const [a, b] = nodes(2);
    await a!.putLink("o1", link("1001-1"));
    let proceed!: () => void;
    let entered!: () => void;
    const running = new Promise<void>((r) => (entered = r));
    const stalled = a!.withOrderLock("o1", async () => {
      entered();
      await new Promise<void>((r) => (proceed = r));
      await a!.putLink("o1", link("1001-1", { state: "cancelled" }));
    });
    await running;
    // Node a stalls past its lease (made to lapse here rather than waited for); node b takes the order over.
    await sql(`UPDATE "${a!.schema}".order_leases SET expires_at = now() - interval '1 second' WHERE order_id = 'o1'`);
    await b!.withOrderLock("o1", () => b!.putLink("o1", link("1001-1", { state: "paid" })));
    proceed();
    await expect(stalled).rejects.toBeInstanceOf(OrderLeaseLostError);
    expect((await b!.getOrder("o1"))?.links[0]?.state).toBe("paid");
  });

  it("paces status reads of one link across nodes: slots at least the gap apart, whichever node asks", async () => {
    const [a, b, c] = nodes(3);
    const slots = await Promise.all([a!, b!, c!, a!, b!, c!].map((store) => store.reserve("1001-1", 10_000, 5_000)));
    // The gap plus the default margin (1 s) for clock skew between nodes and a late send of the earlier read.
    expect([...slots].sort((x, y) => x - y)).toEqual([10_000, 16_000, 22_000, 28_000, 34_000, 40_000]);
  });

  it("keeps concurrent writes to one order from several nodes (version check, re-read, re-apply)", async () => {
    const [a, b, c] = nodes(3);
    const stores = [a!, b!, c!];
    await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.putLink("o1", link(`1001-${i}`, { sequence: i }))));
    const sequences = await Promise.all(Array.from({ length: 9 }, (_, i) => stores[i % 3]!.nextLinkSequence("o2", "1002")));
    expect((await a!.getOrder("o1"))?.links).toHaveLength(30);
    expect([...sequences].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("fails a migration whose connection ends half-way (a restart, a failover) with an error, never an uncaught one, and applies nothing", async () => {
    const schema = freshSchema("pgmigdrop");
    schemas.push(schema);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    pool.on("error", () => {});
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const dropped = { version: 1, name: "dropped", sql: "", run: async (client: pg.PoolClient) => {
        const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
        await client.query("SELECT 1");
      } };
      await expect(migratePostgresSchema(pool, schema, [dropped])).rejects.toBeInstanceOf(Error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
      // The broken connection was not put back: the pool's next client works.
      expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
      expect((await admin.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])).rowCount).toBe(0);
    } finally {
      process.off("uncaughtException", onUncaught);
      await admin.end();
      await pool.end();
    }
  });

  it("migrates once when three nodes start together, and again finds nothing to do", async () => {
    const three = nodes(3);
    await Promise.all(three.map((store) => store.open()));
    const schema = three[0]!.schema;
    const applied = await sql<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(applied.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      expect(await migratePostgresSchema(pool, schema)).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});

describe("PostgreSQL store schedule firings", () => {
  // What a claim is refused or taken is the contract suite's (as for every store); here, the rows it leaves.
  it("keeps a month of claimed firings per schedule as rows, pruning the older ones", async () => {
    const [store] = nodes(1);
    const day = 86_400_000;
    const start = Date.UTC(2026, 0, 1, 1, 0);
    for (let d = 0; d < 40; d++) expect(await store!.claimScheduleFiring("expire-links", start + d * day)).toBe(true);
    expect(await store!.claimScheduleFiring("reconcile", start)).toBe(true);
    const kept = await sql<{ schedule: string; n: string; oldest: string }>(
      `SELECT schedule, count(*) AS n, min(firing_at) AS oldest FROM "${store!.schema}".schedule_firings GROUP BY schedule ORDER BY schedule`,
    );
    const newest = start + 39 * day;
    expect(kept.map((r) => [r.schedule, Number(r.n), Number(r.oldest)])).toEqual([
      ["expire-links", 32, newest - 31 * day],
      ["reconcile", 1, start],
    ]);
  });

  it("never keeps a claim whose call failed (the prune of older firings refused, say): the firing is still there to claim", async () => {
    const [store] = nodes(1);
    const day = 86_400_000;
    const start = Date.UTC(2026, 0, 1, 1, 0);
    const table = `"${store!.schema}".schedule_firings`;
    expect(await store!.claimScheduleFiring("expire-links", start)).toBe(true);
    // Deleting the older firings fails (a lock timeout, a permission lost): the claim of a firing 40 days on is refused with it.
    await sql(`CREATE FUNCTION "${store!.schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'prune refused'; END $$`);
    await sql(`CREATE TRIGGER refuse_prune BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION "${store!.schema}".refuse()`);
    const later = start + 40 * day;
    await expect(store!.claimScheduleFiring("expire-links", later)).rejects.toThrow("prune refused");
    await sql(`DROP TRIGGER refuse_prune ON ${table}`);
    // Nobody ran it, so a node may claim it now (and this claim prunes what it could not before).
    expect(await store!.claimScheduleFiring("expire-links", later)).toBe(true);
    expect((await sql<{ firing_at: string }>(`SELECT firing_at FROM ${table}`)).map((r) => Number(r.firing_at))).toEqual([later]);
  });
});

describe("PostgreSQL store migrations", () => {
  it("version 2 marks rows written before it whose paid link has an after-payment call pending as open work", async () => {
    const schema = freshSchema("pgmigrate");
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version === 1))).toEqual([1]);
      const afterPayment = { currency: "SEK", paidMinor: "25000", credits: [], deliveries: [], annulled: null, pending: null };
      const pending = { id: "p1", kind: "credit" as const, startedAt: 10, amountMinor: "4000", rows: null, orderRowIds: null };
      const row = (orderId: string, record: object) =>
        sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, false, true, 'paid')`, [
          orderId,
          JSON.stringify({ orderId, orderNumber: orderId, linkSequence: 1, links: [record], intents: [], inbox: [] }),
        ]);
      await row("settled", link("s-1", { state: "paid", afterPayment }));
      await row("pending", link("p-1", { state: "paid", afterPayment: { ...afterPayment, pending } }));
      await row("plain", link("n-1", { state: "paid" }));
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version <= 2))).toEqual([2]);
      const open = await sql<{ order_id: string }>(`SELECT order_id FROM "${schema}".orders WHERE open_work ORDER BY order_id`);
      expect(open.map((r) => r.order_id)).toEqual(["pending"]);
    } finally {
      await pool.end();
    }
  });
});

/** Migration 3's SQL as released (in a transaction of its own here, as pg_temp is the session's). */
const RELEASED_MIGRATION_3 = `BEGIN;
  CREATE FUNCTION pg_temp.settled_in_full(link jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_typeof(link->'afterPayment') = 'object' AND (
      jsonb_typeof(link->'afterPayment'->'annulled') = 'object'
      OR COALESCE((SELECT sum((c->>'amountMinor')::numeric) FROM jsonb_array_elements(link->'afterPayment'->'credits') c), 0)
         >= (link->'afterPayment'->>'paidMinor')::numeric)
  $$;
  UPDATE {schema}.orders SET
    paid = EXISTS (SELECT 1 FROM jsonb_array_elements(record->'links') l WHERE l->>'state' = 'paid' AND NOT pg_temp.settled_in_full(l)),
    current_state = CASE
      WHEN record->'links'->-1->>'state' = 'paid' AND pg_temp.settled_in_full(record->'links'->-1)
           AND jsonb_typeof(record->'links'->-1->'afterPayment'->'annulled') <> 'object' THEN 'credited'
      ELSE current_state END
    WHERE jsonb_path_exists(record, '$.links[*].afterPayment.credits[*]');
  DROP FUNCTION pg_temp.settled_in_full(jsonb);
  COMMIT;`;

describe("PostgreSQL store migrations, credited in full", () => {
  it("version 3 stops counting a payment credited in full as standing, as the store now writes it, and leaves others alone", async () => {
    const schema = freshSchema("pgmigrate3");
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version < 3))).toEqual([1, 2]);
      const afterPayment = { currency: "SEK", paidMinor: "25000", credits: [], deliveries: [], annulled: null, pending: null };
      const credit = (amountMinor: string) => ({ at: 1, amountMinor, via: "credit" as const, rows: null });
      const row = (orderId: string, links: object[], current: string) =>
        sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, false, true, $3)`, [
          orderId,
          JSON.stringify({ orderId, orderNumber: orderId, linkSequence: links.length, links, intents: [], inbox: [] }),
          current,
        ]);
      const full = link("f-1", { state: "paid", afterPayment: { ...afterPayment, credits: [credit("20000"), credit("5000")] } });
      const part = link("p-1", { state: "paid", afterPayment: { ...afterPayment, credits: [credit("10000")] } });
      await row("full", [full], "paid");
      await row("part", [part], "paid");
      await row("plain", [link("n-1", { state: "paid" })], "paid");
      // Credited in full, then a newer link was made and is waiting: the order is not paid, its current link waits.
      await row("full-then-new", [full, link("w-2", { sequence: 2 })], "waiting");
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version <= 3))).toEqual([3]);
      const rows = await sql<{ order_id: string; paid: boolean; current_state: string }>(`SELECT order_id, paid, current_state FROM "${schema}".orders ORDER BY order_id`);
      expect(rows.map((r) => [r.order_id, r.paid, r.current_state])).toEqual([
        ["full", false, "credited"],
        ["full-then-new", false, "waiting"],
        ["part", true, "paid"],
        ["plain", true, "paid"],
      ]);
      // The same result as the released version 3, which worked through a pg_temp function (see the migration), on
      // these rows and on edge cases: an annulment, an empty link list, amounts as text, a credit without its paid amount.
      const released = freshSchema("pgmigrate3r");
      schemas.push(released);
      expect(await migratePostgresSchema(pool, released, POSTGRES_MIGRATIONS.filter((m) => m.version < 3))).toEqual([1, 2]);
      const annulled = link("a-1", { state: "paid", afterPayment: { ...afterPayment, annulled: { at: 1, how: "cancelled" as const }, credits: [credit("100")] } });
      const { paidMinor: _noPaidAmount, ...withoutPaidAmount } = afterPayment;
      const unpaidAmount = link("u-1", { state: "paid", afterPayment: { ...withoutPaidAmount, credits: [credit("100")] } as unknown as LinkRecord["afterPayment"] });
      const edgeCases: [string, object[], string][] = [["annulled", [annulled], "annulled"], ["no-links", [], "none"], ["no-paid-amount", [unpaidAmount], "paid"], ["credited-not-last", [full, part], "paid"]];
      for (const [orderId, links, current] of edgeCases) await row(orderId, links, current);
      await sql(`INSERT INTO "${released}".orders SELECT * FROM "${schema}".orders`);
      await sql(`UPDATE "${schema}".orders SET paid = true, current_state = 'paid' WHERE order_id IN ('full', 'full-then-new')`);
      await sql(`UPDATE "${released}".orders SET paid = true, current_state = 'paid' WHERE order_id IN ('full', 'full-then-new')`);
      await sql(`DELETE FROM "${schema}".schema_migrations WHERE version = 3`);
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version <= 3))).toEqual([3]);
      await sql(RELEASED_MIGRATION_3.replaceAll("{schema}", `"${released}"`));
      const summaries = (of: string) => sql(`SELECT order_id, paid, current_state FROM "${of}".orders ORDER BY order_id`);
      expect(await summaries(schema)).toEqual(await summaries(released));
      expect((await summaries(schema)).length).toBe(8);

      // What the store itself writes for the same records agrees with the migration.
      const asWritten = (links: LinkRecord[]) => paymentSummaryOf({ orderId: "x", orderNumber: "x", linkSequence: links.length, links, intents: [], inbox: [] });
      expect(asWritten([full])).toMatchObject({ paid: false, current: "credited" });
      expect(asWritten([part])).toMatchObject({ paid: true, current: "paid" });
    } finally {
      await pool.end();
    }
  });
});

describe("PostgreSQL store migrations on a hardened database", () => {
  it("activates a fresh schema for a role with CREATE on the database but not TEMPORARY (REVOKE TEMPORARY FROM PUBLIC)", async () => {
    const suffix = freshSchema("notemp");
    const [database, role, password] = [`db_${suffix}`, `role_${suffix}`, `pw-${suffix}`];
    await sql(`CREATE DATABASE "${database}"`);
    try {
      await sql(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
      await sql(`REVOKE TEMPORARY ON DATABASE "${database}" FROM PUBLIC`);
      await sql(`GRANT CONNECT, CREATE ON DATABASE "${database}" TO "${role}"`);
      const url = new URL(databaseUrl);
      [url.username, url.password, url.pathname] = [role, password, `/${database}`];
      const store = createPostgresPluginStore({ connectionString: url.href, schema: "svea_instore" });
      try {
        expect(await store.open().then(() => "opened", (e: Error) => e.message)).toBe("opened");
        await store.putLink("o1", link("1001-1"));
        expect((await store.getOrder("o1"))?.links).toHaveLength(1);
      } finally {
        await store.close();
      }
    } finally {
      await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await sql(`DROP ROLE IF EXISTS "${role}"`);
    }
  });
});

describe("PostgreSQL store migrations, refund of unknown outcome", () => {
  it("version 4 holds back from picking a paid order whose pending annulment or full credit was written before it", async () => {
    const schema = freshSchema("pgmigrate4");
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version < 4))).toEqual([1, 2, 3]);
      const afterPayment = { currency: "SEK", paidMinor: "25000", credits: [], deliveries: [], annulled: null, pending: null };
      const pending = (kind: "annul-cancel" | "credit", amountMinor: string | null) => ({ id: "p1", kind, startedAt: 10, amountMinor, rows: null, orderRowIds: null });
      // As the code before version 4 wrote these rows: paid, current "paid", open work (the pending call).
      const row = (orderId: string, links: object[]) =>
        sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, true, true, 'paid')`, [
          orderId,
          JSON.stringify({ orderId, orderNumber: orderId, linkSequence: links.length, links, intents: [], inbox: [] }),
        ]);
      await row("annul", [link("a-1", { state: "paid", afterPayment: { ...afterPayment, pending: pending("annul-cancel", null) } })]);
      await row("full-credit", [link("f-1", { state: "paid", afterPayment: { ...afterPayment, pending: pending("credit", "25000") } })]);
      await row("part-credit", [link("p-1", { state: "paid", afterPayment: { ...afterPayment, pending: pending("credit", "4000") } })]);
      await row("plain", [link("n-1", { state: "paid" })]);
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version <= 4))).toEqual([4]);
      const rows = await sql<{ order_id: string; paid: boolean; current_state: string; open_work: boolean }>(
        `SELECT order_id, paid, current_state, open_work FROM "${schema}".orders ORDER BY order_id`,
      );
      expect(rows.map((r) => [r.order_id, r.paid, r.current_state, r.open_work])).toEqual([
        ["annul", false, "refund-unknown", true],
        ["full-credit", false, "refund-unknown", true],
        ["part-credit", true, "paid", true],
        // No pending call: left as written.
        ["plain", true, "paid", true],
      ]);
    } finally {
      await pool.end();
    }
  });
});

describe("PostgreSQL store migrations, expired links Svea may still hold Active", () => {
  it("version 5 puts an order back on reconcile's list whose expired link Svea last answered Active, and leaves the others alone", async () => {
    const schema = freshSchema("pgmigrate5");
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version < 5))).toEqual([1, 2, 3, 4]);
      // As the code before version 5 wrote these rows: an expired link was never open work.
      const row = (orderId: string, links: object[]) =>
        sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, false, false, 'expired')`, [
          orderId,
          JSON.stringify({ orderId, orderNumber: orderId, linkSequence: links.length, links, intents: [], inbox: [] }),
        ]);
      await row("held-active", [link("h-1", { state: "expired", sveaStatus: "Active" })]);
      await row("cancelled-by-plugin", [link("c-1", { state: "expired", canceledByPlugin: true, sveaStatus: "Canceled" })]);
      await row("svea-ended", [link("s-1", { state: "expired", sveaStatus: "Canceled" })]);
      await row("never-stored", [link("n-1", { state: "expired", sveaStatus: "Active", mayExistAtSvea: false })]);
      // Written before the plugin kept Svea's word: left to the reads of a renewal, a delete or a payment.
      await row("unread", [link("u-1", { state: "expired" })]);
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version <= 5))).toEqual([5]);
      const open = await sql<{ order_id: string }>(`SELECT order_id FROM "${schema}".orders WHERE open_work ORDER BY order_id`);
      expect(open.map((r) => r.order_id)).toEqual(["held-active"]);
    } finally {
      await pool.end();
    }
  });
});

describe("PostgreSQL store migrations, creates failed for good that Svea may still store late", () => {
  it("version 6 puts an order back on reconcile's list whose failed create was not yet read past its expiry, and leaves the others alone", async () => {
    const schema = freshSchema("pgmigrate6");
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version < 6))).toEqual([1, 2, 3, 4, 5]);
      // As the code before version 6 wrote these rows: a create failed for good was never open work.
      const row = (orderId: string, links: object[]) =>
        sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, false, false, 'failed')`, [
          orderId,
          JSON.stringify({ orderId, orderNumber: orderId, linkSequence: links.length, links, intents: [], inbox: [] }),
        ]);
      const failed = { state: "failed", reason: "timeout", paymentOrderId: null, instoreUiUri: null, mayExistAtSvea: false } as const;
      await row("watched", [link("w-1", { ...failed, checkedAt: 2_000 })]);
      // Read at or past its expiry, refused outright (never read), or created at Svea: nothing to watch.
      await row("seen-past-expiry", [link("e-1", { ...failed, checkedAt: 1_000 + 2880 * 60_000 })]);
      await row("refused", [link("r-1", { ...failed, reason: "svea-rejected", checkedAt: null })]);
      await row("created-at-svea", [link("c-1", { ...failed, paymentOrderId: 7, checkedAt: 2_000 })]);
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version <= 6))).toEqual([6]);
      const open = await sql<{ order_id: string }>(`SELECT order_id FROM "${schema}".orders WHERE open_work ORDER BY order_id`);
      expect(open.map((r) => r.order_id)).toEqual(["watched"]);
    } finally {
      await pool.end();
    }
  });
});

describe("PostgreSQL store rows written before \"checking\"", () => {
  it("reads a row whose create was being checked when an earlier version wrote it as being checked (payment-being-checked), without rewriting it", async () => {
    const [store] = nodes(1);
    await store!.open();
    const schema = store!.schema;
    const intent = (orderId: string, sequence: number) => ({
      id: `${orderId}-i${sequence}`,
      orderId,
      kind: "create",
      merchantOrderNumber: `${orderId}-${sequence}`,
      replaces: null,
      sequence,
      fingerprint: "f1",
      step: "started",
      startedAt: 5,
      completedAt: null,
      abandonedAt: null,
      outcome: null,
    });
    const lost = (orderId: string) => link(`${orderId}-1`, { state: "failed", reason: "timeout", paymentOrderId: null, instoreUiUri: null });
    // As the code before "checking" wrote these rows: the summary columns from the links alone.
    const rows: [orderId: string, links: LinkRecord[], intents: object[], openWork: boolean, current: string][] = [
      ["crashed", [], [intent("crashed", 1)], true, "none"],
      ["timed-out", [lost("timed-out")], [intent("timed-out", 1)], true, "failed"],
      ["renewed", [link("renewed-1", { state: "expired", reason: "expired" })], [intent("renewed", 2)], true, "expired"],
      ["failed", [{ ...lost("failed"), mayExistAtSvea: false }], [], false, "failed"],
      ["waiting", [link("waiting-1")], [], true, "waiting"],
    ];
    for (const [orderId, links, intents, openWork, current] of rows) {
      await sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, $3, false, $4)`, [
        orderId,
        JSON.stringify({ orderId, orderNumber: orderId, linkSequence: Math.max(links.length, intents.length, 1) + (orderId === "renewed" ? 1 : 0), links, intents, inbox: [] }),
        openWork,
        current,
      ]);
    }
    const ids = rows.map(([orderId]) => orderId);
    expect((await store!.getPaymentSummaries(ids)).map((s) => s?.current)).toEqual(["checking", "checking", "checking", "failed", "waiting"]);
    const picked = await pickingFilter({ store: store! }, { orders: ids.map((id) => ({ id, paymentMethod: "svea-instore" })), locale: "en" });
    expect(picked.pickable).toEqual([]);
    expect(picked.heldBack.map((h) => [h.orderId, h.reason])).toEqual([
      ["crashed", "payment-being-checked"],
      ["timed-out", "payment-being-checked"],
      ["renewed", "payment-being-checked"],
      ["failed", "payment-failed"],
      ["waiting", "awaiting-payment"],
    ]);
    expect(picked.heldBack[0]?.message).toBe("Not paid with Svea Instore yet (Being checked with Svea: the payment link may have been sent to the customer)");
    // Read as it stands, not migrated: the rows are as written until the order's next write.
    const stored = await sql<{ order_id: string; current_state: string }>(`SELECT order_id, current_state FROM "${schema}".orders ORDER BY order_id`);
    expect(Object.fromEntries(stored.map((r) => [r.order_id, r.current_state]))).toEqual({ crashed: "none", "timed-out": "failed", renewed: "expired", failed: "failed", waiting: "waiting" });
  });
});

describe("PostgreSQL store settings and secrets", () => {
  const callbackKey = "pg-settings-callback-key-0123456789abcdef";
  const baseSettings = { environment: "stage", termsUri: "https://shop.example/terms", publicBaseUrl: "https://shop.example/plugins/svea-instore", callbackKey };
  const context = (settings: unknown) => ({
    settings,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    clock: new ManualClock(Date.UTC(2026, 2, 2, 9)),
    orders: { get: async () => undefined, setPaymentState: async () => {} },
  });

  it("activates on settings.postgres, migrating the schema, and keeps the connection string out of serialised settings", async () => {
    const schema = freshSchema("activate");
    schemas.push(schema);
    const plugin = await activate(context({ ...baseSettings, postgres: { connectionString: databaseUrl, schema } }));
    try {
      const tables = await sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]);
      expect(tables.map((t) => t.table_name)).toEqual(["links", "order_leases", "orders", "poll_slots", "schedule_firings", "schema_migrations"]);
      // A firing runs once: the second call for the same slot is answered, not run.
      const firingAt = Date.UTC(2026, 2, 2, 1, 0);
      const first = await plugin.schedules["expire-links"]!({ firingAt });
      const again = await plugin.schedules["expire-links"]!({ firingAt });
      expect(first.data).not.toMatchObject({ result: "already-run" });
      expect(again).toMatchObject({ ok: true, data: { result: "already-run", schedule: "expire-links", firingAt } });
    } finally {
      await plugin.deactivate();
    }
  });

  it("fails activation on a wrong password without showing the password", async () => {
    const url = new URL(databaseUrl);
    const wrong = "wrong-secret-Password-123";
    url.password = wrong;
    const error = await activate(context({ ...baseSettings, postgres: { connectionString: url.toString(), schema: "unused_schema" } })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/password authentication failed/);
    expect(`${error!.message}\n${error!.stack ?? ""}`).not.toContain(wrong);
  });

  it("fails a call with an error, not a hang, when the database accepts the connection but never answers", async () => {
    const silent = await startSilentTcpServer();
    const secret = "Db-Pw-hanging-31337";
    const store = createPostgresPluginStore({ connectionString: `postgres://erp:${secret}@127.0.0.1:${silent.port}/erp`, schema: "unused_schema", connectTimeoutMs: 300 });
    try {
      const error = await store.getOrder("o1").then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).toMatch(/timeout/i);
      expect(`${error!.message}\n${error!.stack ?? ""}`).not.toContain(secret);
      expect(silent.accepted()).toBeGreaterThan(0);
    } finally {
      await store.close().catch(() => {});
      await silent.close();
    }
  });

  it("fails a call whose open connection stops answering (a partition) with the store's error within its query timeout, and frees the order's lease and lock", async () => {
    const target = new URL(databaseUrl);
    const proxy = await startFreezableTcpProxy({ host: target.hostname, port: Number(target.port) });
    const schema = freshSchema("pgpart");
    schemas.push(schema);
    // Queries time out a little under the lease (here 1.2 s): the store's own defaults, scaled down.
    const store = createPostgresPluginStore({ connectionString: viaProxy(databaseUrl, proxy), schema, poolSize: 2, leaseMs: 1_200, connectTimeoutMs: 500, holder: "node-p" });
    const bounded = <T>(call: Promise<T>) =>
      Promise.race([call.then(() => "answered", (e: unknown) => e), new Promise((r) => setTimeout(() => r("still hanging after 5 s"), 5_000))]);
    const timedOut = { name: "PostgresStoreError", code: "query-timeout" };
    try {
      await store.putLink("o1", link("1001-1"));
      proxy.freeze();
      const read = await bounded(store.getOrder("o1"));
      expect(read).toMatchObject(timedOut);
      expect(`${(read as Error).message}\n${(read as Error).stack}`).not.toContain(target.password);
      proxy.thaw();

      // A write under the order's lock whose connection stops answering: refused, not landed, and nothing left held.
      const locked = bounded(
        store.withOrderLock("o1", async () => {
          proxy.freeze();
          await store.putLink("o1", link("1001-2"));
        }),
      );
      expect(await locked).toMatchObject(timedOut);
      proxy.thaw();
      expect((await store.getOrder("o1"))?.links.map((l) => l.merchantOrderNumber)).toEqual(["1001-1"]);
      expect(await bounded(store.withOrderLock("o1", async () => "ran"))).toBe("answered");
    } finally {
      await proxy.close();
      await store.close();
    }
  });

  it("fails a call the server cancels for its statement timeout (a table locked by someone else) with the same query-timeout error", async () => {
    const schema = freshSchema("pgstmt");
    schemas.push(schema);
    // statement_timeout (4/5 of the query timeout) fires first on a database that answers but is slow.
    const store = createPostgresPluginStore({ connectionString: databaseUrl, schema, poolSize: 2, leaseMs: 1_200, connectTimeoutMs: 500, holder: "node-s" });
    const dba = new pg.Client({ connectionString: databaseUrl });
    await dba.connect();
    try {
      await store.putLink("o1", link("1001-1"));
      await dba.query("BEGIN");
      await dba.query(`LOCK TABLE "${schema}".orders IN ACCESS EXCLUSIVE MODE`);
      const read = await store.getOrder("o1").then(() => "answered", (e: unknown) => e);
      expect(read).toMatchObject({ name: "PostgresStoreError", code: "query-timeout" });
      await dba.query("ROLLBACK");
      expect((await store.getOrder("o1"))?.links.map((l) => l.merchantOrderNumber)).toEqual(["1001-1"]);
    } finally {
      await dba.query("ROLLBACK").catch(() => {});
      await dba.end();
      await store.close();
    }
  });

  it("resolves postgres with its defaults and never serialises the connection string", () => {
    const secret = "s3cret-db-pass-XYZ";
    const resolved = resolveSettings({ ...baseSettings, postgres: { connectionString: `postgres://erp:${secret}@db.internal/erp` } });
    expect(resolved.postgres).toEqual({ connectionString: `postgres://erp:${secret}@db.internal/erp`, schema: "svea_instore", poolSize: 10, leaseSeconds: 30 });
    expect(JSON.stringify(resolved)).not.toContain(secret);
    expect(inspect(resolved, { depth: 5 })).not.toContain(secret);
  });

  it("names the setting when the connection string is not a postgres URL", async () => {
    await expect(activate(context({ ...baseSettings, postgres: { connectionString: "mysql://x" } }))).rejects.toThrow(/postgres\.connectionString/);
  });
});
