// The host's lowdb order book: survives a restart from its file, joins payment state, and serializes lent-storage updates per key.
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import pg from "pg";
import { chmod, lstat, mkdir, readFile, rmdir, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { HostOrderFileError } from "../../host/host-order-file-error.js";
import { hostMessage } from "../../host/host-messages.js";
import { openHostOrderStore } from "../../host/host-order-store.js";
import { HostStartupError } from "../../host/host-startup-error.js";
import { openPostgresHostOrderStore, type PostgresHostOrderStore } from "../../host/postgres-host-order-store.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { uiMessage } from "../../host/ui/ui-messages.js";
import { startFreezableTcpProxy, viaProxy } from "../support/freezable-tcp-proxy.js";
import { dropSchema, testDatabaseUrl } from "../support/postgres-test-database.js";
import { startSilentTcpServer } from "../support/silent-tcp-server.js";
import { capturingLogger, fakePayOrder, fakePayPluginDir, rejectionOf, useTempDirs } from "./host-test-helpers.js";

const tempDir = useTempDirs("host-store-");

describe("host order store", () => {
  it("keeps orders, notices and payment state in its JSON file across a reopen", async () => {
    const dir = await tempDir();
    const file = join(dir, "nested", "host-orders.json");
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const store = await openHostOrderStore({ file, clock });
    // The plugin may report a state during the first save, before the order exists.
    await store.setPaymentState({ orderId: "a", state: "waiting", paymentLink: "https://pay.example/a" });
    await store.save(fakePayOrder("a"), [{ code: "link-sent", severity: "info", message: "SMS" }]);
    await store.save(fakePayOrder("b", { number: "9" }), []);
    await store.markDeleted("b", []);

    // One order book per file at a time: the first gives the file's lock back.
    await store.close();
    const reopened = await openHostOrderStore({ file, clock });
    expect((await reopened.list()).map((r) => r.order.number)).toEqual(["9", "100"]);
    expect(await reopened.get("a")).toEqual({
      order: fakePayOrder("a"),
      savedAt: "2026-03-01T12:00:00.000Z",
      lastNotices: [{ code: "link-sent", severity: "info", message: "SMS" }],
      deletedAt: null,
      payment: { orderId: "a", state: "waiting", paymentLink: "https://pay.example/a", updatedAt: "2026-03-01T12:00:00.000Z" },
    });
    expect((await reopened.get("b"))?.deletedAt).toBe("2026-03-01T12:00:00.000Z");
    expect(JSON.parse(await readFile(file, "utf8"))).toHaveProperty("orders.a.order.id", "a");
  });

  it("keeps orders whose ids name Object's own members (__proto__, constructor) as ordinary entries, across a reopen", async () => {
    const file = join(await tempDir(), "host-orders.json");
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const store = await openHostOrderStore({ file, clock });
    for (const id of ["__proto__", "constructor"]) {
      await store.setPaymentState({ orderId: id, state: "waiting", paymentLink: `https://pay.example/${id}` });
      await store.save(fakePayOrder(id, { number: id === "__proto__" ? "1" : "2" }), []);
    }
    await store.pluginStorage.update("__proto__", () => ({ kept: true }));
    // One order book per file at a time: the first gives the file's lock back.
    await store.close();
    const reopened = await openHostOrderStore({ file, clock });
    expect((await reopened.list()).map((r) => r.order.id)).toEqual(["__proto__", "constructor"]);
    expect((await reopened.get("__proto__"))?.payment?.paymentLink).toBe("https://pay.example/__proto__");
    expect((await reopened.get("constructor"))?.order.number).toBe("2");
    expect(await reopened.pluginStorage.read("__proto__")).toEqual({ kept: true });
    expect(await reopened.get("toString")).toBeUndefined();
    expect(await reopened.pluginStorage.read("constructor")).toBeUndefined();
  });

  it("refuses a damaged file naming it and where it breaks, never quoting it", async () => {
    const file = join(await tempDir(), "host-orders.json");
    const clock = new ManualClock();
    await writeFile(file, '{"orders": {"o1": {"customer": Anna-Secret-Street}}}');
    const broken = await rejectionOf(openHostOrderStore({ file, clock }));
    expect(broken).toBeInstanceOf(HostStartupError);
    expect(broken).toMatchObject({ code: "data-file-invalid" });
    expect((broken as Error).message).toBe(
      `${file} is not valid JSON: line 1, column 32: expected a value (an unquoted word, a single quote or a trailing comma is not JSON). ` +
        "Repair the file, or move it away to start with no orders.\n" +
        `  sv: ${file} är inte giltig JSON: rad 1, kolumn 32: ett värde väntades (ett ord utan citattecken, enkla citattecken eller ett avslutande kommatecken är inte JSON). ` +
        "Laga filen, eller flytta undan den för att starta utan ordrar.",
    );
    await writeFile(file, '{"orders": []}');
    expect(await rejectionOf(openHostOrderStore({ file, clock }))).toMatchObject({ code: "data-file-invalid", message: expect.stringContaining(`${file} must hold a JSON object`) });
    await writeFile(file, '"just text"');
    expect(await rejectionOf(openHostOrderStore({ file, clock }))).toMatchObject({ code: "data-file-invalid" });
  });

  it("a failed write (the disk refuses it) leaves the order book as it was: no phantom order, no unrecorded payment or plugin document", async () => {
    const dir = await tempDir();
    const file = join(dir, "host-orders.json");
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const store = await openHostOrderStore({ file, clock });
    const kept = await store.save(fakePayOrder("k"), []);
    await store.setPaymentState({ orderId: "k", state: "waiting", paymentLink: "https://pay.example/k" });
    await store.pluginStorage.update("callbacks", () => ({ seen: ["first"] }));
    const before = { orders: await store.list(), storage: await store.pluginStorage.read("callbacks") };

    // lowdb writes through a temporary file beside the data file: a folder in its place makes every write fail (as root too).
    const obstacle = join(dir, ".host-orders.json.tmp");
    await mkdir(obstacle);
    clock.advance(60_000);
    await expect(store.save(fakePayOrder("phantom"), [])).rejects.toThrow(/EISDIR|EEXIST|illegal operation/i);
    await expect(store.save(fakePayOrder("k", { number: "777" }), [])).rejects.toThrow();
    await expect(store.markDeleted("k", [])).rejects.toThrow();
    await expect(store.setPaymentState({ orderId: "k", state: "paid", paymentLink: "https://pay.example/k" })).rejects.toThrow();
    await expect(store.pluginStorage.update<{ seen: string[] }>("callbacks", (d) => ({ seen: [...(d?.seen ?? []), "second"] }))).rejects.toThrow();
    expect(await store.list()).toEqual(before.orders);
    expect(await store.get("phantom")).toBeUndefined();
    expect(await store.pluginStorage.read("callbacks")).toEqual(before.storage);

    // The disk takes writes again: the next write stores only what was written, never what failed.
    await rmdir(obstacle);
    await store.save(fakePayOrder("n", { number: "200" }), []);
    // One order book per file at a time: the first gives the file's lock back.
    await store.close();
    const reopened = await openHostOrderStore({ file, clock });
    expect((await reopened.list()).map((r) => r.order.id)).toEqual(["k", "n"]);
    expect(await reopened.get("k")).toEqual({ ...kept, payment: expect.objectContaining({ state: "waiting" }) });
    expect(await reopened.pluginStorage.read("callbacks")).toEqual({ seen: ["first"] });
  });

  it("a write the full disk refuses leaves no temp file holding its space, and the next write goes through", async () => {
    const dir = await tempDir();
    const file = join(dir, "host-orders.json");
    const store = await openHostOrderStore({ file, clock: new ManualClock() });
    await store.save(fakePayOrder("k"), []);
    const before = await readFile(file, "utf8");
    // lowdb's temp file is /dev/full: its write fails with ENOSPC as on a full disk, after the temp file was made.
    const temp = join(dir, ".host-orders.json.tmp");
    await symlink("/dev/full", temp);
    const failed = await rejectionOf(store.save(fakePayOrder("phantom"), []));
    expect(failed).toBeInstanceOf(HostOrderFileError);
    expect((failed as HostOrderFileError).writeErrorCode).toBe("ENOSPC");
    expect(await rejectionOf(lstat(temp))).toMatchObject({ code: "ENOENT" });
    expect(await readFile(file, "utf8")).toBe(before);
    await store.save(fakePayOrder("n", { number: "200" }), []);
    expect((await store.list()).map((r) => r.order.id)).toEqual(["k", "n"]);
  });

  it("writes its file owner-only (0600) in the same two-space JSON: when made, when rewritten, and an older 0644 one at its next write", async () => {
    const dir = await tempDir();
    const file = join(dir, "host-orders.json");
    const mode = async (path: string) => (await stat(path)).mode & 0o777;
    const store = await openHostOrderStore({ file, clock: new ManualClock() });
    await store.save(fakePayOrder("a"), []);
    expect(await mode(file)).toBe(0o600);
    await store.pluginStorage.update("doc", () => ({ n: 1 }));
    expect(await mode(file)).toBe(0o600);
    const text = await readFile(file, "utf8");
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));

    // A file an older version wrote 0644, and a temp file a crash left 0644: the next write leaves the file 0600.
    await chmod(file, 0o644);
    await writeFile(join(dir, ".host-orders.json.tmp"), "left by a crash", { mode: 0o644 });
    await store.close();
    const reopened = await openHostOrderStore({ file, clock: new ManualClock() });
    expect(await mode(file)).toBe(0o644);
    await reopened.setPaymentState({ orderId: "a", state: "waiting", paymentLink: "https://pay.example/a" });
    expect(await mode(file)).toBe(0o600);
    await reopened.close();
    const third = await openHostOrderStore({ file, clock: new ManualClock() });
    expect((await third.get("a"))?.payment?.state).toBe("waiting");
    await third.close();
  });

  it("hands out copies: changing a returned record changes nothing stored", async () => {
    const store = await openHostOrderStore({ file: null, clock: new ManualClock() });
    await store.save(fakePayOrder("c"), []);
    const record = await store.get("c");
    record!.order.total = "0";
    expect((await store.get("c"))?.order.total).toBe("100.00");
  });

  it("runs lent-storage updates of one key one at a time, so no increment is lost", async () => {
    const store = await openHostOrderStore({ file: null, clock: new ManualClock() });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.pluginStorage.update<number>("counter", async (n) => {
          const current = n ?? 0;
          await new Promise((r) => setImmediate(r));
          return current + 1;
        }),
      ),
    );
    expect(await store.pluginStorage.read<number>("counter")).toBe(20);
  });

  it("a failed storage update leaves the document as it was and does not block the next", async () => {
    const store = await openHostOrderStore({ file: null, clock: new ManualClock() });
    await store.pluginStorage.update("k", () => ({ v: 1 }));
    await expect(store.pluginStorage.update("k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await store.pluginStorage.update<{ v: number }>("k", (d) => ({ v: (d?.v ?? 0) + 1 }))).toEqual({ v: 2 });
  });
});

describe.each([
  ["lowdb", async (clock: ManualClock) => ({ store: await openHostOrderStore({ file: null, clock }), close: async () => {} })],
  [
    "PostgreSQL",
    async (clock: ManualClock) => {
      const store = await openPostgresHostOrderStore({ connectionString: await testDatabaseUrl(), schema: `host_restore_${randomBytes(4).toString("hex")}`, clock });
      return { store, close: () => store.close() };
    },
  ],
] as const)("the %s order book's restore (a save refused after it was written ahead)", (_name, open) => {
  it("puts back the record the save replaced, removes a new order, and leaves alone an order saved again since", async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const { store, close } = await open(clock);
    try {
      const kept = await store.save(fakePayOrder("r1"), [{ code: "link-sent", severity: "info", message: "SMS" }]);
      clock.advance(60_000);
      const edit = await store.save(fakePayOrder("r1", { number: "101" }), kept.lastNotices);
      await store.restore(edit, kept);
      expect(await store.get("r1")).toEqual(kept);

      const fresh = await store.save(fakePayOrder("r2"), []);
      await store.restore(fresh, undefined);
      expect(await store.get("r2")).toBeUndefined();

      // Saved again after the refused write: the later save stands.
      const refused = await store.save(fakePayOrder("r3"), []);
      clock.advance(1_000);
      const later = await store.save(fakePayOrder("r3", { number: "103" }), []);
      await store.restore(refused, undefined);
      expect(await store.get("r3")).toEqual(later);
    } finally {
      await close();
    }
  });

  it("keeps the language the last notices were given in, through a save, a restore and a delete; a save without one claims none", async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const { store, close } = await open(clock);
    try {
      const sv = await store.save(fakePayOrder("l1"), [{ code: "link-sent", severity: "info", message: "SMS skickas" }], "sv");
      expect(sv.noticesLocale).toBe("sv");
      clock.advance(1_000);
      const edit = await store.save(fakePayOrder("l1", { number: "101" }), sv.lastNotices, sv.noticesLocale);
      await store.restore(edit, sv);
      expect((await store.get("l1"))?.noticesLocale).toBe("sv");
      expect((await store.markDeleted("l1", [{ code: "link-cancelled", severity: "info", message: "Cancelled" }], "en"))?.noticesLocale).toBe("en");
      // An older record (saved before the language was kept) makes no claim about it.
      const old = await store.save(fakePayOrder("l2"), []);
      expect(old).not.toHaveProperty("noticesLocale");
      expect(await store.markDeleted("l2", [])).not.toHaveProperty("noticesLocale");
    } finally {
      await close();
    }
  });
});

describe("the PostgreSQL order book's connection", () => {
  it("never shows the connection string's password: not in the error at open, nor, once open, in a failed request's log line or answer", async () => {
    // A role whose password is its own name (postgres:postgres, as many a developer's database has it): PostgreSQL's
    // errors name the role, and so hold the password.
    const admin = await testDatabaseUrl();
    const role = `shopdev_${randomBytes(4).toString("hex")}`;
    const url = new URL(admin);
    url.username = url.password = role;
    const connectionString = url.href;
    const opened = await rejectionOf(openPostgresHostOrderStore({ connectionString, clock: new ManualClock() }));
    expect((opened as Error).message).toMatch(/^password authentication failed for user "\[redacted\]"$/);
    expect(inspect(opened)).not.toContain(role);

    const sql = new pg.Client({ connectionString: admin });
    await sql.connect();
    const schema = `host_secret_${randomBytes(4).toString("hex")}`;
    let host: ReferenceHost | undefined;
    let store: Awaited<ReturnType<typeof openPostgresHostOrderStore>> | undefined;
    try {
      await sql.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}'`);
      await sql.query(`GRANT CREATE ON DATABASE "${url.pathname.slice(1)}" TO ${role}`);
      store = await openPostgresHostOrderStore({ connectionString, schema, clock: new ManualClock() });
      const log = capturingLogger();
      host = await startReferenceHost({ pluginDir: fakePayPluginDir, orderStore: store, settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({ apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl }), dataFile: null, clock: new ManualClock(), logger: log.logger, schedules: "manual" });
      // The role may no longer log in, and its open connections end: the next request needs a new connection.
      await sql.query(`ALTER ROLE ${role} NOLOGIN`);
      await sql.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [role]);
      // pg_terminate_backend only signals: wait until the backends are gone (each sent its FATAL message to the
      // store's idle connection before it left pg_stat_activity), then one more turn of the event loop, so the pool
      // has dropped them and the request below needs a new connection. Without the wait, a loaded machine let the
      // request take a dying connection and fail with another message.
      for (let tries = 0; ; tries++) {
        const { rows } = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1", [role]);
        if (rows[0]!.n === 0) break;
        if (tries === 100) throw new Error(`the role's ${rows[0]!.n} connections did not end within about 5 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 50));
      const answer = await fetch(`${host.url}/api/orders`);
      expect(answer.status).toBe(500);
      expect(await answer.text()).not.toContain(role);
      // The clerk's page for the same: a page in their language saying nothing changed, logged once too.
      const page = await fetch(`${host.url}/orders/ord-1?locale=sv`);
      const html = await page.text();
      expect([page.status, page.headers.get("content-type")]).toEqual([500, "text/html; charset=UTF-8"]);
      expect(/<p id="host-error" data-code="host-error">([^<]*)<\/p>/.exec(html)?.[1]).toBe(hostMessage("sv", "host-error"));
      expect(/<p id="page-error-change"[^>]*>([^<]*)<\/p>/.exec(html)?.[1]).toBe(uiMessage("sv", "failure-nothing-changed"));
      expect(html).not.toContain(role);
      const failed = log.lines().filter((line) => line.msg === "request failed");
      expect(failed).toHaveLength(2);
      expect(failed[0]).toMatchObject({ err: { message: 'role "[redacted]" is not permitted to log in' } });
      expect(failed[1]).toMatchObject({ path: "/orders/ord-1", err: { message: 'role "[redacted]" is not permitted to log in' } });
      expect(JSON.stringify(log.lines())).not.toContain(role);
      expect(inspect(await rejectionOf(store.get("ord-1")))).not.toContain(role);
    } finally {
      await host?.close();
      await store?.close();
      await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql.query(`DROP OWNED BY ${role}`).catch(() => {});
      await sql.query(`DROP ROLE IF EXISTS ${role}`);
      await sql.end();
    }
  });

  it("gives up on a database that accepts the connection but never answers, with an error instead of hanging", async () => {
    const silent = await startSilentTcpServer();
    try {
      const error = await rejectionOf(
        openPostgresHostOrderStore({ connectionString: `postgres://shop:Db-Pw-31337@127.0.0.1:${silent.port}/orders`, clock: new ManualClock(), connectTimeoutMs: 300 }),
      );
      expect((error as Error).message).toMatch(/timeout/i);
      expect((error as Error).message).not.toContain("Db-Pw-31337");
      expect(silent.accepted()).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it("fails a read or a write whose open connection stops answering (a partition) within its query timeout, instead of hanging the clerk's request", async () => {
    const url = await testDatabaseUrl();
    const target = new URL(url);
    const proxy = await startFreezableTcpProxy({ host: target.hostname, port: Number(target.port) });
    const schema = `host_part_${randomBytes(4).toString("hex")}`;
    const store = await openPostgresHostOrderStore({ connectionString: viaProxy(url, proxy), schema, clock: new ManualClock(), connectTimeoutMs: 500, queryTimeoutMs: 800 });
    const bounded = <T>(call: Promise<T>) =>
      Promise.race([call.then(() => "answered", (e: unknown) => e), new Promise((r) => setTimeout(() => r("still hanging after 5 s"), 5_000))]);
    try {
      await store.save(fakePayOrder("o-part-1"), []);
      proxy.freeze();
      const read = await bounded(store.get("o-part-1"));
      expect(read).toBeInstanceOf(Error);
      expect((read as Error).message).toMatch(/timeout/i);
      expect(`${(read as Error).message}\n${(read as Error).stack}`).not.toContain(target.password);
      const write = await bounded(store.save(fakePayOrder("o-part-2"), []));
      expect(write).toBeInstanceOf(Error);
      proxy.thaw();
      expect(await bounded(store.get("o-part-1"))).toBe("answered");
      expect(await store.get("o-part-2")).toBeUndefined();
    } finally {
      proxy.thaw();
      await proxy.close();
      await store.close();
      await dropSchema(url, schema);
    }
  });
});

describe.each([
  [
    "lowdb",
    async (clock: ManualClock) => {
      // One process owns the file: both "nodes" are the one store.
      const store = await openHostOrderStore({ file: null, clock });
      return { nodes: [store, store] as const, close: async () => {} };
    },
  ],
  [
    "PostgreSQL",
    async (clock: ManualClock) => {
      const schema = `host_lock_${randomBytes(4).toString("hex")}`;
      const url = await testDatabaseUrl();
      const a = await openPostgresHostOrderStore({ connectionString: url, schema, clock });
      const b = await openPostgresHostOrderStore({ connectionString: url, schema, clock });
      return { nodes: [a, b] as const, close: async () => void (await Promise.all([a.close(), b.close()])) };
    },
  ],
] as const)("the %s order book's order lock (saves and deletes of one order, on every node)", (_name, open) => {
  it("holds a second holder of the same order until the first ends, runs other orders meanwhile, and frees the lock when work fails", async () => {
    const { nodes, close } = await open(new ManualClock());
    const [a, b] = nodes;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    try {
      const events: string[] = [];
      let started!: () => void;
      const holding = new Promise<void>((r) => (started = r));
      const first = a.withOrderLock("o1", async () => {
        events.push("a:o1 start");
        started();
        await gate;
        events.push("a:o1 end");
        return "first";
      });
      await holding;
      const second = b.withOrderLock("o1", async () => {
        events.push("b:o1 start");
        return "second";
      });
      expect(await b.withOrderLock("o2", async () => (events.push("b:o2"), "other"))).toBe("other");
      // Long enough for a lock that did not hold to let the second holder in: it must still be waiting.
      await new Promise((r) => setTimeout(r, 150));
      expect(events).toEqual(["a:o1 start", "b:o2"]);
      release();
      expect(await Promise.all([first, second])).toEqual(["first", "second"]);
      expect(events).toEqual(["a:o1 start", "b:o2", "a:o1 end", "b:o1 start"]);

      await expect(a.withOrderLock("o1", () => Promise.reject(new Error("work failed")))).rejects.toThrow("work failed");
      expect(await b.withOrderLock("o1", async () => "after a failure")).toBe("after a failure");
    } finally {
      // A failed assertion must not leave the first holder (and its connection) waiting: closing would wait for it.
      release();
      await close();
    }
  });
});

describe("the PostgreSQL order book's order lock when its database session fails", () => {
  const ORDER_LOCK_CLASS = 0x53_76_48_6f;

  /** Ends the session holding the order's lock, as a restart, a failover or an administrator would, and waits until it is gone. */
  async function endLockSession(admin: pg.Client, schema: string, orderId: string): Promise<void> {
    const lockOf = `FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2`;
    const { rows } = await admin.query<{ pid: number }>(`SELECT pid ${lockOf}`, [ORDER_LOCK_CLASS, `${schema}:${orderId}`]);
    expect(rows).toHaveLength(1);
    await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    for (let tries = 0; (await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [rows[0]!.pid])).rowCount !== 0; tries++) {
      if (tries === 100) throw new Error("the lock's session did not end within about 5 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Node A's save: holds the order's lock until `release`, then writes the order again; `late()` is that write's outcome. */
  function holdingSave(store: PostgresHostOrderStore, orderId: string) {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const holding = new Promise<void>((r) => (entered = r));
    let late: unknown = "not tried";
    const done = store.withOrderLock(orderId, async () => {
      entered();
      await gate;
      late = await store.save(fakePayOrder(orderId, { number: "written-after-the-lock-was-lost" }), []).then(() => "written", (error: unknown) => error);
      return "a done";
    });
    return { holding, release, done, late: () => late };
  }

  it("survives the lock's session ending while held: no crash, the holder's later writes are refused and its work answered order-lock-lost, the next node's save stands", async () => {
    const url = await testDatabaseUrl();
    const schema = `host_lost_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    const a = await openPostgresHostOrderStore({ connectionString: url, schema, clock: new ManualClock() });
    const b = await openPostgresHostOrderStore({ connectionString: url, schema, clock: new ManualClock() });
    const first = holdingSave(a, "o1");
    try {
      await first.holding;
      await endLockSession(admin, schema, "o1");
      // The lock went with its session: another node gets the order and saves it.
      await b.withOrderLock("o1", async () => void (await b.save(fakePayOrder("o1", { number: "200" }), [])));
      first.release();
      expect(await rejectionOf(first.done)).toMatchObject({ name: "HostOrderLockError", code: "order-lock-lost", orderId: "o1" });
      expect(first.late()).toMatchObject({ name: "HostOrderLockError", code: "order-lock-lost" });
      expect((await b.get("o1"))?.order.number).toBe("200");
      expect(uncaught).toEqual([]);
      // The order's lock works on both nodes afterwards.
      expect(await a.withOrderLock("o1", async () => "a again")).toBe("a again");
      expect(await b.withOrderLock("o1", async () => "b again")).toBe("b again");
    } finally {
      first.release();
      process.off("uncaughtException", onUncaught);
      await Promise.all([a.close(), b.close()]);
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });

  it("refuses a write whose own transaction finds the lock gone, before the holder's client has heard its session end (a cut connection)", async () => {
    const url = await testDatabaseUrl();
    const schema = `host_fence_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const proxy = await startFreezableTcpProxy({ host: new URL(url).hostname, port: Number(new URL(url).port) });
    const a = await openPostgresHostOrderStore({ connectionString: viaProxy(url, proxy), schema, clock: new ManualClock() });
    const first = holdingSave(a, "o1");
    try {
      await first.holding;
      // Only the lock's connection is cut (the one opened last): its session's end never reaches the holder's client.
      proxy.freeze("last");
      await endLockSession(admin, schema, "o1");
      first.release();
      expect(await rejectionOf(first.done)).toMatchObject({ name: "HostOrderLockError", code: "order-lock-lost" });
      expect(first.late()).toMatchObject({ name: "HostOrderLockError", code: "order-lock-lost" });
      expect(await a.get("o1")).toBeUndefined();
    } finally {
      first.release();
      await proxy.close();
      await a.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });

  it("ends the wait for another node's hold after lockWaitMs with order-busy, also when that node vanished without closing its connection", async () => {
    const url = await testDatabaseUrl();
    const schema = `host_busy_${randomBytes(4).toString("hex")}`;
    const proxy = await startFreezableTcpProxy({ host: new URL(url).hostname, port: Number(new URL(url).port) });
    const a = await openPostgresHostOrderStore({ connectionString: viaProxy(url, proxy), schema, clock: new ManualClock() });
    const b = await openPostgresHostOrderStore({ connectionString: url, schema, clock: new ManualClock(), lockWaitMs: 300 });
    const first = holdingSave(a, "o1");
    try {
      await first.holding;
      // Node A's machine is gone: no FIN, no RST (power loss, a VM killed, a cut cable); its session holds the lock on.
      proxy.freeze();
      const started = performance.now();
      const waited = await Promise.race([
        rejectionOf(b.withOrderLock("o1", async () => "node B saved")),
        new Promise((r) => setTimeout(() => r("node B still waiting after 5 s"), 5_000)),
      ]);
      expect(waited).toMatchObject({ name: "HostOrderLockError", code: "order-busy", orderId: "o1" });
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      // Node A's connections end (its machine's sockets are gone): its lock goes with its session, and B gets the order.
      await proxy.close();
      first.release();
      await first.done.catch(() => {});
      for (let tries = 0; ; tries++) {
        const taken = await b.withOrderLock("o1", async () => "node B saved").catch((error: unknown) => error);
        if (taken === "node B saved") break;
        expect(taken).toMatchObject({ code: "order-busy" });
        if (tries === 10) throw new Error("node B never got the lock after node A's session ended");
      }
    } finally {
      first.release();
      await proxy.close();
      await Promise.all([a.close(), b.close()]);
      await dropSchema(url, schema);
    }
  });
});
