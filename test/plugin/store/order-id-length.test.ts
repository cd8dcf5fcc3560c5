// The length rule for a NEW host order's id (plugin/host-contract/new-order-id-rule.ts: at most 500 characters) on the
// embedded journal store and on PostgreSQL. A longer id (4,000 characters, as a host could send before the rule) once
// went into the journal store and failed every PostgreSQL call with the database's raw "index row size exceeds btree
// maximum": order.save of an order the plugin holds no record of now refuses it alike, naming the field and the rule,
// before any store writes; the other hooks find nothing on either store, alike; the longest id the rule allows, in
// characters of 4 UTF-8 bytes each, is stored and read alike by both stores. (An order held under a longer id before the
// rule is still acted on: test/after-payment/long-id-paid-order.test.ts.)
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HostOrder } from "../../../plugin/host-contract/host-contract-types.js";
import { createEmbeddedPluginStore, createPostgresPluginStore, type PluginStore } from "../../../plugin/store/index.js";
import { startPluginWorld, type PluginWorld } from "../../reliability/support/activated-plugin.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../../support/postgres-test-database.js";
import { hostOrder } from "../support/plugin-test-kit.js";
import { link } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

const MAX_ID_LENGTH = 500;

const cleanUps: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanUp of cleanUps.reverse()) await cleanUp();
});

/** `length` characters outside the Basic Multilingual Plane (4 UTF-8 bytes each), none repeated: text that does not compress. */
function fourByteText(length: number): string {
  return Array.from({ length }, (_, i) => String.fromCodePoint(0x10000 + i * 37)).join("");
}

async function embeddedStore(): Promise<PluginStore> {
  const dir = await storeDir();
  const store = createEmbeddedPluginStore({ file: join(dir.path, "svea-instore-plugin.json") });
  cleanUps.push(async () => {
    await store.close();
    await dir.remove();
  });
  return store;
}

async function postgresStore(): Promise<PluginStore> {
  const connectionString = await testDatabaseUrl();
  const schema = freshSchema("idlength");
  const store = createPostgresPluginStore({ connectionString, schema, poolSize: 2 });
  cleanUps.push(async () => {
    await store.close();
    await dropSchema(connectionString, schema);
  });
  return store;
}

async function embeddedWorld(): Promise<PluginWorld> {
  const world = await startPluginWorld();
  cleanUps.push(() => world.close());
  return world;
}

async function postgresWorld(): Promise<PluginWorld> {
  const connectionString = await testDatabaseUrl();
  const schema = freshSchema("idlengthhook");
  const world = await startPluginWorld({ settings: { postgres: { connectionString, schema, poolSize: 2 } } });
  cleanUps.push(async () => {
    await world.close();
    await dropSchema(connectionString, schema);
  });
  return world;
}

/** What every hook that takes an order answers for `order`: its result, or the error it threw (name, code, errors). */
async function everyOrderHook(world: PluginWorld, order: HostOrder) {
  const { hooks } = world.plugin;
  const settle = (call: Promise<unknown>) =>
    call.then(
      (result) => ({ result }),
      (error: Error & { code?: string; errors?: unknown }) => ({ error: { name: error.name, code: error.code, errors: error.errors } }),
    );
  return {
    save: await settle(hooks["order.save"]({ order, locale: "en" })),
    delete: await settle(hooks["order.delete"]({ order, locale: "en" })),
    check: await settle(hooks["order.check-payment"]({ order, locale: "en" })),
    credit: await settle(hooks["order.credit"]({ order, locale: "en", amount: "10.00" })),
    annul: await settle(hooks["order.annul"]({ order, locale: "en", confirm: true })),
    deliver: await settle(hooks["order.deliver"]({ order, locale: "en" })),
  };
}

describe("a host order id longer than the rule allows, for an order the plugin holds no record of", () => {
  it("is refused by order.save naming id and maxLength; every other hook answers as for any unknown order, the same on the journal store and on PostgreSQL", async () => {
    const order = hostOrder({ id: "x".repeat(4_000) });
    const journal = await everyOrderHook(await embeddedWorld(), order);
    const postgres = await everyOrderHook(await postgresWorld(), order);
    expect(postgres).toEqual(journal);
    // Only a NEW record is refused (PostgreSQL's index could not hold it); reads and actions find nothing, as for any
    // order the plugin holds no record of, rather than refuse an order an earlier release stored under such an id.
    // Never a database error.
    const notPaid = { result: { accepted: false, errors: [expect.objectContaining({ code: "not-paid", rule: "paid" })] } };
    expect(journal).toEqual({
      save: { result: { accepted: false, errors: [{ code: "order-invalid", field: "id", rule: "maxLength", message: "The order cannot be read: order.id: must be at most 500 characters." }] } },
      delete: { result: { accepted: true, notices: [] } },
      check: { result: { paymentView: null, notices: [] } },
      credit: notPaid,
      annul: notPaid,
      deliver: notPaid,
    });
  });
});

describe("the longest host order id the rule allows", () => {
  async function scenario(store: PluginStore, orderId: string) {
    const sequence = await store.withOrderLock(orderId, () => store.nextLinkSequence(orderId, "1001"));
    await store.putLink(orderId, link("1001-1", { state: "paid" }));
    const [summary] = await store.getPaymentSummaries([orderId]);
    return { sequence, links: (await store.getOrder(orderId))?.links.map((l) => [l.merchantOrderNumber, l.state]), summary };
  }

  it(`is stored and read alike by the journal store and by PostgreSQL (${MAX_ID_LENGTH} characters of 4 UTF-8 bytes)`, async () => {
    const orderId = fourByteText(MAX_ID_LENGTH);
    expect([...orderId]).toHaveLength(MAX_ID_LENGTH);
    const expected = await scenario(await embeddedStore(), orderId);
    expect(expected).toEqual({ sequence: 1, links: [["1001-1", "paid"]], summary: { paid: true, current: "paid" } });
    expect(await scenario(await postgresStore(), orderId).catch((error: Error) => error.message)).toEqual(expected);
  });

  it("is taken by order.save, and one character more is refused", async () => {
    const world = await postgresWorld();
    const longest = hostOrder({ id: fourByteText(MAX_ID_LENGTH), number: "1001" });
    const saved = await world.plugin.hooks["order.save"]({ order: longest, locale: "en" });
    expect(saved).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
    const tooLong = hostOrder({ id: fourByteText(MAX_ID_LENGTH + 1), number: "1002" });
    expect(await world.plugin.hooks["order.save"]({ order: tooLong, locale: "en" })).toMatchObject({ accepted: false, errors: [{ field: "id", rule: "maxLength" }] });
  });
});
