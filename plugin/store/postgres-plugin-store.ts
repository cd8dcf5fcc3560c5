// The PluginStore for hosts on several machines: order records as JSONB rows in PostgreSQL, per-order leases, shared poll slots and schedule firings.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import pg from "pg";
import { HeldLocks } from "./held-locks.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { paymentSummary, paymentSummaryOf, type OrderPaymentSummary } from "./order-payment-summary.js";
import {
  beginLinkIn,
  blankOrderRecord,
  endIntent,
  markCallbackProcessedIn,
  markIntentStepIn,
  newIntentRecord,
  putLinkIn,
  recordCallbackIn,
  setHostBeingCheckedIn,
} from "./order-record-changes.js";
import { migratePostgresSchema, quoteSchema } from "./postgres-migrations.js";
import { OrderLeaseLostError, PostgresOrderLeases } from "./postgres-order-lease.js";
import { QUERY_TIMEOUT_MESSAGE } from "./postgres-checked-out-client.js";
import { PostgresStoreError, redactConnectionSecret } from "./postgres-connection-secret.js";
import { recordForJsonb, recordFromJsonb } from "./postgres-record-text.js";
import { FIRINGS_KEPT_MS } from "./schedule-firing-claims.js";
import { MAX_QUEUED_POLL_GAPS, reservePollSlot } from "../svea-client/poll-slot-rule.js";
import {
  OrderBusyError,
  hasOpenWork,
  type CallbackInboxEntry,
  type IntentEnd,
  type IntentRecord,
  type LinkRecord,
  type NewIntent,
  type OrderLockOptions,
  type OrderPaymentRecord,
  type PluginStore,
} from "./plugin-store.js";

export interface PostgresPluginStoreOptions {
  /** postgres://user:password@host:port/database (a secret: it is never logged or shown in an error). */
  connectionString: string;
  /** The schema holding the plugin's tables; created by the migrations. Default "svea_instore". */
  schema?: string;
  /** Connections per node. Default 10. */
  poolSize?: number;
  /** An order's lease lifetime without renewal. Default 30 s. */
  leaseMs?: number;
  /** How long a call without a signal waits for another node's lease before OrderBusyError. Default 120 s. */
  leaseWaitMs?: number;
  /** Names this node in lease rows and schedule firings. Default host name, pid and a random suffix. */
  holder?: string;
  /** Told when a held lease could not be renewed (the node stalled longer than leaseMs). */
  onLeaseLost?: (orderId: string) => void;
  /**
   * Added to the gap between two status-read slots of one link. Svea measures the gap between arrivals; nodes measure
   * it on their own clocks and send when their slot comes, so clock skew between machines and a late send of the
   * earlier read would otherwise earn a 403. Default 1000 ms.
   */
  pollMarginMs?: number;
  /**
   * How long a call waits for a database connection before it fails (a save then answers with an error) rather than
   * hanging while the database does not answer (a network partition, a stopped server). Default 10 s.
   */
  connectTimeoutMs?: number;
  /**
   * How long a statement on an open connection may go unanswered before it fails with PostgresStoreError
   * `query-timeout` (a network partition, a failover), instead of hanging with the order's lock and a connection held.
   * The server's statement_timeout is four fifths of it. Default five sixths of leaseMs (25 s of 30 s): a call under an
   * order's lock fails before its lease lapses.
   */
  queryTimeoutMs?: number;
}

export const DEFAULT_POSTGRES_SCHEMA = "svea_instore";
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_POLL_MARGIN_MS = 1_000;
/** Idle connections send TCP keepalive probes after this long, so a database gone without a word is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;
const DEFAULT_LEASE_WAIT_MS = 120_000;
/** Concurrent writers of one order from several nodes retry on a changed version; this many is a bug, not contention. */
const MAX_WRITE_ATTEMPTS = 100;

interface OrderRow {
  record: OrderPaymentRecord;
  version: string;
}

/**
 * Every mutation reads the order's row, applies the same change the other stores apply (order-record-changes.ts) and
 * writes it back in one statement that checks the row's version (optimistic: a concurrent writer on another node
 * makes it re-read and re-apply), so no transaction is ever held open, least of all across a Svea call. Inside
 * `withOrderLock` the write also checks that this node still holds the order's lease: a node that stalled past its
 * lease gets OrderLeaseLostError instead of overwriting the work of the node that took over.
 *
 * `withOrderLock` queues callers of this process per order first (so the in-process order and re-entrancy stay what
 * the embedded store gives), then takes the order's lease row for the duration of `fn`.
 */
export class PostgresPluginStore implements PluginStore {
  readonly schema: string;
  readonly holder: string;
  private readonly pool: pg.Pool;
  /** The migrations' connection: a migration of a large table, or a wait for another node's, may take longer than a query may. */
  private readonly migrationPool: pg.Pool;
  private readonly queryTimeoutMs: number;
  private readonly leases: PostgresOrderLeases;
  private readonly locks = new KeyedMutex();
  /** One write per order at a time from this process, so its own writers never collide on the version. */
  private readonly writes = new KeyedMutex();
  /** The orders whose lease the current async flow holds. */
  private readonly leased = new HeldLocks();
  private readonly sql: ReturnType<typeof statements>;
  private opening: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: PostgresPluginStoreOptions) {
    this.schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
    this.sql = statements(quoteSchema(this.schema));
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.queryTimeoutMs = options.queryTimeoutMs ?? Math.floor((leaseMs * 5) / 6);
    const connection = {
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      // No statement of the store's leaves a transaction open; a session that does (a node stalled in a migration) is ended.
      idle_in_transaction_session_timeout: Math.max(this.queryTimeoutMs, 1_000),
    };
    // The server cancels a statement first (its connection stays usable); the client gives up on one whose answer does not come.
    this.pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10, statement_timeout: Math.floor((this.queryTimeoutMs * 4) / 5), query_timeout: this.queryTimeoutMs });
    this.migrationPool = new pg.Pool({ ...connection, max: 1 });
    // An idle connection the server drops (restart, failover) must not crash the host; the next query reconnects.
    this.pool.on("error", () => {});
    this.migrationPool.on("error", () => {});
    // The lease statements run through this.query as every other statement does: an order lock refused a login
    // (password rotated, role revoked) throws the redacted error, not pg's message naming the role.
    this.leases = new PostgresOrderLeases((text, values) => this.query(text, values), `${quoteSchema(this.schema)}.order_leases`, {
      leaseMs,
      maxWaitMs: options.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS,
      ...(options.onLeaseLost ? { onLeaseLost: options.onLeaseLost } : {}),
    });
  }

  /** Connects and applies the schema's missing migrations (idempotent; nodes starting together wait for each other). */
  open(): Promise<void> {
    this.opening ??= migratePostgresSchema(this.migrationPool, this.schema).then(
      () => {},
      (error: unknown) => {
        this.opening = undefined;
        throw this.safeError(error);
      },
    );
    return this.opening;
  }

  withOrderLock<T>(orderId: string, fn: () => Promise<T>, options?: OrderLockOptions): Promise<T> {
    return this.locks.run(
      `orders/${orderId}`,
      async () => {
        // Nested work of this order's holder (a host saving the order from inside setPaymentState): the lease is held.
        if (this.leased.holds(orderId)) return fn();
        await this.ready();
        const lease = await this.leases.acquire(orderId, this.holder, options?.signal);
        try {
          return await this.leased.holding(orderId, fn);
        } finally {
          await lease.release().catch(() => {});
        }
      },
      options?.signal,
      () => new OrderBusyError(orderId),
    );
  }

  async getOrder(orderId: string): Promise<OrderPaymentRecord | undefined> {
    await this.ready();
    if (!storableText(orderId)) return undefined;
    return (await this.readOrder(orderId))?.record;
  }

  async getOrderStates(orderIds: readonly string[]): Promise<Map<string, OrderPaymentRecord>> {
    await this.ready();
    const out = new Map<string, OrderPaymentRecord>();
    const ids = [...new Set(orderIds)].filter(storableText);
    if (ids.length === 0) return out;
    const { rows } = await this.query<{ order_id: string; record: OrderPaymentRecord }>(this.sql.readMany, [ids]);
    for (const row of rows) out.set(row.order_id, recordFromJsonb(row.record));
    return out;
  }

  async getPaymentSummaries(orderIds: readonly string[]): Promise<(OrderPaymentSummary | undefined)[]> {
    await this.ready();
    const ids = [...new Set(orderIds)].filter(storableText);
    if (ids.length === 0) return orderIds.map(() => undefined);
    const { rows } = await this.query<{ order_id: string; paid: boolean; current_state: string; record: OrderPaymentRecord | null }>(this.sql.summaries, [ids]);
    const byId = new Map(
      rows.map((r) => [r.order_id, r.record ? paymentSummaryOf(recordFromJsonb(r.record)) : paymentSummary(r.paid, r.current_state as OrderPaymentSummary["current"])]),
    );
    return orderIds.map((id) => byId.get(id));
  }

  async orderIdForMerchantOrderNumber(merchantOrderNumber: string): Promise<string | undefined> {
    await this.ready();
    if (!storableText(merchantOrderNumber)) return undefined;
    const { rows } = await this.query<{ order_id: string }>(this.sql.orderIdFor, [merchantOrderNumber]);
    return rows[0]?.order_id;
  }

  async listOrdersWithOpenWork(): Promise<OrderPaymentRecord[]> {
    await this.ready();
    const { rows } = await this.query<{ record: OrderPaymentRecord }>(this.sql.openWork, []);
    return rows.map((r) => recordFromJsonb(r.record));
  }

  async nextLinkSequence(orderId: string, orderNumber: string): Promise<number> {
    return this.mutate(orderId, orderNumber, (o) => {
      o.orderNumber = orderNumber;
      return ++o.linkSequence;
    });
  }

  async beginLink(orderId: string, orderNumber: string, intent: (sequence: number) => NewIntent): Promise<IntentRecord> {
    return this.mutate(orderId, orderNumber, (o, maps) => {
      const sequence = o.linkSequence + 1;
      const record = newIntentRecord(intent(sequence));
      beginLinkIn(o, orderNumber, sequence, record);
      maps(record.merchantOrderNumber);
      return record;
    });
  }

  async putLink(orderId: string, link: LinkRecord, options: { finishIntent?: IntentEnd & { id: string } } = {}): Promise<void> {
    await this.mutate(orderId, "", (o, maps) => {
      putLinkIn(o, link, options.finishIntent);
      maps(link.merchantOrderNumber);
    });
  }

  async startIntent(intent: NewIntent): Promise<IntentRecord> {
    const record = newIntentRecord(intent);
    await this.mutate(intent.orderId, "", (o) => {
      o.intents.push(structuredClone(record));
    });
    return record;
  }

  async markIntentStep(orderId: string, intentId: string, step: IntentRecord["step"]): Promise<void> {
    await this.mutate(orderId, "", (o) => markIntentStepIn(o, intentId, step));
  }

  async finishIntent(orderId: string, intentId: string, end: IntentEnd): Promise<void> {
    await this.mutate(orderId, "", (o) => endIntent(o, intentId, end));
  }

  async setHostBeingChecked(orderId: string, merchantOrderNumber: string | null): Promise<void> {
    await this.ready();
    if (!storableText(orderId)) return;
    // Nothing to note on an order the store does not hold, and nothing to write when it says so already.
    const current = (await this.readOrder(orderId))?.record;
    if (!current || current.hostBeingChecked === (merchantOrderNumber ?? undefined)) return;
    await this.mutate(orderId, "", (o) => setHostBeingCheckedIn(o, merchantOrderNumber));
  }

  async recordCallback(entry: { orderId: string; merchantOrderNumber: string; receivedAt: number }): Promise<{ entry: CallbackInboxEntry; duplicate: boolean }> {
    await this.ready();
    const pending = (await this.readOrder(entry.orderId))?.record.inbox.find((e) => e.merchantOrderNumber === entry.merchantOrderNumber && e.processedAt === null);
    // A duplicate changes nothing, so it writes nothing (the write below re-checks, for a callback racing on another node).
    if (pending) return { entry: pending, duplicate: true };
    return this.mutate(entry.orderId, "", (o) => recordCallbackIn(o, entry));
  }

  async markCallbackProcessed(orderId: string, entryId: string, end: { at: number; outcome: string }): Promise<void> {
    await this.mutate(orderId, "", (o) => markCallbackProcessedIn(o, entryId, end));
  }

  /**
   * One statement: the slot is `now`, or `gapMs` (plus the margin) after the last one any node reserved, whichever is
   * later; `now` when that is more than MAX_QUEUED_POLL_GAPS gaps ahead (a clock jump, or a node whose clock runs fast:
   * see poll-slot-rule.ts). The slot it replaced comes back only to tell `onClockJump`.
   */
  async reserve(merchantOrderNumber: string, now: number, gapMs: number, onClockJump?: (discardedSlot: number) => void): Promise<number> {
    await this.ready();
    const gap = gapMs + (this.options.pollMarginMs ?? DEFAULT_POLL_MARGIN_MS);
    const { rows } = await this.query<{ slot: string; prior: string | null }>(this.sql.reserve, [merchantOrderNumber, now, gap, MAX_QUEUED_POLL_GAPS * gap]);
    const slot = Number(rows[0]!.slot);
    const prior = rows[0]!.prior === null ? undefined : Number(rows[0]!.prior);
    if (slot === now && reservePollSlot(prior, now, gap).discarded !== undefined) onClockJump?.(prior!);
    return slot;
  }

  /**
   * One row per claimed firing, kept for FIRINGS_KEPT_MS behind the newest: a claim prunes the older ones of its
   * schedule, so the table holds about a month of firings (about 3,000 rows for a 15-minute schedule), not all of them.
   * The same rule as claimFiring (schedule-firing-claims.ts), which the other stores apply. Claim and prune are one
   * statement: a call that fails has claimed nothing (a prune of its own, failing after the claim was stored, left a
   * firing claimed that no node ran).
   */
  async claimScheduleFiring(schedule: string, firingAt: number): Promise<boolean> {
    await this.ready();
    const { rows } = await this.query<{ claimed: boolean }>(this.sql.claimFiring, [schedule, firingAt, this.holder, FIRINGS_KEPT_MS]);
    return rows[0]?.claimed === true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.opening?.catch(() => {});
    await Promise.all([this.pool.end(), this.migrationPool.end()]);
  }

  private async ready(): Promise<void> {
    if (this.closed) throw new Error("the plugin store is closed");
    await this.open();
  }

  private async readOrder(orderId: string): Promise<OrderRow | undefined> {
    const { rows } = await this.query<OrderRow>(this.sql.read, [orderId]);
    return rows[0] && { record: recordFromJsonb(rows[0].record), version: rows[0].version };
  }

  /**
   * The one write path: read the row, change a copy, write it back if nobody else did meanwhile (and, under the
   * order's lock, only while this node's lease is live). `maps` records a merchantOrderNumber → orderId mapping that
   * lands in the same statement.
   */
  private async mutate<R>(orderId: string, orderNumber: string, change: (order: OrderPaymentRecord, maps: (mon: string) => void) => R): Promise<R> {
    await this.ready();
    const fence = this.leased.holds(orderId) ? this.holder : null;
    return this.writes.run(`orders/${orderId}`, async () => {
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        const current = await this.readOrder(orderId);
        const next = current?.record ?? blankOrderRecord(orderId, orderNumber);
        let mapped: string | null = null;
        const result = change(next, (mon) => (mapped = mon));
        const summary = paymentSummaryOf(next);
        const stored = recordForJsonb(next);
        const params = [orderId, stored.record.orderNumber, stored.json, hasOpenWork(next), summary.paid, summary.current, fence, mapped];
        const written = current
          ? await this.query(this.sql.update, [...params, current.version])
          : await this.query(this.sql.insert, params);
        if (written.rowCount === 1) return result;
        if (fence !== null && !(await this.stillHolds(orderId))) throw new OrderLeaseLostError(orderId);
      }
      throw new Error(`order ${orderId}: gave up writing after ${MAX_WRITE_ATTEMPTS} conflicting writes`);
    });
  }

  private async stillHolds(orderId: string): Promise<boolean> {
    const { rows } = await this.query<{ live: boolean }>(this.sql.leaseLive, [orderId, this.holder]);
    return rows[0]?.live === true;
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw this.safeError(error);
    }
  }

  /**
   * Database errors keep their message and code, never the connection string's password. pg's own query timeout (no
   * code) and the server's statement timeout (57014) become PostgresStoreError `query-timeout`; the connection a query
   * timed out on is destroyed, not reused.
   */
  private safeError(error: unknown): Error {
    if (error instanceof Error && error.message === QUERY_TIMEOUT_MESSAGE) {
      return new PostgresStoreError(`the database did not answer within ${this.queryTimeoutMs} ms (query timeout)`, "query-timeout");
    }
    // query_canceled: the server's statement_timeout (set under the query timeout, so it fires first on a database that
    // answers but is slow: a table another session locked), or a cancel by an operator. Nothing of it was written.
    if ((error as { code?: unknown }).code === "57014") {
      return new PostgresStoreError("the database cancelled the statement (statement timeout, or cancelled by an operator)", "query-timeout");
    }
    return redactConnectionSecret(error, this.options.connectionString);
  }
}

function statements(schema: string) {
  const fenceOk = `($7::text IS NULL OR EXISTS (SELECT 1 FROM ${schema}.order_leases l
      WHERE l.order_id = $1 AND l.holder = $7 AND l.expires_at >= clock_timestamp()))`;
  const mapLink = `mapped AS (INSERT INTO ${schema}.links (merchant_order_number, order_id)
      SELECT $8::text, order_id FROM written WHERE $8::text IS NOT NULL
      ON CONFLICT (merchant_order_number) DO UPDATE SET order_id = EXCLUDED.order_id)`;
  return {
    read: `SELECT record, version FROM ${schema}.orders WHERE order_id = $1`,
    readMany: `SELECT order_id, record FROM ${schema}.orders WHERE order_id = ANY($1::text[])`,
    // The record too, only where the summary columns may be from before "checking" existed: an unpaid order with open
    // work whose current state was written as what a version before it wrote for a create being checked (none after a
    // crash, failed after a timeout, the renewed link's cancelled or expired when its new create was lost). A node of
    // such a version may still write them during a rolling upgrade. Its summary is then worked out from the record, by
    // the rule every store writes it with, so such a row reads as being checked without a migration. Waiting orders
    // (the many with open work) and everything else keep picking's read to the summary columns.
    summaries: `SELECT order_id, paid, current_state,
        CASE WHEN open_work AND NOT paid AND current_state IN ('none', 'failed', 'cancelled', 'expired') THEN record END AS record
      FROM ${schema}.orders WHERE order_id = ANY($1::text[])`,
    orderIdFor: `SELECT order_id FROM ${schema}.links WHERE merchant_order_number = $1`,
    openWork: `SELECT record FROM ${schema}.orders WHERE open_work ORDER BY order_id`,
    insert: `WITH written AS (
        INSERT INTO ${schema}.orders (order_id, order_number, version, record, open_work, paid, current_state)
        SELECT $1, $2, 1, $3::jsonb, $4, $5, $6 WHERE ${fenceOk}
        ON CONFLICT (order_id) DO NOTHING RETURNING order_id), ${mapLink}
      SELECT order_id FROM written`,
    update: `WITH written AS (
        UPDATE ${schema}.orders SET order_number = $2, version = version + 1, record = $3::jsonb, open_work = $4, paid = $5,
          current_state = $6, updated_at = now()
        WHERE order_id = $1 AND version = $9 AND ${fenceOk} RETURNING order_id), ${mapLink}
      SELECT order_id FROM written`,
    // The same rule as reservePollSlot; `prior` (read before the upsert locks the row) only names a discarded slot.
    reserve: `WITH prior AS (SELECT slot FROM ${schema}.poll_slots WHERE merchant_order_number = $1)
      INSERT INTO ${schema}.poll_slots AS p (merchant_order_number, slot) VALUES ($1, $2)
      ON CONFLICT (merchant_order_number) DO UPDATE SET slot = CASE WHEN p.slot + $3::bigint - $2::bigint > $4::bigint THEN $2::bigint
        ELSE GREATEST($2::bigint, p.slot + $3::bigint) END
      RETURNING slot, (SELECT slot FROM prior) AS prior`,
    // A firing older than the newest claimed one by the kept window is refused: its row may have been pruned. A claim
    // taken prunes its schedule's firings older than the window behind it, in the same statement.
    claimFiring: `WITH claimed AS (
        INSERT INTO ${schema}.schedule_firings (schedule, firing_at, claimed_by)
        SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM ${schema}.schedule_firings WHERE schedule = $1 AND firing_at >= $2::bigint + $4::bigint)
        ON CONFLICT (schedule, firing_at) DO NOTHING RETURNING firing_at),
      pruned AS (DELETE FROM ${schema}.schedule_firings WHERE schedule = $1 AND firing_at < $2::bigint - $4::bigint AND EXISTS (SELECT 1 FROM claimed))
      SELECT EXISTS (SELECT 1 FROM claimed) AS claimed`,
    leaseLive: `SELECT expires_at >= clock_timestamp() AS live FROM ${schema}.order_leases WHERE order_id = $1 AND holder = $2`,
  };
}

/**
 * Whether PostgreSQL can hold the text at all: a text column refuses U+0000 (the query fails). Order ids, numbers and
 * texts with one are refused at the hooks (schemas/host); a lookup of one (picking, an untouched order, a callback's
 * path) finds nothing, as no row can have it, instead of failing the whole call.
 */
function storableText(text: string): boolean {
  return !text.includes("\u0000");
}
