// A client checked out of a pg pool for a run of statements, listened to while out: pg-pool listens for a client's
// 'error' only while it is idle, and an unheard 'error' (its connection ended: a restart, a failover, a cut) crashes
// the process. The statement in flight fails with the error; the broken client is destroyed on release, not reused.
// So is one whose statement timed out (pg's query_timeout): the statement stays unanswered on its connection, and the
// next caller's statements would queue behind it.
import type pg from "pg";

/** pg's error for a statement past its query_timeout (it has no code). */
export const QUERY_TIMEOUT_MESSAGE = "Query read timeout";

/** Runs `work` with a client of `pool`, released when it ends (destroyed if its connection broke meanwhile). */
export async function withCheckedOutClient<R>(pool: pg.Pool, work: (client: pg.PoolClient, broken: () => boolean) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => void (broken ??= error);
  client.on("error", onError);
  try {
    return await work(client, () => broken !== undefined);
  } catch (error) {
    if (error instanceof Error && error.message === QUERY_TIMEOUT_MESSAGE) broken ??= error;
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}
