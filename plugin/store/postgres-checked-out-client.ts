// A client checked out of a pg pool for a run of statements, listened to while out: pg-pool listens for a client's
// 'error' only while it is idle, and an unheard 'error' (its connection ended: a restart, a failover, a cut) crashes
// the process. The statement in flight fails with the error; the broken client is destroyed on release, not reused.
import type pg from "pg";

/** Runs `work` with a client of `pool`, released when it ends (destroyed if its connection broke meanwhile). */
export async function withCheckedOutClient<R>(pool: pg.Pool, work: (client: pg.PoolClient, broken: () => boolean) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => void (broken ??= error);
  client.on("error", onError);
  try {
    return await work(client, () => broken !== undefined);
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}
