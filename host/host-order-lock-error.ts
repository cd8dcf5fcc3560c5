// The PostgreSQL order book's order lock could not be had, or was lost while a save or delete held it: answered as a problem, never a crash.

/**
 * What the clerk is told (each a code of host/host-messages.ts):
 * - `order-busy`: another node held the order's lock for longer than the wait allows (a long save, or a node that
 *   died without closing its connection): nothing was done, try again;
 * - `order-lock-lost`: the lock's database session ended while the work held it (a restart, a failover, a dropped
 *   connection): the work's writes from then on were refused, what it did before may stand.
 */
export type OrderLockAnswer = "order-busy" | "order-lock-lost";

/** Carries no database error: pg's may name the role, which may be the password (see postgres-connection-secret.ts). */
export class HostOrderLockError extends Error {
  override name = "HostOrderLockError";
  readonly status = 503;

  constructor(
    readonly orderId: string,
    readonly code: OrderLockAnswer,
  ) {
    super(
      code === "order-busy"
        ? `order ${orderId}: another node held its lock for longer than this node waits; nothing was done`
        : `order ${orderId}: the order lock's database session ended while this node held it; its writes from then on were refused`,
    );
  }
}
