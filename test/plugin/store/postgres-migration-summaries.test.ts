// The PostgreSQL migrations run on a database an earlier migration level wrote leave every row's summary columns as the
// store (and the embedded journal store, which works them out again on load) says they are, even while a node still
// running the earlier version writes the rows they recompute (a rolling upgrade).
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS, createPostgresPluginStore, migratePostgresSchema, paymentSummaryOf, hasOpenWork, type LinkRecord, type OrderPaymentRecord } from "../../../plugin/store/index.js";
import { pickingFilter } from "../../../plugin/use-cases/index.js";
import { dropSchema, freshSchema, queryRows, testDatabaseUrl } from "../../support/postgres-test-database.js";
import { link } from "./plugin-store-contract.js";

let databaseUrl: string;
const schemas: string[] = [];

beforeEach(async () => {
  databaseUrl = await testDatabaseUrl();
});

afterAll(async () => {
  if (databaseUrl) for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

function sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  return queryRows<R>(databaseUrl, text, values);
}

const afterPayment = { currency: "SEK", paidMinor: "25000", credits: [], deliveries: [], annulled: null, pending: null };
const credit = (amountMinor: string) => ({ at: 1, amountMinor, via: "credit" as const, rows: null });
const record = (orderId: string, links: LinkRecord[]): OrderPaymentRecord => ({ orderId, orderNumber: orderId, linkSequence: links.length, links, intents: [], inbox: [] });

describe("PostgreSQL migrations 3 and 7 on a database written at level 2", () => {
  it("keeps a payment that stands (a paid link without after-payment actions) as paid when another paid link of the order was credited in full", async () => {
    const schema = freshSchema("revmig3");
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      expect(await migratePostgresSchema(pool, schema, POSTGRES_MIGRATIONS.filter((m) => m.version <= 2))).toEqual([1, 2]);
      // Link 1: the payment that stands (nothing credited, so no afterPayment). Link 2: a second payment of the same
      // order (extra-payment), credited back to the customer in full. As a level-2 version wrote it: paid, current "paid".
      const standing = link("o-1", { state: "paid", sequence: 1 });
      const extraCreditedBack = link("o-2", { state: "paid", sequence: 2, flags: ["extra-payment"], afterPayment: { ...afterPayment, credits: [credit("25000")] } });
      const written = record("o", [standing, extraCreditedBack]);
      await sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, false, true, 'paid')`, [
        "o",
        JSON.stringify(written),
      ]);
      // The current code: every migration the schema lacks, as activation runs them.
      await migratePostgresSchema(pool, schema);
      const store = createPostgresPluginStore({ connectionString: databaseUrl, schema, poolSize: 2 });
      try {
        // What every other store says for this record (the journal store works it out again from the record on load).
        expect(paymentSummaryOf(written)).toMatchObject({ paid: true, current: "credited" });
        const [summary] = await store.getPaymentSummaries(["o"]);
        expect(summary).toEqual(paymentSummaryOf(written));
        // Picking: the order holds a payment that stands, so it is pickable.
        const picked = await pickingFilter({ store }, { orders: [{ id: "o", paymentMethod: "svea-instore" }], locale: "en" });
        expect(picked.heldBack).toEqual([]);
        expect(picked.pickable).toEqual(["o"]);
      } finally {
        await store.close();
      }
    } finally {
      await pool.end();
    }
  });

  it("writes the same order as paid on a database that never ran migration 3 on it (the store works its columns out on every write)", async () => {
    const schema = freshSchema("revmig3f");
    schemas.push(schema);
    const store = createPostgresPluginStore({ connectionString: databaseUrl, schema, poolSize: 2 });
    try {
      await store.putLink("o", link("o-1", { state: "paid", sequence: 1 }));
      await store.putLink("o", link("o-2", { state: "paid", sequence: 2, flags: ["extra-payment"], afterPayment: { ...afterPayment, credits: [credit("25000")] } }));
      const rows = await sql<{ paid: boolean; current_state: string }>(`SELECT paid, current_state FROM "${schema}".orders`);
      expect(rows).toEqual([{ paid: true, current_state: "credited" }]);
    } finally {
      await store.close();
    }
  });
});

/**
 * A database at level `version - 1` holds `before` with the columns an earlier version wrote; a node still running
 * that version (a rolling upgrade) writes `after` with the columns it works out, and its write holds the row while the
 * migrations start. Returns the row once both are done.
 */
async function migrateWhileANodeWrites(name: string, version: number, before: { record: OrderPaymentRecord; openWork: boolean; paid: boolean; current: string }, after: OrderPaymentRecord) {
  const schema = freshSchema(name);
  schemas.push(schema);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const writer = new pg.Client({ connectionString: databaseUrl });
  await writer.connect();
  try {
    const earlier = POSTGRES_MIGRATIONS.filter((m) => m.version < version);
    expect(await migratePostgresSchema(pool, schema, earlier)).toEqual(earlier.map((m) => m.version));
    await sql(`INSERT INTO "${schema}".orders (order_id, order_number, version, record, open_work, paid, current_state) VALUES ($1, $1, 1, $2::jsonb, $3, $4, $5)`, [
      "o",
      JSON.stringify(before.record),
      before.openWork,
      before.paid,
      before.current,
    ]);
    const summary = paymentSummaryOf(after);
    await writer.query("BEGIN");
    await writer.query(`UPDATE "${schema}".orders SET version = version + 1, record = $2::jsonb, open_work = $3, paid = $4, current_state = $5 WHERE order_id = $1`, [
      "o",
      JSON.stringify(after),
      hasOpenWork(after),
      summary.paid,
      summary.current,
    ]);
    const migrating = migratePostgresSchema(pool, schema);
    // Wait until the migration waits for the row (a version that read it without a lock waits in its UPDATE).
    let waited = false;
    for (let i = 0; i < 200 && !waited; i++) {
      const waiting = await sql<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%"${schema}".orders%`]);
      waited = Number(waiting[0]!.n) > 0;
      if (!waited) await new Promise((r) => setTimeout(r, 25));
    }
    expect(waited).toBe(true);
    await writer.query("COMMIT");
    expect(await migrating).toEqual(POSTGRES_MIGRATIONS.filter((m) => m.version >= version).map((m) => m.version));
    const rows = await sql<{ record: OrderPaymentRecord; paid: boolean; current_state: string; open_work: boolean }>(`SELECT record, paid, current_state, open_work FROM "${schema}".orders`);
    return rows[0]!;
  } finally {
    await writer.end();
    await pool.end();
  }
}

/** The columns must say what the row's record says (what the journal store would say for it). */
function expectColumnsOfItsRecord(row: { record: OrderPaymentRecord; paid: boolean; current_state: string; open_work: boolean }) {
  expect({ paid: row.paid, current: row.current_state, openWork: row.open_work }).toEqual({
    paid: paymentSummaryOf(row.record).paid,
    current: paymentSummaryOf(row.record).current,
    openWork: hasOpenWork(row.record),
  });
}

describe("PostgreSQL migrations while a node still running the earlier version writes the row they recompute", () => {
  const pending = { id: "p1", kind: "credit" as const, startedAt: 10, amountMinor: "25000", rows: null, orderRowIds: null };

  it("migration 4 does not overwrite the summary columns a concurrent write stored with ones worked out from the record before it", async () => {
    // A paid order whose credit of the full amount was under way (its answer not stored yet) when the upgrade starts.
    const before = record("o", [link("o-1", { state: "paid", afterPayment: { ...afterPayment, pending } })]);
    // The node stores the credit's answer: Svea refused it, nothing was credited, so the payment stands.
    const after = record("o", [link("o-1", { state: "paid", afterPayment: { ...afterPayment, pending: null } })]);
    const row = await migrateWhileANodeWrites("pgmig4race", 4, { record: before, openWork: true, paid: true, current: "paid" }, after);
    expect(row.record).toEqual(after);
    expect({ paid: row.paid, current: row.current_state }).toEqual({ paid: true, current: "paid" });
    expectColumnsOfItsRecord(row);
  });

  it("migration 7 does not mark paid again an order whose payment a concurrent write put under a full credit of unknown outcome", async () => {
    // As migration 3 left it: the payment that stands dropped (not paid), the extra payment credited back in full.
    const extraCreditedBack = link("o-2", { state: "paid", sequence: 2, flags: ["extra-payment"], afterPayment: { ...afterPayment, credits: [credit("25000")] } });
    const before = record("o", [link("o-1", { state: "paid", sequence: 1 }), extraCreditedBack]);
    // The node starts a credit of the full amount of the payment that stands: until Svea's answer is stored, it may be refunded.
    const after = record("o", [link("o-1", { state: "paid", sequence: 1, afterPayment: { ...afterPayment, pending } }), extraCreditedBack]);
    const row = await migrateWhileANodeWrites("pgmig7race", 7, { record: before, openWork: false, paid: false, current: "credited" }, after);
    expect(row.record).toEqual(after);
    expect({ paid: row.paid, current: row.current_state }).toEqual({ paid: false, current: "credited" });
    expectColumnsOfItsRecord(row);
  });

  it("migration 5 does not mark open work an order a concurrent write ended", async () => {
    // An expired link Svea last answered Active, not open work at level 4; the node reads it again and finds it Canceled.
    const before = record("o", [link("o-1", { state: "expired", sveaStatus: "Active" })]);
    const after = record("o", [link("o-1", { state: "expired", sveaStatus: "Canceled" })]);
    const row = await migrateWhileANodeWrites("pgmig5race", 5, { record: before, openWork: false, paid: false, current: "expired" }, after);
    expect(row.record).toEqual(after);
    expect(row.open_work).toBe(false);
    expectColumnsOfItsRecord(row);
  });
});
