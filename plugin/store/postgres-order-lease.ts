// Per-order leases in PostgreSQL: a row (holder, expiry) taken atomically, renewed while held, deleted after; no transaction spans the work.
import type { QueryResult } from "pg";
import { OrderBusyError, OrderTakenOverError } from "./plugin-store.js";

export interface OrderLeaseOptions {
  /** How long a lease lives without renewal; a node that dies holding one blocks its order at most this long. */
  leaseMs: number;
  /** The longest a caller without a signal waits for another node's lease before OrderBusyError. */
  maxWaitMs: number;
  /** Told when a held lease could not be renewed in time (another node may have taken the order over). */
  onLeaseLost?: (orderId: string) => void;
}

/**
 * Runs one statement: the store's own query function, so a failure reaches the caller (and its log) with the store's
 * redaction of the connection's secrets, as every other statement of the store does.
 */
export type LeaseQuery = (text: string, values: unknown[]) => Promise<QueryResult>;

/** A lease this node holds; `release` deletes the row (only if it is still ours). */
export interface HeldOrderLease {
  readonly orderId: string;
  readonly holder: string;
  release(): Promise<void>;
}

/** The holder's lease on the order expired or passed to another node while it worked: its write is refused. */
export class OrderLeaseLostError extends OrderTakenOverError {
  constructor(orderId: string) {
    super(orderId, `order ${orderId}: this node's lease expired before its write; the write was refused`);
    this.name = "OrderLeaseLostError";
  }
}

const FIRST_RETRY_MS = 2;
const MAX_RETRY_MS = 100;

/**
 * Expiry is judged by the database's clock (clock_timestamp()), so nodes with skewed clocks agree on it. Taking a
 * lease is one statement: insert, or take over a row whose expiry has passed, or one under this holder's own name. The
 * store queues its own callers per order before they take the lease, so a row of its own found then is one whose
 * release failed (a dropped connection at the end of a call): taking it back spares the next call on that order the
 * wait for its expiry (30 s by default). A holder name is therefore one store's alone. Waiting polls with a growing pause
 * (2 ms up to 100 ms) until the lease is free, the signal fires or maxWaitMs passes.
 */
export class PostgresOrderLeases {
  private readonly takeSql: string;
  private readonly renewSql: string;
  private readonly releaseSql: string;

  constructor(
    private readonly query: LeaseQuery,
    table: string,
    private readonly options: OrderLeaseOptions,
  ) {
    this.takeSql = `INSERT INTO ${table} AS l (order_id, holder, expires_at)
      VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
      ON CONFLICT (order_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE l.expires_at < clock_timestamp() OR l.holder = EXCLUDED.holder
      RETURNING holder`;
    // Still ours even if a stalled renewal comes late: another node taking it over would have changed the holder.
    this.renewSql = `UPDATE ${table} SET expires_at = clock_timestamp() + $3 * interval '1 millisecond'
      WHERE order_id = $1 AND holder = $2`;
    this.releaseSql = `DELETE FROM ${table} WHERE order_id = $1 AND holder = $2`;
  }

  /**
   * Takes the order's lease as `holder`, waiting for another holder to release it or let it expire.
   *
   * The wait is timed in real elapsed time (performance.now(), monotonic), not on the injected clock (common/clock.ts),
   * and not on the wall clock (Date.now()) either. What it waits for happens in real time outside this process: another
   * node's work, or its lease running out by the database's clock_timestamp(), which no injected clock moves. On a
   * ManualClock (tests) a wait timed there would never end unless a test advanced it, and its pauses would hang; on the
   * sandbox's OffsetClock, a jump of days would end every wait at once with OrderBusyError. Tests drive expiry without
   * sleeping by setting expires_at in the database. The caller's own deadline is on the injected clock already: it
   * reaches this loop as `signal` (the save deadline's), and maxWaitMs is only the safety net for callers without one.
   * The wall clock is no measure of a wait either: an NTP step back would stretch it by the step, one forward end it.
   */
  async acquire(orderId: string, holder: string, signal?: AbortSignal): Promise<HeldOrderLease> {
    const started = performance.now();
    let pause = FIRST_RETRY_MS;
    for (;;) {
      if (signal?.aborted) throw new OrderBusyError(orderId);
      const taken = await this.query(this.takeSql, [orderId, holder, this.options.leaseMs]);
      if (taken.rowCount === 1) return this.held(orderId, holder);
      if (performance.now() - started >= this.options.maxWaitMs) throw new OrderBusyError(orderId);
      await waitFor(pause, signal);
      pause = Math.min(MAX_RETRY_MS, pause * 2);
    }
  }

  private held(orderId: string, holder: string): HeldOrderLease {
    let lost = false;
    const renew = async () => {
      const renewed = await this.query(this.renewSql, [orderId, holder, this.options.leaseMs]).catch(() => undefined);
      if (renewed?.rowCount !== 1 && !lost) {
        lost = true;
        this.options.onLeaseLost?.(orderId);
      }
    };
    // Renewed three times per lifetime, so one slow round trip never lets it lapse.
    const timer = setInterval(() => void renew(), Math.max(1, Math.floor(this.options.leaseMs / 3)));
    timer.unref();
    return {
      orderId,
      holder,
      release: async () => {
        clearInterval(timer);
        await this.query(this.releaseSql, [orderId, holder]);
      },
    };
  }
}

/** A real-time pause between two tries (see acquire: the injected clock is not the measure of this wait). */
function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
