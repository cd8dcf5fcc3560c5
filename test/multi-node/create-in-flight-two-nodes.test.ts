// Two plugin nodes on one PostgreSQL schema: node A's create is still held at Svea when A stalls past its lease and
// node B saves the same order. B must not issue a second link beside A's: it sends the create again under A's number,
// so whichever reaches Svea first is the one order, and A's late answer is never written over B's. And a create A
// sent again under its own number stays tracked (by when it was sent again) when B deletes the order.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { createPluginRuntime, type PluginRuntime } from "../../plugin/plugin-runtime.js";
import { createPostgresPluginStore } from "../../plugin/store/index.js";
import { SveaUnavailableError } from "../../plugin/svea-client/index.js";
import { reconcile } from "../../plugin/use-cases/index.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { CapturingLogger, RecordingOrders, hostOrder, testSettings } from "../plugin/support/plugin-test-kit.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../support/postgres-test-database.js";

const schemas: string[] = [];
let databaseUrl: string | undefined;
afterAll(async () => {
  if (databaseUrl) for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

/** Two plugin nodes on a fresh schema, one FakeSvea and one host between them, and a way to stall a node past its lease. */
async function twoNodes() {
  databaseUrl = await testDatabaseUrl();
  const url = databaseUrl;
  const schema = freshSchema("in_flight");
  schemas.push(schema);
  const svea = new FakeSvea();
  const orders = new RecordingOrders();
  const clock = new ManualClock();
  const nodes: PluginRuntime[] = [];
  // Leases long enough that no renewal runs during the test: A's expiry is set in the database below.
  for (const holder of ["node-a", "node-b"]) {
    const store = createPostgresPluginStore({ connectionString: url, schema, poolSize: 3, holder, leaseMs: 600_000 });
    nodes.push(await createPluginRuntime({ settings: testSettings(), logger: new CapturingLogger(), clock, orders }, { svea, store }));
  }
  const [a, b] = nodes as [PluginRuntime, PluginRuntime];
  /** Svea holds the next create until `letGo`; `arrival` is its number once it reached Svea. */
  const held: (() => void)[] = [];
  const holdNextCreate = () => {
    let letGo!: () => void;
    const holding = new Promise<void>((resolve) => held.push((letGo = resolve)));
    let arrived!: (merchantOrderNumber: string) => void;
    const arrival = new Promise<string>((resolve) => (arrived = resolve));
    svea.beforeCreateStores = async (merchantOrderNumber) => {
      svea.beforeCreateStores = undefined;
      arrived(merchantOrderNumber);
      await holding;
    };
    return { arrival, letGo };
  };
  /** The node holding the order stalls past its lease (judged by the database's clock): another node may take it. */
  const leaseRunsOut = async (orderId: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const expired = await client.query(`UPDATE "${schema}".order_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE order_id = $1`, [orderId]);
      expect(expired.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  };
  /** Lets a held create go (a failed assertion must not leave a node's save waiting for it) and stops both nodes. */
  const close = async () => {
    svea.beforeCreateStores = undefined;
    for (const release of held) release();
    for (const node of nodes) await node.instance.deactivate();
  };
  return { svea, orders, clock, a, b, holdNextCreate, leaseRunsOut, close };
}

describe("a create still in flight from another node", () => {
  it("node B saves while Svea holds node A's create and A's lease has run out: B sends it under A's number, Svea refuses A's when it comes, one order, A's answer is refused", async () => {
    const { svea, orders, a, b, holdNextCreate, leaseRunsOut, close } = await twoNodes();
    try {
      const order = hostOrder();
      orders.orders.set(order.id, order);
      // Svea holds A's create until the test lets it go.
      const { arrival, letGo } = holdNextCreate();
      const saveOnA = a.instance.hooks["order.save"]({ order, locale: "en" });
      const first = await arrival;
      await leaseRunsOut(order.id);
      const savedOnB = await b.instance.hooks["order.save"]({ order, locale: "en" });
      expect(savedOnB).toMatchObject({ accepted: true, paymentView: { state: "waiting", links: [{ merchantOrderNumber: first, state: "waiting" }] } });
      expect(svea.active()).toEqual([first]);

      // Svea gets to A's create: the number is taken (409), and A's answer may not overwrite B's record.
      letGo();
      const savedOnA = await saveOnA;
      expect(savedOnA.accepted ? [] : savedOnA.errors.map((e) => e.code)).toEqual(["order-taken-over"]);
      expect(svea.calls.filter((c) => c.kind === "create").map((c) => c.merchantOrderNumber)).toEqual([first, first]);
      expect(svea.active()).toEqual([first]);
      expect(await reconcile(b.deps)).toMatchObject({ extraLinksCancelled: 0, errors: 0 });
      const record = await b.deps.store.getOrder(order.id);
      expect(record?.links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([[first, "waiting"]]);
      expect(record?.intents.filter((i) => i.completedAt === null && i.abandonedAt === null)).toEqual([]);
      expect(svea.active()).toEqual([first]);
    } finally {
      await close();
    }
  });

  it("node A sends a timed-out create again 9 minutes on and stalls while Svea holds it; node B deletes the order 2 minutes later: the create is still tracked, and cancelled when it lands", async () => {
    const { svea, orders, clock, a, b, holdNextCreate, leaseRunsOut, close } = await twoNodes();
    try {
      const order = hostOrder();
      orders.orders.set(order.id, order);
      svea.failNextCreate = new SveaUnavailableError("timeout", { outcomeUnknown: true });
      expect(await a.instance.hooks["order.save"]({ order, locale: "en" })).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
      // Inside the first create's window the clerk saves again: A sends it under its own number, and Svea holds it.
      clock.advance(9 * 60_000);
      const { arrival, letGo } = holdNextCreate();
      const resaveOnA = a.instance.hooks["order.save"]({ order, locale: "en" });
      const lost = await arrival;
      await leaseRunsOut(order.id);
      // Past the first create's window, well inside the second's: Svea does not have it yet (404) as B deletes.
      clock.advance(2 * 60_000);
      expect(await b.instance.hooks["order.delete"]({ order, locale: "en" })).toMatchObject({ accepted: true });
      const open = (await b.deps.store.getOrder(order.id))?.intents.filter((i) => i.completedAt === null && i.abandonedAt === null);
      expect(open?.map((i) => [i.kind, i.merchantOrderNumber])).toContainEqual(["create", lost]);

      // Svea stores A's create (Active: the customer has the SMS); A's answer is refused; B's reconcile cancels it.
      letGo();
      const resavedOnA = await resaveOnA;
      expect(resavedOnA.accepted ? [] : resavedOnA.errors.map((e) => e.code)).toEqual(["order-taken-over"]);
      expect(svea.active()).toEqual([lost]);
      await reconcile(b.deps);
      expect(svea.active()).toEqual([]);
      expect((await b.deps.store.getOrder(order.id))?.links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([[lost, "cancelled"]]);
    } finally {
      await close();
    }
  });
});
