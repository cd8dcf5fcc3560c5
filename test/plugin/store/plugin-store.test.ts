// Runs the PluginStore contract over every implementation: the embedded journal (each fsync policy), the earlier sharded lowdb store, the host's storage and PostgreSQL.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createEmbeddedPluginStore,
  createHostStoragePluginStore,
  createPostgresPluginStore,
  createShardedLowdbPluginStore,
  type FsyncPolicy,
  type OrderPaymentRecord,
  type PluginStore,
} from "../../../plugin/store/index.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../../support/postgres-test-database.js";
import { MemoryHostStorage } from "../support/memory-host-storage.js";
import { link, pluginStoreContract, type StoreFixture } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

/** A store over a fresh data dir; cleaning up closes every store it opened (a background compaction may be writing) first. */
async function fileFixture(make: (file: string) => PluginStore): Promise<StoreFixture> {
  const dir = await storeDir();
  const file = join(dir.path, "svea-instore-plugin.json");
  const opened = [make(file)];
  return {
    store: opened[0]!,
    reopen: async () => {
      opened.push(make(file));
      return opened.at(-1)!;
    },
    cleanUp: async () => {
      for (const store of opened) await store.close();
      await dir.remove();
    },
  };
}

for (const fsync of ["never", "batched", "always"] satisfies FsyncPolicy[]) {
  pluginStoreContract(`embedded journal, fsync ${fsync}`, () => fileFixture((file) => createEmbeddedPluginStore({ file, fsync })));
}

pluginStoreContract("embedded journal, compacting every few records", () =>
  fileFixture((file) => createEmbeddedPluginStore({ file, compactAfterBytes: 2_000 })),
);

pluginStoreContract("sharded lowdb files", () => fileFixture((file) => createShardedLowdbPluginStore({ file })));

pluginStoreContract("host storage", async () => {
  const storage = new MemoryHostStorage();
  return {
    store: createHostStoragePluginStore(storage),
    reopen: async () => createHostStoragePluginStore(storage),
    cleanUp: async () => {},
  };
});

// A real server (DATABASE_URL, or the run's throwaway cluster); each fixture gets its own schema, as a fresh install would.
pluginStoreContract("postgres", async () => {
  const connectionString = await testDatabaseUrl();
  const schema = freshSchema("contract");
  const opened = [createPostgresPluginStore({ connectionString, schema, poolSize: 4 })];
  return {
    store: opened[0]!,
    reopen: async () => {
      opened.push(createPostgresPluginStore({ connectionString, schema, poolSize: 4 }));
      return opened.at(-1)!;
    },
    cleanUp: async () => {
      for (const store of opened) await store.close();
      await dropSchema(connectionString, schema);
    },
  };
});

describe("sharded lowdb file layout", () => {
  it("keeps a small main file and spreads orders over shard files, so one save rewrites only a small shard", async () => {
    const dir = await storeDir();
    try {
      const file = join(dir.path, "svea-instore-plugin.json");
      const store = createShardedLowdbPluginStore({ file, shardCount: 8 });
      for (let i = 0; i < 64; i++) await store.putLink(`o${i}`, link(`n${i}-1`, { state: "paid" }));
      await store.close();
      expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ format: 1, shardCount: 8 });
      const shards = (await readdir(dir.path)).filter((n) => /\.shard-\d\d\.json$/.test(n));
      expect(shards).toHaveLength(8);
      const sizes = await Promise.all(shards.map(async (n) => (await readFile(join(dir.path, n), "utf8")).length));
      const total = sizes.reduce((a, b) => a + b, 0);
      expect(Math.max(...sizes)).toBeLessThan(total / 2);
      // The shard count is fixed by the main file, whatever a later open asks for.
      const again = createShardedLowdbPluginStore({ file, shardCount: 3 });
      expect((await again.getOrder("o63"))?.links[0]?.merchantOrderNumber).toBe("n63-1");
      await again.close();
    } finally {
      await dir.remove();
    }
  });
});

describe("host storage: open work an earlier version did not index", () => {
  // Before reconcile settled lost after-payment answers (fd5ce75), a paid link with a pending call was no open work, so
  // a store of that version left the order out of index/open-work. HostStorage cannot list its keys: such an order is
  // found when a read brings its document up (the order list's payment views, picking), and indexed then.
  const paid = link("u-1", { state: "paid" });
  const pending = { id: "p1", kind: "annul-credit" as const, startedAt: 10, amountMinor: "25000", rows: null, orderRowIds: null };
  const earlierRecord = (orderId: string, withPending: boolean): OrderPaymentRecord => ({
    orderId,
    orderNumber: orderId,
    linkSequence: 1,
    links: [{ ...paid, merchantOrderNumber: `${orderId}-1`, afterPayment: { currency: "SEK", paidMinor: "25000", credits: [], deliveries: [], annulled: null, pending: withPending ? pending : null } }],
    intents: [],
    inbox: [],
  });

  it("indexes such an order when picking or a payment view reads it, so reconcile visits it", async () => {
    const storage = new MemoryHostStorage();
    for (const [id, withPending] of [["picked", true], ["viewed", true], ["settled", false]] as const) await storage.update(`orders/${id}`, () => earlierRecord(id, withPending));
    const store = createHostStoragePluginStore(storage);
    expect(await store.listOrdersWithOpenWork()).toEqual([]);
    expect(await store.getPaymentSummaries(["picked", "settled"])).toEqual([{ paid: false, current: "refund-unknown" }, { paid: true, current: "paid" }]);
    await store.getOrderStates(["viewed", "settled"]);
    expect((await store.listOrdersWithOpenWork()).map((o) => o.orderId).sort()).toEqual(["picked", "viewed"]);
    // A restarted process finds them in the index without reading them first.
    expect((await createHostStoragePluginStore(storage).listOrdersWithOpenWork()).map((o) => o.orderId).sort()).toEqual(["picked", "viewed"]);
  });

  it("writes nothing for orders the index holds already or that have no open work", async () => {
    const storage = new MemoryHostStorage();
    const store = createHostStoragePluginStore(storage);
    await store.putLink("waiting", link("w-1"));
    await storage.update("orders/settled", () => earlierRecord("settled", false));
    const writes = storage.writes;
    await store.getPaymentSummaries(["waiting", "settled"]);
    await createHostStoragePluginStore(storage).getOrderStates(["waiting", "settled"]);
    expect(storage.writes).toBe(writes);
  });
});

describe("host storage: schedule firings", () => {
  const quarter = 15 * 60_000;
  const now = Date.UTC(2026, 2, 3, 9, 0);

  it("reads the earlier layout (each schedule's newest firing under schedule-firings/): that firing stays claimed, earlier ones run after a step back", async () => {
    const storage = new MemoryHostStorage();
    await storage.update("schedule-firings/reconcile", () => now + 4 * quarter);
    const store = createHostStoragePluginStore(storage);
    expect(await store.claimScheduleFiring("reconcile", now + 4 * quarter)).toBe(false);
    expect(await store.claimScheduleFiring("reconcile", now)).toBe(true);
    expect(await store.claimScheduleFiring("reconcile", now)).toBe(false);
    expect(await storage.read("schedule-firing-times/reconcile")).toEqual([now, now + 4 * quarter]);
    // The earlier layout's key is left as it was (a downgrade reads it), never written again.
    expect(await storage.read("schedule-firings/reconcile")).toBe(now + 4 * quarter);
  });

  it("keeps a month of claimed firings in the schedule's document, not all of them", async () => {
    const storage = new MemoryHostStorage();
    const store = createHostStoragePluginStore(storage);
    const day = 86_400_000;
    for (let d = 0; d < 40; d++) expect(await store.claimScheduleFiring("expire-links", now + d * day)).toBe(true);
    const kept = (await storage.read<number[]>("schedule-firing-times/expire-links")) ?? [];
    expect(kept).toHaveLength(32);
    expect(kept[0]).toBe(now + 8 * day);
  });
});
