// The reference host's order book in PostgreSQL, for host nodes on several machines: every node sees the same orders and payment states.
import { isPgSchemaName } from "../common/pg-schema-name.js";
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import type { Clock } from "../common/clock.js";
import type { HostOrder, Locale, Notice, PaymentStateUpdate } from "../plugin/host-contract/host-contract-types.js";
import type { HostStorage } from "../plugin/host-contract/plugin-api.js";
import { withCheckedOutClient } from "../plugin/store/postgres-checked-out-client.js";
import { redactConnectionSecret } from "../plugin/store/postgres-connection-secret.js";
import { HostOrderLockError } from "./host-order-lock-error.js";
import { KeyedSerialQueue } from "./keyed-serial-queue.js";
import { inLocale, sameSave, type HostOrderRecord, type HostOrderStore, type HostPaymentState } from "./host-order-store.js";

export interface PostgresHostOrderStoreOptions {
  connectionString: string;
  /** Default "reference_host". */
  schema?: string;
  clock: Clock;
  poolSize?: number;
  /** Connections that hold order locks (one per save or delete under way on this node). Default 10. */
  lockPoolSize?: number;
  /**
   * How long to wait for a database connection before the start or the request fails with an error, rather than
   * hanging while the database does not answer. Default 10 s.
   */
  connectTimeoutMs?: number;
  /**
   * How long a save or delete waits for another node's hold on the same order before it is answered 503 `order-busy`
   * instead of waiting on (a node that died without closing its connection holds its lock until the database notices,
   * by default after hours). Default 30 s.
   */
  lockWaitMs?: number;
  /**
   * How long a read or write of the order book waits for the database's answer on an open connection (a partition, a
   * failover) before it fails with an error instead of hanging the clerk's request; the server's statement_timeout is
   * four fifths of it, so a slow statement is cancelled there first. Default 25 s.
   */
  queryTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 10_000;
const LOCK_WAIT_MS = 30_000;
const QUERY_TIMEOUT_MS = 25_000;
/** Idle connections send TCP keepalive probes after this long, so a database gone without a word (power loss, a cut cable) is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;

/**
 * The order locks' advisory-lock class: the two-key form keeps them apart from single-key advisory locks (the plugin's
 * migrations, the lent storage's keys), so a hash collision there can never make a save wait on itself.
 */
const ORDER_LOCK_CLASS = 0x53_76_48_6f;

export interface PostgresHostOrderStore extends HostOrderStore {
  close(): Promise<void>;
}

type StoredOrder = Omit<HostOrderRecord, "payment">;

/**
 * An order lock a flow holds: the session holding it, named by its pid and start (which no later session has both
 * of), so a write can check in its own transaction that the lock still stands.
 */
interface HeldOrderLock {
  readonly orderId: string;
  readonly key: [number, string];
  readonly pid: number;
  readonly backendStart: string;
  /** The lock's session ended (or a write found the lock gone) while the work held it. */
  lost: boolean;
  /** The work is over: later writes of the flow (a plugin's task it started) are not the lock's to fence. */
  ended: boolean;
}

/** Same behaviour as the lowdb order book (host-order-store.ts), one row per order, payment state and lent-storage key. */
export async function openPostgresHostOrderStore(options: PostgresHostOrderStoreOptions): Promise<PostgresHostOrderStore> {
  const schemaName = options.schema ?? "reference_host";
  if (!isPgSchemaName(schemaName)) throw new Error(`host schema "${schemaName}" must be lower-case letters, digits and underscores`);
  const schema = `"${schemaName}"`;
  const connectionTimeoutMillis = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
  const connection = { connectionString: options.connectionString, connectionTimeoutMillis, keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS };
  const queryTimeoutMs = options.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 5, query_timeout: queryTimeoutMs, statement_timeout: Math.floor((queryTimeoutMs * 4) / 5) });
  pool.on("error", () => {});
  // Apart from `pool`: a lock holder's work (reads, writes, the plugin's reports) takes connections from `pool`, so
  // holders never wait for each other's connections. The server ends a wait for a lock after lock_timeout; the client
  // gives up on an answer a connect timeout later (a database that stopped answering).
  const lockPool = new pg.Pool({ ...connection, max: options.lockPoolSize ?? 10, lock_timeout: lockWaitMs, query_timeout: lockWaitMs + connectionTimeoutMillis });
  lockPool.on("error", () => {});
  const heldLocks = new AsyncLocalStorage<HeldOrderLock>();
  // One waiter per order per node at the database; the others queue here.
  const localOrderLocks = new KeyedSerialQueue();
  const endPools = () => Promise.all([pool.end(), lockPool.end()]);
  // pg's errors name the role and the database, which may be the password (postgres:postgres): none leaves with it.
  const safeError = (error: unknown) => redactConnectionSecret(error, options.connectionString);
  await withCheckedOutClient(pool, async (client, broken) => {
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`reference-host-schema:${schemaName}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.orders (order_id text PRIMARY KEY, data jsonb NOT NULL)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.payments (order_id text PRIMARY KEY, data jsonb NOT NULL)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.plugin_storage (key text PRIMARY KEY, value jsonb NOT NULL)`);
      await client.query("COMMIT");
    } catch (error) {
      if (!broken()) await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  }).catch(async (error: unknown) => {
    await endPools();
    throw safeError(error);
  });

  const nowIso = () => new Date(options.clock.now()).toISOString();
  const toRecord = (row: { data: StoredOrder; payment: HostPaymentState | null }): HostOrderRecord => ({ ...row.data, payment: row.payment ?? null });
  const selectOrders = `SELECT o.data, p.data AS payment FROM ${schema}.orders o LEFT JOIN ${schema}.payments p ON p.order_id = o.order_id`;

  async function get(orderId: string): Promise<HostOrderRecord | undefined> {
    const { rows } = await pool.query<{ data: StoredOrder; payment: HostPaymentState | null }>(`${selectOrders} WHERE o.order_id = $1`, [orderId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The order lock the calling flow holds, while its work runs. */
  const heldLock = (): HeldOrderLock | undefined => {
    const lock = heldLocks.getStore();
    return lock && !lock.ended ? lock : undefined;
  };
  const stillHeldSql = `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = $1::int::oid AND l.objid = hashtext($2)::oid
        AND l.pid = $3 AND a.backend_start = $4::timestamptz) AS held`;

  /**
   * `statements` in one transaction. Inside withOrderLock it commits only if the flow's lock is still held, checked in
   * the same transaction: a holder whose lock session ended (a restart, a failover) must not write as if it held the
   * order while another node works on it.
   */
  async function transaction<R>(statements: (tx: pg.PoolClient) => Promise<R>): Promise<R> {
    const lock = heldLock();
    if (lock?.lost) throw new HostOrderLockError(lock.orderId, "order-lock-lost");
    return withCheckedOutClient(pool, async (tx, broken) => {
      try {
        await tx.query("BEGIN");
        const result = await statements(tx);
        if (lock && !(await tx.query<{ held: boolean }>(stillHeldSql, [...lock.key, lock.pid, lock.backendStart])).rows[0]!.held) {
          lock.lost = true;
          throw new HostOrderLockError(lock.orderId, "order-lock-lost");
        }
        await tx.query("COMMIT");
        return result;
      } catch (error) {
        if (!broken()) await tx.query("ROLLBACK").catch(() => {});
        throw error;
      }
    });
  }

  /** One write: on its own outside an order lock, fenced (see transaction) inside one. */
  const write = (text: string, values: unknown[]): Promise<pg.QueryResult> =>
    heldLock() ? transaction((tx) => tx.query(text, values)) : pool.query(text, values);

  const pluginStorage: HostStorage = redactingErrors(safeError, {
    async read<T>(key: string) {
      const { rows } = await pool.query<{ value: T }>(`SELECT value FROM ${schema}.plugin_storage WHERE key = $1`, [key]);
      return rows[0]?.value;
    },
    update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>) {
      return transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`reference-host-storage:${key}`]);
        const { rows } = await tx.query<{ value: T }>(`SELECT value FROM ${schema}.plugin_storage WHERE key = $1`, [key]);
        const next = await fn(rows[0]?.value);
        await tx.query(
          `INSERT INTO ${schema}.plugin_storage (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
          [key, JSON.stringify(next)],
        );
        return structuredClone(next);
      });
    },
  });

  return redactingErrors(safeError, {
    get,
    async list() {
      const { rows } = await pool.query<{ data: StoredOrder; payment: HostPaymentState | null }>(selectOrders);
      return rows.map(toRecord).sort((a, b) => a.order.number.localeCompare(b.order.number, "sv", { numeric: true }));
    },
    async save(order: HostOrder, notices: Notice[], noticesLocale?: Locale) {
      const data: StoredOrder = { order, savedAt: nowIso(), lastNotices: notices, ...inLocale(noticesLocale), deletedAt: null };
      await write(
        `INSERT INTO ${schema}.orders (order_id, data) VALUES ($1, $2::jsonb) ON CONFLICT (order_id) DO UPDATE SET data = EXCLUDED.data`,
        [order.id, JSON.stringify(data)],
      );
      return (await get(order.id))!;
    },
    async restore(written: HostOrderRecord, previous: HostOrderRecord | undefined) {
      const orderId = written.order.id;
      await transaction(async (tx) => {
        const { rows } = await tx.query<{ data: StoredOrder }>(`SELECT data FROM ${schema}.orders WHERE order_id = $1 FOR UPDATE`, [orderId]);
        if (rows[0] && sameSave(rows[0].data, written)) {
          if (previous) {
            const data: StoredOrder = { order: previous.order, savedAt: previous.savedAt, lastNotices: previous.lastNotices, ...inLocale(previous.noticesLocale), deletedAt: previous.deletedAt };
            await tx.query(`UPDATE ${schema}.orders SET data = $2::jsonb WHERE order_id = $1`, [orderId, JSON.stringify(data)]);
          } else {
            await tx.query(`DELETE FROM ${schema}.orders WHERE order_id = $1`, [orderId]);
          }
        }
      });
    },
    async markDeleted(orderId: string, notices: Notice[], noticesLocale?: Locale) {
      // The notices' language replaces the earlier one's, or is left out (jsonb_strip_nulls) when not known.
      const updated = await write(
        `UPDATE ${schema}.orders SET data = (data - 'noticesLocale') || jsonb_build_object('deletedAt', $2::text, 'lastNotices', $3::jsonb) || jsonb_strip_nulls(jsonb_build_object('noticesLocale', $4::text)) WHERE order_id = $1`,
        [orderId, nowIso(), JSON.stringify(notices), noticesLocale ?? null],
      );
      return updated.rowCount === 1 ? get(orderId) : undefined;
    },
    async setPaymentState(update: PaymentStateUpdate) {
      const data: HostPaymentState = { ...update, updatedAt: nowIso() };
      await write(
        `INSERT INTO ${schema}.payments (order_id, data) VALUES ($1, $2::jsonb) ON CONFLICT (order_id) DO UPDATE SET data = EXCLUDED.data`,
        [update.orderId, JSON.stringify(data)],
      );
    },
    /**
     * The order's advisory lock, held by a session of its own for the whole work. Its wait ends after lockWaitMs with
     * `order-busy`. A session that ends while held (a restart, a failover, pg_terminate_backend) takes the lock with it:
     * that is an error of the checked-out client, which pg-pool no longer listens for, so it is listened for here (unheard,
     * it would crash the process); the work's writes from then on are refused (see transaction), and the work, however it
     * ends, is answered `order-lock-lost`, for another node may have taken the order over meanwhile.
     */
    withOrderLock<T>(orderId: string, work: () => Promise<T>): Promise<T> {
      return localOrderLocks.run(orderId, async () => {
        const holder = await lockPool.connect();
        const key: [number, string] = [ORDER_LOCK_CLASS, `${schemaName}:${orderId}`];
        let lock: HeldOrderLock | undefined;
        let released = false;
        // A failed session is destroyed (and its lock, if it still had one, ends with it); a good one goes back to the pool.
        const release = (error?: Error) => {
          if (released) return;
          released = true;
          holder.removeListener("error", onError);
          holder.release(error ?? (lock?.lost ? new Error("the order lock was lost") : undefined));
        };
        function onError(error: Error) {
          if (lock && !lock.ended) lock.lost = true;
          release(error);
        }
        holder.on("error", onError);
        try {
          const { rows } = await holder.query<{ pid: number; backend_start: string }>(
            `SELECT pg_advisory_lock($1::int, hashtext($2)), pid, backend_start::text FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
            key,
          );
          lock = { orderId, key, pid: rows[0]!.pid, backendStart: rows[0]!.backend_start, lost: false, ended: false };
        } catch (error) {
          release(error as Error);
          // lock_not_available: lock_timeout (lockWaitMs) ran out while another session held it.
          throw (error as { code?: unknown }).code === "55P03" ? new HostOrderLockError(orderId, "order-busy") : error;
        }
        const held = lock;
        const outcome = await heldLocks.run(held, work).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        held.ended = true;
        // A failed unlock destroys the connection, and the lock ends with its session.
        if (!released && !held.lost) await holder.query("SELECT pg_advisory_unlock($1::int, hashtext($2))", key).then(() => release(), (error: unknown) => release(error as Error));
        release();
        if (held.lost) throw new HostOrderLockError(orderId, "order-lock-lost");
        if ("error" in outcome) throw outcome.error;
        return outcome.value;
      });
    },
    pluginStorage,
    close: async () => {
      await endPools();
    },
  });
}

/** `methods` with each one's rejection passed through `safe` (a rejection that holds no secret stays as it is). */
function redactingErrors<T extends object>(safe: (error: unknown) => Error, methods: T): T {
  const wrapped = Object.entries(methods).map(([name, method]) => [
    name,
    typeof method === "function"
      ? async (...args: unknown[]) => {
          try {
            return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
          } catch (error) {
            throw safe(error);
          }
        }
      : method,
  ]);
  return Object.fromEntries(wrapped) as T;
}
