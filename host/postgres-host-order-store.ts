// The reference host's order book in PostgreSQL, for host nodes on several machines: every node sees the same orders and payment states.
import pg from "pg";
import type { Clock } from "../common/clock.js";
import type { HostOrder, Notice, PaymentStateUpdate } from "../plugin/host-contract/host-contract-types.js";
import type { HostStorage } from "../plugin/host-contract/plugin-api.js";
import { redactConnectionSecret } from "../plugin/store/postgres-connection-secret.js";
import { KeyedSerialQueue } from "./keyed-serial-queue.js";
import { sameSave, type HostOrderRecord, type HostOrderStore, type HostPaymentState } from "./host-order-store.js";

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
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The order locks' advisory-lock class: the two-key form keeps them apart from single-key advisory locks (the plugin's
 * migrations, the lent storage's keys), so a hash collision there can never make a save wait on itself.
 */
const ORDER_LOCK_CLASS = 0x53_76_48_6f;

export interface PostgresHostOrderStore extends HostOrderStore {
  close(): Promise<void>;
}

type StoredOrder = Omit<HostOrderRecord, "payment">;

/** Same behaviour as the lowdb order book (host-order-store.ts), one row per order, payment state and lent-storage key. */
export async function openPostgresHostOrderStore(options: PostgresHostOrderStoreOptions): Promise<PostgresHostOrderStore> {
  const schemaName = options.schema ?? "reference_host";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schemaName)) throw new Error(`host schema "${schemaName}" must be lower-case letters, digits and underscores`);
  const schema = `"${schemaName}"`;
  const connectionTimeoutMillis = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 5, connectionTimeoutMillis });
  pool.on("error", () => {});
  // Apart from `pool`: a lock holder's work (reads, writes, the plugin's reports) takes connections from `pool`, so
  // holders never wait for each other's connections.
  const lockPool = new pg.Pool({ connectionString: options.connectionString, max: options.lockPoolSize ?? 10, connectionTimeoutMillis });
  lockPool.on("error", () => {});
  // One waiter per order per node at the database; the others queue here.
  const localOrderLocks = new KeyedSerialQueue();
  const endPools = () => Promise.all([pool.end(), lockPool.end()]);
  // pg's errors name the role and the database, which may be the password (postgres:postgres): none leaves with it.
  const safeError = (error: unknown) => redactConnectionSecret(error, options.connectionString);
  const client = await pool.connect().catch(async (error: unknown) => {
    await endPools();
    throw safeError(error);
  });
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`reference-host-schema:${schemaName}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.orders (order_id text PRIMARY KEY, data jsonb NOT NULL)`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.payments (order_id text PRIMARY KEY, data jsonb NOT NULL)`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.plugin_storage (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    await endPools();
    throw safeError(error);
  } finally {
    client.release();
  }

  const nowIso = () => new Date(options.clock.now()).toISOString();
  const toRecord = (row: { data: StoredOrder; payment: HostPaymentState | null }): HostOrderRecord => ({ ...row.data, payment: row.payment ?? null });
  const selectOrders = `SELECT o.data, p.data AS payment FROM ${schema}.orders o LEFT JOIN ${schema}.payments p ON p.order_id = o.order_id`;

  async function get(orderId: string): Promise<HostOrderRecord | undefined> {
    const { rows } = await pool.query<{ data: StoredOrder; payment: HostPaymentState | null }>(`${selectOrders} WHERE o.order_id = $1`, [orderId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  const pluginStorage: HostStorage = redactingErrors(safeError, {
    async read<T>(key: string) {
      const { rows } = await pool.query<{ value: T }>(`SELECT value FROM ${schema}.plugin_storage WHERE key = $1`, [key]);
      return rows[0]?.value;
    },
    async update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>) {
      const tx = await pool.connect();
      try {
        await tx.query("BEGIN");
        await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`reference-host-storage:${key}`]);
        const { rows } = await tx.query<{ value: T }>(`SELECT value FROM ${schema}.plugin_storage WHERE key = $1`, [key]);
        const next = await fn(rows[0]?.value);
        await tx.query(
          `INSERT INTO ${schema}.plugin_storage (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
          [key, JSON.stringify(next)],
        );
        await tx.query("COMMIT");
        return structuredClone(next);
      } catch (error) {
        await tx.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        tx.release();
      }
    },
  });

  return redactingErrors(safeError, {
    get,
    async list() {
      const { rows } = await pool.query<{ data: StoredOrder; payment: HostPaymentState | null }>(selectOrders);
      return rows.map(toRecord).sort((a, b) => a.order.number.localeCompare(b.order.number, "sv", { numeric: true }));
    },
    async save(order: HostOrder, notices: Notice[]) {
      const data: StoredOrder = { order, savedAt: nowIso(), lastNotices: notices, deletedAt: null };
      await pool.query(
        `INSERT INTO ${schema}.orders (order_id, data) VALUES ($1, $2::jsonb) ON CONFLICT (order_id) DO UPDATE SET data = EXCLUDED.data`,
        [order.id, JSON.stringify(data)],
      );
      return (await get(order.id))!;
    },
    async restore(written: HostOrderRecord, previous: HostOrderRecord | undefined) {
      const orderId = written.order.id;
      const tx = await pool.connect();
      try {
        await tx.query("BEGIN");
        const { rows } = await tx.query<{ data: StoredOrder }>(`SELECT data FROM ${schema}.orders WHERE order_id = $1 FOR UPDATE`, [orderId]);
        if (rows[0] && sameSave(rows[0].data, written)) {
          if (previous) {
            const data: StoredOrder = { order: previous.order, savedAt: previous.savedAt, lastNotices: previous.lastNotices, deletedAt: previous.deletedAt };
            await tx.query(`UPDATE ${schema}.orders SET data = $2::jsonb WHERE order_id = $1`, [orderId, JSON.stringify(data)]);
          } else {
            await tx.query(`DELETE FROM ${schema}.orders WHERE order_id = $1`, [orderId]);
          }
        }
        await tx.query("COMMIT");
      } catch (error) {
        await tx.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        tx.release();
      }
    },
    async markDeleted(orderId: string, notices: Notice[]) {
      const updated = await pool.query(
        `UPDATE ${schema}.orders SET data = data || jsonb_build_object('deletedAt', $2::text, 'lastNotices', $3::jsonb) WHERE order_id = $1`,
        [orderId, nowIso(), JSON.stringify(notices)],
      );
      return updated.rowCount === 1 ? get(orderId) : undefined;
    },
    async setPaymentState(update: PaymentStateUpdate) {
      const data: HostPaymentState = { ...update, updatedAt: nowIso() };
      await pool.query(
        `INSERT INTO ${schema}.payments (order_id, data) VALUES ($1, $2::jsonb) ON CONFLICT (order_id) DO UPDATE SET data = EXCLUDED.data`,
        [update.orderId, JSON.stringify(data)],
      );
    },
    withOrderLock<T>(orderId: string, work: () => Promise<T>): Promise<T> {
      return localOrderLocks.run(orderId, async () => {
        const holder = await lockPool.connect();
        const key = [ORDER_LOCK_CLASS, `${schemaName}:${orderId}`];
        try {
          await holder.query("SELECT pg_advisory_lock($1::int, hashtext($2))", key);
        } catch (error) {
          holder.release(error as Error);
          throw error;
        }
        try {
          return await work();
        } finally {
          // A failed unlock destroys the connection, and the lock ends with its session.
          await holder.query("SELECT pg_advisory_unlock($1::int, hashtext($2))", key).then(
            () => holder.release(),
            (error: unknown) => holder.release(error as Error),
          );
        }
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
