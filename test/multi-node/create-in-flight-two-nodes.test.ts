// Two plugin nodes on one PostgreSQL schema: node A's create is still held at Svea when A stalls past its lease and
// node B saves the same order. B must not issue a second link beside A's: it sends the create again under A's number,
// so whichever reaches Svea first is the one order, and A's late answer is never written over B's.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { createPluginRuntime, type PluginRuntime } from "../../plugin/plugin-runtime.js";
import { createPostgresPluginStore } from "../../plugin/store/index.js";
import { reconcile } from "../../plugin/use-cases/index.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { CapturingLogger, RecordingOrders, hostOrder, testSettings } from "../plugin/support/plugin-test-kit.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../support/postgres-test-database.js";

const schemas: string[] = [];
let databaseUrl: string | undefined;
afterAll(async () => {
  if (databaseUrl) for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

describe("a create still in flight from another node", () => {
  it("node B saves while Svea holds node A's create and A's lease has run out: B sends it under A's number, Svea refuses A's when it comes, one order, A's answer is refused", async () => {
    databaseUrl = await testDatabaseUrl();
    const schema = freshSchema("in_flight");
    schemas.push(schema);
    const svea = new FakeSvea();
    const orders = new RecordingOrders();
    const clock = new ManualClock();
    const nodes: PluginRuntime[] = [];
    // Leases long enough that no renewal runs during the test: A's expiry is set in the database below.
    for (const holder of ["node-a", "node-b"]) {
      const store = createPostgresPluginStore({ connectionString: databaseUrl, schema, poolSize: 3, holder, leaseMs: 600_000 });
      nodes.push(await createPluginRuntime({ settings: testSettings(), logger: new CapturingLogger(), clock, orders }, { svea, store }));
    }
    const [a, b] = nodes as [PluginRuntime, PluginRuntime];
    try {
      const order = hostOrder();
      orders.orders.set(order.id, order);
      // Svea holds A's create until the test lets it go.
      let letGo!: () => void;
      const held = new Promise<void>((resolve) => (letGo = resolve));
      let arrived!: (merchantOrderNumber: string) => void;
      const arrival = new Promise<string>((resolve) => (arrived = resolve));
      svea.beforeCreateStores = async (merchantOrderNumber) => {
        svea.beforeCreateStores = undefined;
        arrived(merchantOrderNumber);
        await held;
      };
      const saveOnA = a.instance.hooks["order.save"]({ order, locale: "en" });
      const first = await arrival;
      // A stalls past its lease (judged by the database's clock): B may take the order.
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const expired = await client.query(`UPDATE "${schema}".order_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE order_id = $1`, [order.id]);
        expect(expired.rowCount).toBe(1);
      } finally {
        await client.end();
      }
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
      for (const node of nodes) await node.instance.deactivate();
    }
  });
});
