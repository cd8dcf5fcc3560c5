// withCheckedOutClient: a client whose statement timed out (pg's query_timeout: the database stopped answering on an
// open connection) is destroyed on release, not handed to the next caller, whose statements would queue behind the
// one still unanswered and time out in turn. Real PostgreSQL behind a proxy that can stop passing bytes.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { withCheckedOutClient } from "../../../plugin/store/postgres-checked-out-client.js";
import { startFreezableTcpProxy, viaProxy } from "../../support/freezable-tcp-proxy.js";
import { testDatabaseUrl } from "../../support/postgres-test-database.js";

describe("a client checked out of a pool", () => {
  it("is destroyed when a statement of its run timed out, so the pool's next caller gets a new connection that answers", async () => {
    const url = await testDatabaseUrl();
    const target = new URL(url);
    const proxy = await startFreezableTcpProxy({ host: target.hostname, port: Number(target.port) });
    const pool = new pg.Pool({ connectionString: viaProxy(url, proxy), max: 1, query_timeout: 500 });
    pool.on("error", () => {});
    try {
      expect(await withCheckedOutClient(pool, async (client) => (await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]!.n)).toBe(1);
      expect([pool.totalCount, pool.idleCount]).toEqual([1, 1]);
      proxy.freeze();
      const failed = await withCheckedOutClient(pool, (client) => client.query("SELECT 2")).then(
        () => "answered",
        (e: unknown) => (e as Error).message,
      );
      expect(failed).toBe("Query read timeout");
      expect(pool.totalCount).toBe(0);
      proxy.thaw();
      expect(await withCheckedOutClient(pool, async (client) => (await client.query<{ n: number }>("SELECT 3 AS n")).rows[0]!.n)).toBe(3);
    } finally {
      proxy.thaw();
      await pool.end();
      await proxy.close();
    }
  });
});
