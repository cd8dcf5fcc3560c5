// Runs the PluginStore contract over the lowdb file store and the store over a host's storage.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHostStoragePluginStore, createLowdbPluginStore } from "../../../plugin/store/index.js";
import { MemoryHostStorage } from "../support/memory-host-storage.js";
import { link, pluginStoreContract } from "./plugin-store-contract.js";

pluginStoreContract("lowdb file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "svea-store-"));
  const file = join(dir, "svea-instore-plugin.json");
  return {
    store: createLowdbPluginStore({ file }),
    reopen: async () => createLowdbPluginStore({ file }),
    cleanUp: () => rm(dir, { recursive: true, force: true }),
  };
});

pluginStoreContract("host storage", async () => {
  const storage = new MemoryHostStorage();
  return {
    store: createHostStoragePluginStore(storage),
    reopen: async () => createHostStoragePluginStore(storage),
    cleanUp: async () => {},
  };
});

describe("lowdb file layout", () => {
  it("keeps a small main file and spreads orders over shard files, so one save rewrites only a small shard", async () => {
    const dir = await mkdtemp(join(tmpdir(), "svea-store-"));
    try {
      const file = join(dir, "svea-instore-plugin.json");
      const store = createLowdbPluginStore({ file, shardCount: 8 });
      for (let i = 0; i < 64; i++) await store.putLink(`o${i}`, link(`n${i}-1`, { state: "paid" }));
      await store.close();
      expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ format: 1, shardCount: 8 });
      const shards = (await readdir(dir)).filter((n) => /\.shard-\d\d\.json$/.test(n));
      expect(shards).toHaveLength(8);
      const sizes = await Promise.all(shards.map(async (n) => (await readFile(join(dir, n), "utf8")).length));
      const total = sizes.reduce((a, b) => a + b, 0);
      expect(Math.max(...sizes)).toBeLessThan(total / 2);
      // The shard count is fixed by the main file, whatever a later open asks for.
      const again = createLowdbPluginStore({ file, shardCount: 3 });
      expect((await again.getOrder("o63"))?.links[0]?.merchantOrderNumber).toBe("n63-1");
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
