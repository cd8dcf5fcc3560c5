// Three reference-host processes share one real PostgreSQL and one mock Svea; the same orders are worked on all of them at once.
import { afterAll, describe, expect, it } from "vitest";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../support/postgres-test-database.js";
import { MULTI_NODE_INVARIANTS, runMultiNode } from "./multi-node-run.js";

// Small in `npm test`; `npm run test:multi-node` runs more orders (MULTI_NODE_ORDERS, MULTI_NODE_SEED).
const ORDERS = Number(process.env.MULTI_NODE_ORDERS ?? 8);
const SEED = Number(process.env.MULTI_NODE_SEED ?? 20261201);

describe("three host nodes on one PostgreSQL", () => {
  const schemas: string[] = [];
  let databaseUrl: string | undefined;
  afterAll(async () => {
    if (databaseUrl) for (const schema of schemas) await dropSchema(databaseUrl, schema);
  });

  it(`keeps every invariant with saves, deletes and callbacks of ${ORDERS} orders spread over the nodes (seed ${SEED})`, async () => {
    await ensurePluginBuilt();
    databaseUrl = await testDatabaseUrl();
    const pluginSchema = freshSchema("mn_plugin");
    const hostSchema = freshSchema("mn_host");
    schemas.push(pluginSchema, hostSchema);
    const report = await runMultiNode({ databaseUrl, repoRoot, orders: ORDERS, seed: SEED, nodes: 3, pluginSchema, hostSchema });

    expect(report.violations, JSON.stringify(report.violations, null, 2)).toEqual([]);
    expect(report.nodeErrors).toEqual([]);
    // The run exercised what the invariants speak of: every node served, callbacks were processed, orders were paid,
    // and each firing ran on exactly one of three nodes.
    expect(report.requestsPerNode).toHaveLength(3);
    for (const served of report.requestsPerNode) expect(served).toBeGreaterThan(0);
    expect(report.callbacksProcessed).toBeGreaterThan(0);
    expect(report.paid).toBeGreaterThan(0);
    expect(report.deletesAccepted).toBeGreaterThan(0);
    expect(report.scheduleRuns.map((r) => [r.ran, r.skipped])).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(MULTI_NODE_INVARIANTS).toHaveLength(6);
    console.log(`multi-node: ${JSON.stringify({ outcomes: report.outcomes, requestsPerNode: report.requestsPerNode, callbacksProcessed: report.callbacksProcessed, paid: report.paid, deletesAccepted: report.deletesAccepted })}`);
  }, 120_000);
});
