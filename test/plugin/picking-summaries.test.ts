// Picking's batched read on every store: each order's summary always equals what its full record says, across restarts and racing writes.
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LinkState } from "../../plugin/host-contract/host-contract-types.js";
import type { HostStorage } from "../../plugin/host-contract/plugin-api.js";
import {
  createEmbeddedPluginStore,
  createHostStoragePluginStore,
  createShardedLowdbPluginStore,
  paymentSummaryOf,
  type PluginStore,
} from "../../plugin/store/index.js";
import { link } from "./store/plugin-store-contract.js";
import { storeDir } from "./store/store-temp-dir.js";
import { MemoryHostStorage } from "./support/memory-host-storage.js";

interface Backend {
  name: string;
  /** A store, and a way to open a second one over the same durable data (as after a restart). */
  open(): Promise<{ store: PluginStore; reopen(): Promise<PluginStore>; cleanUp(): Promise<void> }>;
}

function fileBackend(name: string, make: (file: string) => PluginStore): Backend {
  return {
    name,
    async open() {
      const dir = await storeDir();
      const file = join(dir.path, "svea-instore-plugin.json");
      const opened = [make(file)];
      return {
        store: opened[0]!,
        // The embedded store allows one open store per data dir: the first is closed before the restart.
        reopen: async () => {
          await opened.at(-1)!.close();
          opened.push(make(file));
          return opened.at(-1)!;
        },
        cleanUp: async () => {
          for (const store of opened) await store.close();
          await dir.remove();
        },
      };
    },
  };
}

const BACKENDS: Backend[] = [
  fileBackend("embedded journal", (file) => createEmbeddedPluginStore({ file, compactAfterBytes: 4_000 })),
  fileBackend("sharded lowdb files", (file) => createShardedLowdbPluginStore({ file })),
  {
    name: "host storage",
    async open() {
      const storage = new MemoryHostStorage();
      return { store: createHostStoragePluginStore(storage), reopen: async () => createHostStoragePluginStore(storage), cleanUp: async () => {} };
    },
  },
];

const STATES: LinkState[] = ["waiting", "failed", "cancelled", "expired", "paid"];

/** What the full records say, the way picking read them before summaries existed. */
async function fromRecords(store: PluginStore, ids: string[]) {
  const records = await store.getOrderStates(ids);
  return ids.map((id) => {
    const record = records.get(id);
    return record && { paid: record.links.some((l) => l.state === "paid"), current: record.links.at(-1)?.state ?? "none" };
  });
}

for (const backend of BACKENDS) {
  describe(`payment summaries: ${backend.name}`, () => {
    it("answers per id in the order given: unknown, no link yet, the current link, and paid once any link is", async () => {
      const { store, cleanUp } = await backend.open();
      try {
        await store.nextLinkSequence("fresh", "1");
        await store.putLink("waiting", link("w-1", { state: "waiting" }));
        await store.putLink("paid-later-cancelled", link("p-1", { state: "paid" }));
        await store.putLink("paid-later-cancelled", link("p-2", { sequence: 2, state: "cancelled" }));
        const summaries = await store.getPaymentSummaries(["waiting", "never", "fresh", "paid-later-cancelled", "waiting"]);
        expect(summaries).toEqual([
          { paid: false, current: "waiting" },
          undefined,
          { paid: false, current: "none" },
          { paid: true, current: "cancelled" },
          { paid: false, current: "waiting" },
        ]);
        // Shared frozen values: handing them out copies nothing, and no caller can change the store's index.
        expect(Object.isFrozen(summaries[0])).toBe(true);
        expect(summaries[0]).toBe(summaries[4]);
        expect(await store.getPaymentSummaries([])).toEqual([]);
      } finally {
        await cleanUp();
      }
    });

    it("property: after any sequence of writes, and after a restart, every summary equals what the full record says", async () => {
      const write = fc.record({
        order: fc.constantFrom("a", "b", "c"),
        kind: fc.constantFrom("link", "link", "link", "sequence", "intent", "callback"),
        link: fc.integer({ min: 1, max: 3 }),
        state: fc.constantFrom(...STATES),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(write, { maxLength: 12 }), async (writes) => {
          const { store, reopen, cleanUp } = await backend.open();
          const ids = ["a", "b", "c", "d"];
          try {
            // One read before the writes: a store that keeps summaries must not keep these stale answers.
            expect(await store.getPaymentSummaries(ids)).toEqual([undefined, undefined, undefined, undefined]);
            for (const w of writes) {
              const number = `${w.order}-${w.link}`;
              if (w.kind === "link") await store.putLink(w.order, link(number, { sequence: w.link, state: w.state }));
              else if (w.kind === "sequence") await store.nextLinkSequence(w.order, w.order);
              else if (w.kind === "intent") await store.startIntent({ id: `i-${number}`, orderId: w.order, kind: "cancel", merchantOrderNumber: number, replaces: null, startedAt: 1 });
              else await store.recordCallback({ orderId: w.order, merchantOrderNumber: number, receivedAt: 1 });
              expect(await store.getPaymentSummaries(ids)).toEqual(await fromRecords(store, ids));
            }
            const restarted = await reopen();
            expect(await restarted.getPaymentSummaries(ids)).toEqual(await fromRecords(restarted, ids));
          } finally {
            await cleanUp();
          }
        }),
        { numRuns: backend.name === "host storage" ? 60 : 15 },
      );
    });
  });
}

/** A HostStorage whose reads of `orders/` documents wait until the test lets them go, and whose next update can fail after writing. */
class GatedStorage implements HostStorage {
  readonly inner = new MemoryHostStorage();
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  failAfterWrite = false;

  holdReads(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  releaseReads(): void {
    this.open?.();
    this.gate = undefined;
  }

  async read<T>(key: string): Promise<T | undefined> {
    const value = await this.inner.read<T>(key);
    if (key.startsWith("orders/") && this.gate) await this.gate;
    return value;
  }

  async update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>): Promise<T> {
    const value = await this.inner.update(key, fn);
    if (this.failAfterWrite && key.startsWith("orders/")) {
      this.failAfterWrite = false;
      throw new Error("connection lost after the write");
    }
    return value;
  }
}

/** A store whose first summary read of o1 has fetched o1's waiting document and is held before it can fill the index. */
async function heldFirstRead() {
  const storage = new GatedStorage();
  const store = createHostStoragePluginStore(storage);
  await storage.inner.update("orders/o1", () => ({ orderId: "o1", orderNumber: "1", linkSequence: 1, links: [link("n-1")], intents: [], inbox: [] }));
  storage.holdReads();
  const racing = store.getPaymentSummaries(["o1"]);
  await new Promise((resolve) => setImmediate(resolve));
  return { storage, store, racing };
}

describe("payment summaries over the host's storage", () => {
  it("a first read that races a write through the store ends with the written state, not the value read before it", async () => {
    const { storage, store, racing } = await heldFirstRead();
    await store.putLink("o1", link("n-1", { state: "paid" }));
    storage.releaseReads();
    expect(await racing).toEqual([{ paid: false, current: "waiting" }]);
    expect(await store.getPaymentSummaries(["o1"])).toEqual([{ paid: true, current: "paid" }]);
  });

  it("after a write whose outcome is unknown it asks the storage again instead of trusting what it held", async () => {
    const storage = new GatedStorage();
    const store = createHostStoragePluginStore(storage);
    await store.putLink("o1", link("n-1"));
    expect(await store.getPaymentSummaries(["o1"])).toEqual([{ paid: false, current: "waiting" }]);
    storage.failAfterWrite = true;
    await expect(store.putLink("o1", link("n-1", { state: "paid" }))).rejects.toThrow(/connection lost/);
    // The write did land: the storage, not the index, now answers.
    expect(await store.getPaymentSummaries(["o1"])).toEqual([{ paid: true, current: "paid" }]);
  });

  it("a read overlapping a failed write answers but does not keep what it read", async () => {
    const { storage, store, racing } = await heldFirstRead();
    storage.failAfterWrite = true;
    await expect(store.putLink("o1", link("n-1", { state: "paid" }))).rejects.toThrow(/connection lost/);
    storage.releaseReads();
    expect(await racing).toEqual([{ paid: false, current: "waiting" }]);
    expect(await store.getPaymentSummaries(["o1"])).toEqual([{ paid: true, current: "paid" }]);
  });

  it("reads each order's document at most once, then answers from memory", async () => {
    const storage = new MemoryHostStorage();
    const store = createHostStoragePluginStore(storage);
    await storage.update("orders/o1", () => ({ orderId: "o1", orderNumber: "1", linkSequence: 1, links: [link("n-1", { state: "paid" })], intents: [], inbox: [] }));
    let reads = 0;
    const read = storage.read.bind(storage);
    storage.read = async <T,>(key: string) => {
      reads++;
      return read<T>(key);
    };
    expect(await store.getPaymentSummaries(["o1", "o2", "o1"])).toEqual([{ paid: true, current: "paid" }, undefined, { paid: true, current: "paid" }]);
    expect(reads).toBe(2);
    expect(await store.getPaymentSummaries(["o1", "o2"])).toEqual([{ paid: true, current: "paid" }, undefined]);
    expect(reads).toBe(2);
  });
});

describe("paymentSummaryOf", () => {
  it("is paid when any link is, and names the newest link as current", () => {
    const record = { orderId: "o", orderNumber: "1", linkSequence: 2, links: [link("a", { state: "paid" }), link("b", { state: "expired" })], intents: [], inbox: [] };
    expect(paymentSummaryOf(record)).toEqual({ paid: true, current: "expired" });
    expect(paymentSummaryOf({ ...record, links: [] })).toEqual({ paid: false, current: "none" });
  });
});
