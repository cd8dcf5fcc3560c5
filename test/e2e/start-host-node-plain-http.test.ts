// A developer's host node reaching the mock on another machine over plain http (a docker-compose service name): only
// with the host named in SVEA_ALLOW_PLAIN_HTTP_HOSTS, and then with one warning at start naming it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import { startHostNode, type HostNode } from "../multi-node/host-node-processes.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../support/postgres-test-database.js";
import { ensurePluginBuilt, repoRoot } from "./ensure-plugin-built.js";

let mock: MockSveaServer;
let databaseUrl: string;
const schemas = { PLUGIN_PG_SCHEMA: freshSchema("plain_http_plugin"), HOST_PG_SCHEMA: freshSchema("plain_http_host") };

beforeAll(async () => {
  await ensurePluginBuilt();
  databaseUrl = await testDatabaseUrl();
  mock = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false });
}, 60_000);

afterAll(async () => {
  await mock?.close();
  for (const schema of Object.values(schemas)) await dropSchema(databaseUrl, schema);
});

/** 0.0.0.0 is not loopback by name, yet on Linux a connection to it reaches this machine: the mock, as another host. */
const nodeEnv = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: databaseUrl,
  SVEA_URL: mock.url.replace("127.0.0.1", "0.0.0.0"),
  SVEA_MERCHANT_ID: mock.merchant.id,
  SVEA_MERCHANT_PASSWORD: mock.merchant.password,
  SVEA_CALLBACK_KEY: "plain-http-node-callback-key-0123456789abcdef",
  HOST_SCHEDULES: "manual",
  ...schemas,
  ...extra,
});

it("refuses plain http to a host not named, and with SVEA_ALLOW_PLAIN_HTTP_HOSTS naming it, creates the link there after one warning", async () => {
  const refused = await startHostNode(0, nodeEnv({ SVEA_ALLOW_PLAIN_HTTP_HOSTS: "mock-svea" })).then(
    () => "started",
    (e: unknown) => (e as Error).message,
  );
  expect(refused).toMatch(/environment: must be https: plain http sends the credentials unencrypted/);
  expect(refused).not.toContain(mock.merchant.password);

  let node: HostNode | undefined;
  try {
    node = await startHostNode(1, nodeEnv({ SVEA_ALLOW_PLAIN_HTTP_HOSTS: "mock-svea, 0.0.0.0" }));
    // The warning goes to stderr and "ready" to stdout: two pipes, so the warning may be read just after "ready".
    const warningsNow = () => node!.output.filter((line) => line.includes("allowPlainHttpTo"));
    await vi.waitFor(() => expect(warningsNow().length).toBeGreaterThan(0), { timeout: 10_000 });
    const warnings = warningsNow();
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, msg: expect.stringMatching(/^plain http allowed to mock-svea, 0\.0\.0\.0 \(setting allowPlainHttpTo\)/) });
    const fixture = JSON.parse(await readFile(join(repoRoot, "fixtures/host/instore-order.json"), "utf8")) as Record<string, unknown>;
    const saved = await fetch(`${node.url}/api/orders/ord-ph1`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...fixture, id: "ord-ph1" }) });
    expect(saved.status).toBe(201);
    const listed = (await (await fetch(`${mock.adminUrl}/orders?merchantId=${encodeURIComponent(mock.merchant.id)}`)).json()) as { orders: unknown[] };
    expect(listed.orders).toHaveLength(1);
  } finally {
    await node?.stop();
  }
}, 90_000);
