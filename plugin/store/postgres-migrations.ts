// The PostgreSQL store's schema, applied at activation: numbered migrations, each once, under an advisory lock so nodes starting together never race.
import { isPgSchemaName } from "../../common/pg-schema-name.js";
import { withCheckedOutClient } from "./postgres-checked-out-client.js";
import type { Pool, PoolClient } from "pg";
import { paymentSummaryOf } from "./order-payment-summary.js";
import { hasOpenWork, type OrderPaymentRecord } from "./plugin-store.js";
import { recordFromJsonb } from "./postgres-record-text.js";

export interface PostgresMigration {
  version: number;
  name: string;
  /** `{schema}` is replaced by the quoted schema name. */
  sql: string;
  /** A step SQL cannot say (the plugin's own rules), run after `sql` in the same transaction. */
  run?: (client: PoolClient, quotedSchema: string) => Promise<void>;
}

/**
 * Append only: a released migration is never edited, a change is a new one. Order records are whole JSONB documents
 * (`record`), so a field added to LinkRecord or IntentRecord later needs no migration; the columns beside it are
 * what queries filter on. A record flagged `textEscaped` has U+0000, lone surrogates and U+E000 in its texts escaped
 * (postgres-record-text.ts): SQL reads its states and numbers as usual; a `run` step that reads its texts decodes it
 * with recordFromJsonb.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "orders, links, poll slots, leases, schedule firings",
    sql: `
      CREATE TABLE {schema}.orders (
        order_id text PRIMARY KEY,
        order_number text NOT NULL,
        version bigint NOT NULL,
        record jsonb NOT NULL,
        open_work boolean NOT NULL,
        paid boolean NOT NULL,
        current_state text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX orders_open_work ON {schema}.orders (order_id) WHERE open_work;
      CREATE TABLE {schema}.links (
        merchant_order_number text PRIMARY KEY,
        order_id text NOT NULL
      );
      CREATE TABLE {schema}.poll_slots (
        merchant_order_number text PRIMARY KEY,
        slot bigint NOT NULL
      );
      CREATE TABLE {schema}.order_leases (
        order_id text PRIMARY KEY,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE {schema}.schedule_firings (
        schedule text NOT NULL,
        firing_at bigint NOT NULL,
        claimed_by text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (schedule, firing_at)
      );
    `,
  },
  {
    version: 2,
    name: "after-payment calls whose answer was lost count as open work",
    // Since this version a paid link with a pending after-payment call is open work (reconcile settles it from Payment
    // Admin); rows written before it still say false.
    sql: `
      UPDATE {schema}.orders SET open_work = true
        WHERE NOT open_work AND jsonb_path_exists(record, '$.links[*].afterPayment.pending ? (@.type() == "object")');
    `,
  },
  {
    version: 3,
    name: "a payment credited in full no longer stands",
    // Since this version a paid link credited in full counts like an annulled one (isSettledInFull): not a payment
    // that stands, and "credited" as the current state; rows written before it still say paid.
    // Changed after release: it made the test a function, pg_temp.settled_in_full, which needs the TEMPORARY privilege
    // (a database hardened with REVOKE TEMPORARY FROM PUBLIC failed activation; the README asks for CREATE only) and
    // outlived the transaction in its session. The same expression is now written out where the function was called,
    // so the statement's result is identical; a database that applied the released version is recorded by version and
    // name only (no checksum), so it stays valid and never runs this again.
    sql: `
      UPDATE {schema}.orders SET
        paid = EXISTS (SELECT 1 FROM jsonb_array_elements(record->'links') l WHERE l->>'state' = 'paid' AND NOT ${settledInFull("l")}),
        current_state = CASE
          WHEN record->'links'->-1->>'state' = 'paid' AND ${settledInFull("record->'links'->-1")}
               AND jsonb_typeof(record->'links'->-1->'afterPayment'->'annulled') <> 'object' THEN 'credited'
          ELSE current_state END
        WHERE jsonb_path_exists(record, '$.links[*].afterPayment.credits[*]');
    `,
  },
  {
    version: 4,
    name: "an annulment or full credit of unknown outcome holds picking back",
    // Since this version a paid link whose pending after-payment call may refund it in full (an annulment, or a credit
    // up to the amount paid) is not a payment that stands, and "refund-unknown" as the current state: rows written
    // before it still say paid, and picking would let the order go. The summary columns of every row with a pending
    // call are recomputed by the rule the store writes them with.
    // Changed after release: it read the rows without a lock and wrote each by its order id alone, so a node still
    // running (a rolling upgrade) that wrote a row in between had its columns overwritten with ones worked out from the
    // record before its write. It now reads them FOR UPDATE (recomputeSummaries); on a database without such a write
    // the result is the same, and a database that applied the released version never runs this again.
    sql: "",
    run: recomputeSummaries(`jsonb_path_exists(record, '$.links[*].afterPayment.pending ? (@.type() == "object")')`),
  },
  {
    version: 5,
    name: "an expired link Svea last answered Active is open work",
    // Since this version an expired link the plugin did not cancel whose last answer from Svea was Active
    // (expiredHeldActive) keeps its order on reconcile's list, which reads it and ends it at Svea; rows written before
    // it still say false. Recomputed by the rule the store writes the column with.
    sql: "",
    run: markOpenWork('$.links[*] ? (@.state == "expired" && @.sveaStatus == "Active")'),
  },
  {
    version: 6,
    name: "a create failed for good that Svea may still store late is open work",
    // Since this version a create Svea answered 404 for past its outcome window, not yet read at or past its expiry
    // (lateCreateWatched), keeps its order on reconcile's list, which reads it until then: Svea may store it late and the
    // customer pay it with the callback lost. Rows written before it still say false, while the embedded store works the
    // list out again when it loads; recomputed by the rule the store writes the column with.
    sql: "",
    run: markOpenWork('$.links[*] ? (@.state == "failed" && @.mayExistAtSvea == false && @.paymentOrderId == null)'),
  },
  {
    version: 7,
    name: "a payment that stands beside a link credited in full is paid again",
    // Migration 3 tested each paid link in SQL, and for a link without after-payment actions (no afterPayment: nothing
    // annulled or credited, the usual paid link) its test was NULL, not false, so NOT NULL dropped it: an order with
    // such a payment and another paid link credited in full (an extra payment paid back) was written not paid, and
    // picking held it back as payment-credited. Rows the store wrote since were right (it works the columns out in
    // TypeScript on every write); the rows migration 3 changed (those with a credit) are recomputed by the rule the
    // store writes them with.
    sql: "",
    run: recomputeSummaries("jsonb_path_exists(record, '$.links[*].afterPayment.credits[*]')"),
  },
];

/**
 * The rows `where` selects (SQL over the orders table), read FOR UPDATE in the migration's transaction, their records
 * as the plugin knows them (recordFromJsonb). A node still running an earlier version (a rolling upgrade) may be
 * writing one of them as the migration starts: the read waits for that write, and reads the row as it wrote it
 * (PostgreSQL re-reads a row it waited for, and leaves it out when it no longer matches `where`), so a migration never
 * writes columns worked out from a record another write has replaced. The rows stay locked until the migration commits.
 */
async function lockedRows(client: PoolClient, schema: string, where: string, values: unknown[] = []): Promise<LockedRow[]> {
  const { rows } = await client.query<LockedRow>(`SELECT order_id, record, paid, current_state, open_work FROM ${schema}.orders WHERE ${where} FOR UPDATE`, values);
  return rows.map((row) => ({ ...row, record: recordFromJsonb(row.record) }));
}

interface LockedRow {
  order_id: string;
  record: OrderPaymentRecord;
  paid: boolean;
  current_state: string;
  open_work: boolean;
}

/**
 * A migration's step that recomputes the summary columns (paid, current_state, open_work) of the rows `where` selects
 * by the rules the store writes them with (paymentSummaryOf, hasOpenWork), under the rows' locks (lockedRows). Only a
 * row whose columns differ is written; its record and version stay as they are.
 */
function recomputeSummaries(where: string): NonNullable<PostgresMigration["run"]> {
  return async (client, schema) => {
    for (const row of await lockedRows(client, schema, where)) {
      const { paid, current } = paymentSummaryOf(row.record);
      const openWork = hasOpenWork(row.record);
      if (row.paid === paid && row.current_state === current && row.open_work === openWork) continue;
      await client.query(`UPDATE ${schema}.orders SET paid = $2, current_state = $3, open_work = $4 WHERE order_id = $1`, [row.order_id, paid, current, openWork]);
    }
  };
}

/**
 * A migration's step that marks open work a later version counts: rows not open work whose record matches `linkPath`
 * (a JSONPath over the record; its states and numbers read as written, see textEscaped) are recomputed by the rule the
 * store writes the column with (hasOpenWork), and only those it counts are written. The rows are read under their
 * locks (lockedRows). Changed after release (it read them without a lock, see migration 4); the result is the same.
 */
function markOpenWork(linkPath: string): NonNullable<PostgresMigration["run"]> {
  return async (client, schema) => {
    const rows = await lockedRows(client, schema, "NOT open_work AND jsonb_path_exists(record, $1::jsonpath)", [linkPath]);
    for (const { order_id, record } of rows) {
      if (hasOpenWork(record)) await client.query(`UPDATE ${schema}.orders SET open_work = true WHERE order_id = $1`, [order_id]);
    }
  };
}

/**
 * Migration 3's test of a link (SQL, `link` a jsonb expression): paid and then annulled, or credited in full. Exactly the
 * body of the pg_temp.settled_in_full function the released migration made (a SQL function of one SELECT, not
 * STRICT: a NULL link gives NULL, as here), wrapped in parentheses so it stands where the call stood. For a link without
 * afterPayment it is NULL too, not false, so migration 3's `NOT` left such a paid link out of `paid`: migration 7
 * recomputes what that wrote. Any new SQL test of a link must say what a missing key means (COALESCE), or be TypeScript.
 */
function settledInFull(link: string): string {
  return `(jsonb_typeof(${link}->'afterPayment') = 'object' AND (
          jsonb_typeof(${link}->'afterPayment'->'annulled') = 'object'
          OR COALESCE((SELECT sum((c->>'amountMinor')::numeric) FROM jsonb_array_elements(${link}->'afterPayment'->'credits') c), 0)
             >= (${link}->'afterPayment'->>'paidMinor')::numeric))`;
}

/** Quotes a schema name the settings allow (lower-case letters, digits, underscores). */
export function quoteSchema(schema: string): string {
  if (!isPgSchemaName(schema)) throw new Error(`postgres schema "${schema}" must be lower-case letters, digits and underscores`);
  return `"${schema}"`;
}

/** Applies every migration the schema lacks, in one transaction; returns the versions it applied (none when up to date). */
export async function migratePostgresSchema(pool: Pool, schema: string, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const quoted = quoteSchema(schema);
  return withCheckedOutClient(pool, async (client, broken) => {
    try {
      await client.query("BEGIN");
      // One lock per schema for the whole transaction: a second node starting now waits here, then finds nothing to do.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`svea-instore-migrations:${schema}`]);
      // Only when missing: a role without CREATE on the database may still use a schema made for it by an administrator.
      const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoted}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${quoted}.schema_migrations`)).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        if (migration.sql.trim() !== "") await client.query(migration.sql.replaceAll("{schema}", quoted));
        await migration.run?.(client, quoted);
        await client.query(`INSERT INTO ${quoted}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        applied.push(migration.version);
      }
      await client.query("COMMIT");
      return applied;
    } catch (error) {
      if (!broken()) await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  });
}
