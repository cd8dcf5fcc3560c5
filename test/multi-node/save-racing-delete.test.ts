// Two reference-host nodes on one PostgreSQL order book: a clerk's save on one node racing another clerk's delete of the
// same order on the other node. The order must end as the delete told its clerk: deleted, with nothing payable at Svea.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresHostOrderStore, type PostgresHostOrderStore } from "../../host/postgres-host-order-store.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";
import { orderFor, pluginSettingsFor } from "../e2e/story-harness.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../support/postgres-test-database.js";

const schemas: string[] = [];
let databaseUrl: string | undefined;
afterAll(async () => {
  if (databaseUrl) for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

async function startNodes(mock: MockSveaServer, url: string): Promise<{ nodes: ReferenceHost[]; stores: PostgresHostOrderStore[] }> {
  const pluginSchema = freshSchema("race_plugin");
  const hostSchema = freshSchema("race_host");
  schemas.push(pluginSchema, hostSchema);
  const callbackKey = randomBytes(32).toString("base64url");
  const stores: PostgresHostOrderStore[] = [];
  const nodes: ReferenceHost[] = [];
  for (let i = 0; i < 2; i++) {
    const store = await openPostgresHostOrderStore({ connectionString: url, schema: hostSchema, clock: mock.deps.clock });
    stores.push(store);
    nodes.push(
      await startReferenceHost({
        pluginDir: repoRoot,
        orderStore: store,
        logLevel: "silent",
        schedules: "manual",
        settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({
          ...pluginSettingsFor(mock, pluginBaseUrl, callbackKey),
          postgres: { connectionString: url, schema: pluginSchema },
        }),
      }),
    );
  }
  return { nodes, stores };
}

const clerk = async (node: ReferenceHost, method: "PUT" | "DELETE", order: HostOrder) => {
  const res = await fetch(`${node.url}/api/orders/${order.id}?locale=en`, {
    method,
    headers: { "content-type": "application/json" },
    ...(method === "PUT" ? { body: JSON.stringify(order) } : {}),
  });
  return { status: res.status, body: (await res.json()) as { accepted?: boolean; code?: string } };
};

describe("two host nodes on one PostgreSQL order book", () => {
  it("a save arriving on one node while the other deletes the order waits for the delete, then is refused: the order stays deleted, nothing payable", async () => {
    await ensurePluginBuilt();
    databaseUrl = await testDatabaseUrl();
    const mock = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false, enforcePollInterval: false });
    const { nodes, stores } = await startNodes(mock, databaseUrl);
    try {
      const [a, b] = nodes as [ReferenceHost, ReferenceHost];
      const order = orderFor("race-1");
      expect((await clerk(a, "PUT", order)).status).toBe(201);
      const first = mock.deps.repo.list({ orderStatus: "Active" }).map((o) => o.merchantOrderNumber);
      expect(first).toHaveLength(1);

      // Svea is slow to cancel: node B's delete holds the order (the plugin's lease) while node A's save arrives.
      expect((await fetch(`${mock.adminUrl}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "delay", endpoint: "cancel", delayMs: 800 }) })).status).toBe(201);
      const deleting = clerk(b, "DELETE", order);
      const statusRead = () => mock.deps.requests.list().some((r) => r.method === "GET" && r.path.includes(first[0]!));
      for (let i = 0; i < 300 && !statusRead(); i++) await new Promise((r) => setTimeout(r, 5));
      expect(statusRead()).toBe(true);
      const changed = orderFor("race-1", { rows: [{ ...order.rows[0]!, quantity: "3" }, order.rows[1]!], total: "356.10" });
      const saving = clerk(a, "PUT", changed);
      const [deleted, saved] = await Promise.all([deleting, saving]);

      expect(deleted.status).toBe(200);
      expect(deleted.body.accepted).toBe(true);
      // The save ran after the delete, on its own node, and found the order deleted.
      expect(saved.status).toBe(409);
      expect(saved.body.code).toBe("order-deleted");
      for (const store of stores) expect((await store.get("race-1"))?.deletedAt).toEqual(expect.any(String));
      // No second link was created (no second SMS), and nothing is payable at Svea.
      expect(mock.deps.repo.list({}).map((o) => o.merchantOrderNumber)).toEqual(first);
      expect(mock.deps.repo.list({ orderStatus: "Active" })).toEqual([]);
    } finally {
      for (const node of nodes) await node.close();
      for (const store of stores) await store.close();
      await mock.close();
    }
  }, 60_000);
});
