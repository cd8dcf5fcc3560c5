// An order lock taken while the database refuses the store's login (password rotated, role revoked) fails with the
// store's typed, redacted error, as a read does: withOrderLock runs under every hook, callback and sweep, and what it
// throws is logged, so pg's own message (which names the role, here equal to the password) must not get through.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPostgresPluginStore, PostgresStoreError, type PostgresPluginStore } from "../../../plugin/store/index.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../../support/postgres-test-database.js";

let databaseUrl: string;
let admin: pg.Client;
let role: string;
let schema: string;
let store: PostgresPluginStore | undefined;

/** Everything a JSON logger writes of an error: its fields, message and stack. */
const logged = (error: Error) => JSON.stringify({ ...error, message: error.message, stack: error.stack });

const failureOf = (work: Promise<unknown>): Promise<Error> =>
  work.then(
    () => {
      throw new Error("expected the call to fail while the database refuses the login");
    },
    (error: unknown) => error as Error,
  );

// In each test (not once before all): without a server the test fails with the plain message, it is not skipped.
beforeEach(async () => {
  databaseUrl = await testDatabaseUrl();
  admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  // A role whose password is its own name: pg's "password authentication failed for user ..." then quotes the secret.
  role = `leaky_${randomBytes(6).toString("hex")}`;
  schema = freshSchema("locksecret");
  const { rows } = await admin.query<{ db: string }>("SELECT current_database() AS db");
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}'`);
  await admin.query(`GRANT CREATE ON DATABASE "${rows[0]!.db}" TO ${role}`);
});

afterEach(async () => {
  await store?.close().catch(() => {});
  store = undefined;
  await dropSchema(databaseUrl, schema);
  await admin.query(`DROP OWNED BY ${role}`);
  await admin.query(`DROP ROLE ${role}`);
  await admin.end();
});

describe("PostgreSQL store: an order lock under a refused login", () => {
  it("throws the store's redacted PostgresStoreError, like getOrder, never pg's message naming the role", async () => {
    const url = new URL(databaseUrl);
    url.username = role;
    url.password = role;
    // One connection, so recycling it below leaves the pool nothing that still works.
    store = createPostgresPluginStore({ connectionString: url.toString(), schema, poolSize: 1 });
    await store.open();

    // The password is rotated in the database and the node's open connection is ended (a restart, a failover).
    await admin.query(`ALTER ROLE ${role} PASSWORD 'rotated-${randomBytes(6).toString("hex")}'`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [role]);

    // A read that meets the ended connection fails on it and drops it; from then on every call logs in afresh and is
    // refused. Bounded, and without a pause: each failed call removes the dead connection it used.
    let read: Error | undefined;
    for (let attempt = 0; attempt < 5 && !/password authentication failed/.test(read?.message ?? ""); attempt++) {
      read = await failureOf(store.getOrder("o-1"));
    }
    expect(read!.message).toMatch(/password authentication failed/);
    expect(read).toBeInstanceOf(PostgresStoreError);
    expect(logged(read!)).not.toContain(role);

    let ran = false;
    const locked = await failureOf(
      store.withOrderLock("o-1", async () => {
        ran = true;
      }),
    );
    expect(ran).toBe(false);
    expect(locked.message).toMatch(/password authentication failed/);
    expect(logged(locked)).not.toContain(role);
    expect(locked).toBeInstanceOf(PostgresStoreError);
    expect((locked as PostgresStoreError).code).toBe((read as PostgresStoreError).code);
  });
});
