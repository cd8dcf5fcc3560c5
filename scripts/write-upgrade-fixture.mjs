// Writes an upgrade fixture: runs an EARLIER, built checkout of this repository (its mock Svea and reference host with
// the plugin, in this process, on a ManualClock) through a spread of payment states, and leaves the data files that
// version wrote in --out, for test/upgrade/upgrade-fixtures.test.ts to read with the current code. See README
// "Upgrades: data earlier versions wrote".
//
//   node scripts/write-upgrade-fixture.mjs --root <earlier checkout, built> --out <dir> --layout <layout> [--database-url <url>]
//
// Layouts: embedded (the plugin's own store under plugin/, closed cleanly: a snapshot), embedded-crash (the same, the
// process gone without closing: journal segments, a stale lock and a create in flight), lent (the plugin's documents in
// the host's host-orders.json, as `npm start` keeps them), postgres (the plugin's and the host's stores in PostgreSQL,
// written to postgres.sql; --database-url names an empty database, or one without the svea_instore and reference_host
// schemas, which this creates and drops again).
//
// Plain JavaScript on purpose: it imports the earlier version's compiled dist/, whose types are not this version's.
// Only the demo merchant and a key made for the fixture are used: nothing in the output is a shop's secret.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { root: { type: "string" }, out: { type: "string" }, layout: { type: "string" }, "database-url": { type: "string" } },
});
const LAYOUTS = ["embedded", "embedded-crash", "lent", "postgres"];
if (!args.root || !args.out || !LAYOUTS.includes(args.layout ?? "")) {
  process.stderr.write(`usage: node scripts/write-upgrade-fixture.mjs --root <earlier checkout> --out <dir> --layout ${LAYOUTS.join("|")} [--database-url <url>]\n`);
  process.exit(2);
}
const root = resolve(args.root);
const out = resolve(args.out);
const layout = args.layout;
const databaseUrl = args["database-url"] ?? process.env.DATABASE_URL;
if (layout === "postgres" && !databaseUrl) {
  process.stderr.write("the postgres layout needs --database-url (or DATABASE_URL)\n");
  process.exit(2);
}
if (existsSync(out) && readdirSync(out).length > 0) {
  process.stderr.write(`${out} is not empty\n`);
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const dist = (path) => import(pathToFileURL(join(root, "dist", path)).href);
const { ManualClock } = await dist("common/clock.js");
const { startMockSvea } = await dist("mock-svea/index.js");
const { startReferenceHost } = await dist("host/reference-host.js");
const manifest = JSON.parse(readFileSync(join(root, "plugin.manifest.json"), "utf8"));
const afterPayment = manifest.hooks.includes("order.credit");

/** The fixture's own callback key (random-looking, as the current settings demand), never a shop's. */
const CALLBACK_KEY = "upgradeFixtureKey-Zq3vN8xW2pLk7RtY5mHc9JdF4sGb6AeU";
const STARTED_AT = Date.UTC(2026, 10, 28, 9, 0, 0);
const clock = new ManualClock(STARTED_AT);

const mock = await startMockSvea({ port: 0, dataFile: join(out, "mock-svea.json"), clock, sweepSchedule: false, logger: false });
let orderStore;
if (layout === "postgres") {
  const { openPostgresHostOrderStore } = await dist("host/postgres-host-order-store.js");
  await psql("DROP SCHEMA IF EXISTS svea_instore CASCADE; DROP SCHEMA IF EXISTS reference_host CASCADE;");
  orderStore = await openPostgresHostOrderStore({ connectionString: databaseUrl, clock });
}
writeFileSync(join(out, "callback-key"), `${CALLBACK_KEY}\n`, { mode: 0o600 });
const host = await startReferenceHost({
  pluginDir: root,
  port: 0,
  dataFile: layout === "postgres" ? null : join(out, "host-orders.json"),
  ...(orderStore ? { orderStore } : {}),
  lendStorage: layout === "lent",
  pluginDataDir: join(out, "plugin"),
  clock,
  schedules: "manual",
  logLevel: "silent",
  settings: ({ url, pluginBaseUrl }) => ({
    merchantId: mock.merchant.id,
    password: mock.merchant.password,
    environment: mock.url,
    termsUri: `${url}/terms`,
    publicBaseUrl: pluginBaseUrl,
    callbackKey: CALLBACK_KEY,
    ...(mock.merchant.paymentAdmin ? { paymentAdmin: { ...mock.merchant.paymentAdmin } } : {}),
    ...(layout === "postgres" ? { postgres: { connectionString: databaseUrl } } : {}),
  }),
});

// A host whose order book refuses the payment state of these orders: the plugin holds a payment the host never took.
const refusedByHost = new Set();
const setPaymentState = host.store.setPaymentState.bind(host.store);
host.store.setPaymentState = async (update) => {
  if (refusedByHost.has(update.orderId)) throw new Error("upgrade fixture: the host's order book refused this update");
  return setPaymentState(update);
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}
const api = (method, path, body) => call(`${host.url}/api`, method, path, body);
const admin = (method, path, body) => call(`${mock.url}/__admin`, method, path, body);
const merchant = mock.merchant.id;

/** Runs a clerk call while moving the clock a second at a time whenever it waits (client back-off, save deadline). */
async function ticking(work) {
  let done = false;
  const watched = work.finally(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) {
    await sleep(20);
    if (!done && clock.pending > 0) clock.advance(1000);
  }
  return watched;
}
function advance(ms) {
  clock.advance(ms);
  return sleep(20);
}

const template = JSON.parse(readFileSync(join(root, "fixtures/host/instore-order.json"), "utf8"));
let orderNumber = 7000;
const orderFor = (id, patch = {}) => ({ ...structuredClone(template), id, number: String(++orderNumber), ...patch });
const changed = (order) => {
  const next = structuredClone(order);
  next.rows[0].quantity = "3";
  next.total = "356.10";
  return next;
};
const saved = new Map();
async function save(id, order = orderFor(id)) {
  saved.set(id, order);
  const result = await ticking(api("PUT", `/orders/${id}`, order));
  if (result.status >= 300) throw new Error(`save ${id}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.paymentView.links.at(-1).merchantOrderNumber;
}
async function until(id, state) {
  for (let i = 0; i < 200; i++) {
    if ((await api("GET", `/orders/${id}`)).body?.paymentView?.state === state) return;
    if (clock.pending > 0) clock.advance(1000);
    await sleep(20);
  }
  throw new Error(`${id} never became ${state}`);
}
async function withFault(fault, work) {
  const armed = await admin("POST", "/faults", { count: 5, ...fault });
  if (armed.status !== 201) throw new Error(`fault ${JSON.stringify(fault)}: ${armed.status}`);
  try {
    return await work();
  } finally {
    await admin("DELETE", "/faults");
  }
}
async function paid(id, paymentMethod = "invoice") {
  const mon = await save(id);
  const done = await admin("POST", `/orders/${merchant}/${mon}/complete`, { paymentMethod });
  if (done.status !== 200) throw new Error(`complete ${id}: ${done.status}`);
  await until(id, "paid");
}

// Each state the fixture holds, made the way a shop's clerk and customer (and Svea's faults) make it. The crash layout
// holds a few, for its journal's sake; the others hold all.
const steps = {
  // Expired first: every order after it is made after the clock moved past its link's lifetime.
  "ord-expired": async () => {
    await save("ord-expired");
    await advance(49 * 3_600_000);
    await admin("POST", "/sweep");
    await api("POST", "/commands/expire-links", {});
  },
  "ord-wait": () => save("ord-wait"),
  "ord-wait2": async () => {
    await save("ord-wait2");
    await advance(10_000);
  },
  "ord-paid": () => paid("ord-paid"),
  "ord-paid-card": () => paid("ord-paid-card", "card"),
  // Two links: the first replaced by a re-save with a change, the second paid.
  "ord-replaced": async () => {
    await save("ord-replaced");
    await advance(10_000);
    const replacedBy = await save("ord-replaced", changed(saved.get("ord-replaced")));
    await admin("POST", `/orders/${merchant}/${replacedBy}/complete`, {});
    await until("ord-replaced", "paid");
  },
  "ord-declined": async () => {
    const declined = await save("ord-declined");
    await admin("POST", `/orders/${merchant}/${declined}/decline`, {});
    await until("ord-declined", "cancelled");
  },
  "ord-deleted": async () => {
    await save("ord-deleted");
    await advance(10_000);
    await ticking(api("DELETE", "/orders/ord-deleted"));
  },
  // Paid, but the host's order book refused the report.
  "ord-untold": async () => {
    refusedByHost.add("ord-untold");
    const untold = await save("ord-untold");
    await admin("POST", `/orders/${merchant}/${untold}/complete`, {});
    await sleep(300);
  },
  // Paid at Svea, its callback never sent.
  "ord-lost-callback": async () => {
    const lostCallback = await save("ord-lost-callback");
    await admin("POST", "/faults", { kind: "callback-suppressed", merchantOrderNumber: lostCallback });
    await admin("POST", `/orders/${merchant}/${lostCallback}/complete`, {});
  },
  // Creates whose outcome is unknown: Svea answered 503 (nothing stored), the answer was lost after Svea stored it,
  // Svea did not answer within the save's deadline.
  "ord-create-503": () => withFault({ kind: "http-status", endpoint: "create", status: 503 }, () => save("ord-create-503")),
  "ord-create-dropped": () => withFault({ kind: "drop-connection", endpoint: "create", afterStore: true }, () => save("ord-create-dropped")),
  "ord-create-timeout": () => withFault({ kind: "delay", endpoint: "create", delayMs: 600_000, count: 1 }, () => save("ord-create-timeout")),
  // A re-save whose new create Svea answered 503 (the old link cancelled), and a delete whose cancel Svea answered 503.
  "ord-reissue-503": async () => {
    await save("ord-reissue-503");
    await advance(10_000);
    await withFault({ kind: "http-status", endpoint: "create", status: 503 }, () => save("ord-reissue-503", changed(saved.get("ord-reissue-503"))));
  },
  "ord-delete-503": async () => {
    await save("ord-delete-503");
    await advance(10_000);
    await withFault({ kind: "http-status", endpoint: "cancel", status: 503 }, () => ticking(api("DELETE", "/orders/ord-delete-503")));
  },
  ...(afterPayment
    ? {
        "ord-credited": async () => {
          await paid("ord-credited");
          await ticking(api("POST", "/orders/ord-credited/credit", { amount: "50.00", vatPercent: "25" }));
        },
        "ord-credited-full": async () => {
          await paid("ord-credited-full");
          await ticking(api("POST", "/orders/ord-credited-full/credit", { rows: [{ row: 0 }, { row: 1 }] }));
        },
        "ord-annulled": async () => {
          await paid("ord-annulled");
          await ticking(api("POST", "/orders/ord-annulled/annul", { confirm: true }));
        },
        // After-payment calls whose answer was lost: Svea stored the credit (and the annulment), or answered 503.
        "ord-credit-lost": async () => {
          await paid("ord-credit-lost");
          await withFault({ kind: "drop-connection", endpoint: "return", afterStore: true }, () =>
            ticking(api("POST", "/orders/ord-credit-lost/credit", { amount: "20.00", vatPercent: "25" })),
          );
        },
        "ord-credit-503": async () => {
          await paid("ord-credit-503");
          await withFault({ kind: "http-status", endpoint: "return", status: 503 }, () =>
            ticking(api("POST", "/orders/ord-credit-503/credit", { amount: "20.00", vatPercent: "25" })),
          );
        },
        "ord-annul-lost": async () => {
          await paid("ord-annul-lost");
          await withFault({ kind: "drop-connection", endpoint: "return", afterStore: true }, () =>
            ticking(api("POST", "/orders/ord-annul-lost/annul", { confirm: true })),
          );
        },
      }
    : {}),
};
/** Firings a version that claims each schedule firing once (hostApi 1.1) has claimed: the current one must not run them again. */
const claimedFirings = [];
async function fireSchedules() {
  for (const schedule of ["reconcile", "expire-links"]) {
    const firing = { firingAt: clock.now() - (clock.now() % 900_000) };
    await host.schedules.run(schedule, firing);
    const again = await host.schedules.run(schedule, firing);
    if (again.result?.data?.result === "already-run") claimedFirings.push({ schedule, firingAt: firing.firingAt });
  }
}
const CRASH_STEPS = ["ord-wait", "ord-paid", "ord-untold", "ord-create-dropped", "ord-credit-lost"];
await fireSchedules();
for (const [name, step] of Object.entries(steps)) if (layout !== "embedded-crash" || CRASH_STEPS.includes(name)) await step();

// An order paid another way: the plugin has nothing to say about it.
await api("PUT", "/orders/ord-cash", orderFor("ord-cash", { paymentMethod: "cash" }));

if (layout === "embedded-crash") {
  // A create in flight when the process dies: its intent is written, Svea never stores it.
  await admin("POST", "/faults", { kind: "delay", endpoint: "create", delayMs: 600_000 });
  void api("PUT", "/orders/ord-create-in-flight", orderFor("ord-create-in-flight")).catch(() => {});
  await sleep(300);
}

// What this version showed: the test holds the current version's reading to it.
const orders = (await api("GET", "/orders")).body;
const picking = (await api("GET", "/picking-list")).body;
const atSvea = (await admin("GET", `/orders?merchantId=${merchant}&limit=1000`)).body;
const view = {
  writtenBy: { commit: execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim(), version: manifest.version, layout },
  stoppedAt: clock.now(),
  orders: (orders.orders ?? orders).map(({ order, payment, deletedAt, paymentView }) => ({
    id: order.id,
    total: order.total,
    deleted: deletedAt !== null && deletedAt !== undefined,
    host: payment ? { state: payment.state, sveaReference: payment.sveaReference ?? null } : null,
    plugin: paymentView
      ? {
          state: paymentView.state,
          sveaReference: paymentView.sveaReference ?? null,
          links: paymentView.links.map((l) => ({ merchantOrderNumber: l.merchantOrderNumber, state: l.state, paymentOrderId: l.paymentOrderId ?? null })),
          ...(paymentView.afterPayment ? { paidAmount: paymentView.afterPayment.paidAmount, creditedAmount: paymentView.afterPayment.creditedAmount } : {}),
        }
      : null,
  })),
  pickable: picking.pickable.map((o) => o.id),
  claimedFirings,
  svea: atSvea.orders
    .map((o) => ({
      merchantOrderNumber: o.merchantOrderNumber,
      orderStatus: o.orderStatus,
      paymentOrderId: o.paymentOrderId ?? null,
      creditedMinor: String((o.credits ?? []).reduce((sum, c) => sum + BigInt(c.amountMinor ?? 0), 0n)),
    }))
    .sort((a, b) => a.merchantOrderNumber.localeCompare(b.merchantOrderNumber)),
};
// One order per line: small, and a refresh's diff reads order by order.
const lines = (list) => list.map((item) => `    ${JSON.stringify(item)}`).join(",\n");
writeFileSync(
  join(out, "old-view.json"),
  `{\n  "writtenBy": ${JSON.stringify(view.writtenBy)},\n  "stoppedAt": ${view.stoppedAt},\n  "orders": [\n${lines(view.orders)}\n  ],\n  "pickable": ${JSON.stringify(view.pickable)},\n  "claimedFirings": ${JSON.stringify(view.claimedFirings)},\n  "svea": [\n${lines(view.svea)}\n  ]\n}\n`,
);

if (layout === "embedded-crash") process.exit(0);
await host.close();
await mock.close();
if (orderStore) {
  await orderStore.close();
  writeFileSync(join(out, "postgres.sql"), pgDump());
  await psql("DROP SCHEMA svea_instore CASCADE; DROP SCHEMA reference_host CASCADE;");
}
if (layout !== "embedded") rmSync(join(out, "plugin"), { recursive: true, force: true });

function pgBin(name) {
  const dirs = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(a) - Number(b)) : [];
  const found = dirs.map((v) => `/usr/lib/postgresql/${v}/bin/${name}`).filter((p) => existsSync(p)).at(-1);
  return found ?? name;
}
async function psql(sql) {
  execFileSync(pgBin("psql"), ["-q", "-v", "ON_ERROR_STOP=1", databaseUrl, "-c", sql], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" },
  });
}
/** The two schemas as plain SQL statements (INSERTs, no COPY, no session settings), for node-pg to replay. */
function pgDump() {
  const text = execFileSync(
    pgBin("pg_dump"),
    ["--no-owner", "--no-privileges", "--no-comments", "--inserts", "--schema=svea_instore", "--schema=reference_host", databaseUrl],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return `${text
    .split("\n")
    .filter((line) => !/^(SET |SELECT pg_catalog\.set_config|--|\\)/.test(line) && line.trim() !== "")
    .join("\n")}\n`;
}
