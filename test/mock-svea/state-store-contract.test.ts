// One contract for every StateStore (memory, lowdb+journal), plus what only the file store promises: restarts, torn tails, compaction.
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MockOrder } from "../../mock-svea/mock-svea-schemas.js";
import { order } from "./mock-order-fixture.js";
import { OrderRepository } from "../../mock-svea/order-repository.js";
import { FileStateStore, JournalCorruptError } from "../../mock-svea/state/file-state-store.js";
import { forgetDataDirLock } from "../../common/data-dir-lock.js";
import { MemoryStateStore } from "../../mock-svea/state/memory-state-store.js";
import type { StateStore } from "../../mock-svea/state/state-store.js";

const dirs: string[] = [];
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mock-svea-store-"));
  dirs.push(dir);
  return join(dir, "mock-svea.json");
}
/** A file store that may compact after 4 changes, its repository holding orders 1..count, and no snapshot yet. */
async function storeWithNewOrders(file: string, count: number): Promise<{ store: FileStateStore; repo: OrderRepository }> {
  const store = new FileStateStore(file, { compactEvery: 4 });
  const repo = await OrderRepository.open(store);
  for (let i = 1; i <= count; i++) await repo.save(order(i));
  await store.settled();
  await expectNoSnapshot(file);
  return { store, repo };
}

/** The store has written no snapshot yet: everything is still in its journal. */
async function expectNoSnapshot(file: string): Promise<void> {
  await expect(readFile(file, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const implementations: [string, () => Promise<StateStore>][] = [
  ["MemoryStateStore", async () => new MemoryStateStore()],
  ["FileStateStore", async () => new FileStateStore(await tempFile(), { compactEvery: 3 })],
  ["FileStateStore (fsync never)", async () => new FileStateStore(await tempFile(), { compactEvery: 3, fsync: "never" })],
];

describe.each(implementations)("StateStore contract: %s", (_name, make) => {
  it("keeps saved orders indexed per merchant and by token, newest version winning", async () => {
    const repo = await OrderRepository.open(await make());
    await repo.save(order(1));
    await repo.save(order(2, { merchantId: "other-merchant" }));
    await repo.save(order(1, { orderStatus: "Completed" }));
    expect(repo.find("demo-merchant", "O-1")?.orderStatus).toBe("Completed");
    expect(repo.find("demo-merchant", "O-2")).toBeUndefined();
    expect(repo.find("other-merchant", "O-2")?.paymentOrderId).toBe(8_000_002);
    expect(repo.findByToken("token-1")?.orderStatus).toBe("Completed");
    expect(repo.list({ merchantId: "demo-merchant" }).map((o) => o.merchantOrderNumber)).toEqual(["O-1"]);
    expect(repo.allocatePaymentOrderId()).toBe(8_000_003);
    await repo.close();
  });

  it("resolves concurrent appends (one group commit) and forgets everything on reset without reusing ids", async () => {
    const repo = await OrderRepository.open(await make());
    await Promise.all(Array.from({ length: 50 }, (_, i) => repo.save(order(i + 1))));
    expect(repo.orderCount).toBe(50);
    await repo.reset();
    expect(repo.orderCount).toBe(0);
    expect(repo.allocatePaymentOrderId()).toBe(8_000_051);
    await repo.close();
  });
});

/** The store on `file` crashed (kill -9): its data file's lock stays behind, as a killed process leaves it, for the next to take over. */
const crash = (file: string) => forgetDataDirLock(`${file}.lock`);

const SMS = { id: 1, at: "2026-01-15T10:00:00.000Z", merchantId: "demo-merchant", merchantOrderNumber: "O-1", mobilePhoneNumber: "+46701234567", text: "hi", accepted: true };

describe("FileStateStore durability", () => {
  it("writes batched journals into zero-filled space, and reads a crashed segment's lines without its zero tail", async () => {
    const file = await tempFile();
    const first = await OrderRepository.open(new FileStateStore(file));
    await first.create(order(1), SMS);
    await first.save(order(2));
    const segment = join(file, "..", (await readdir(join(file, ".."))).find((n) => n.endsWith(".jsonl"))!);
    const lines = (await readFile(segment, "utf8")).split("\n");
    // Two lines, then the preallocated zeros (what a kill -9 leaves behind).
    expect(lines.slice(0, 2).map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
    expect((await stat(segment)).size).toBeGreaterThanOrEqual(64 * 1024);
    expect(lines[2]!.replaceAll("\0", "")).toBe("");
    crash(file);
    const second = await OrderRepository.open(new FileStateStore(file, { compactEvery: 1_000 }));
    expect(second.orderCount).toBe(2);
    expect(second.smsOutbox()).toEqual([SMS]);
    // The crashed segment now holds exactly its two lines; the next write goes to a fresh segment.
    expect(await readFile(segment, "utf8")).toBe(lines.slice(0, 2).map((l) => `${l}\n`).join(""));
    await second.save(order(3));
    await second.close();
    expect(JSON.parse(await readFile(file, "utf8")).orders).toHaveLength(3);
    await first.close();
  });

  it("reads the older journal layout, with the SMS as a record of its own", async () => {
    const file = await tempFile();
    const lines = [{ seq: 1, op: "order", order: order(1) }, { seq: 2, op: "sms", sms: SMS }, { seq: 3, op: "order", order: order(2) }];
    await writeFile(join(file, "..", "mock-svea.json.journal-000001.jsonl"), lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    const repo = await OrderRepository.open(new FileStateStore(file));
    expect(repo.orderCount).toBe(2);
    expect(repo.smsOutbox()).toEqual([SMS]);
    await repo.close();
    const snapshot = JSON.parse(await readFile(file, "utf8"));
    expect([snapshot.orders.length, snapshot.sms.length]).toEqual([2, 1]);
  });

  it("survives a restart through journal replay, and again after compaction", async () => {
    const file = await tempFile();
    const first = await OrderRepository.open(new FileStateStore(file, { compactEvery: 1_000 }));
    await first.create(order(1), SMS);
    await first.save(order(2));
    // No close(): as after kill -9, only the fsync'd journal is there.
    crash(file);
    const second = await OrderRepository.open(new FileStateStore(file, { compactEvery: 1_000 }));
    expect(second.orderCount).toBe(2);
    expect(second.smsOutbox()).toHaveLength(1);
    await second.save(order(2, { orderStatus: "Canceled", reason: "merchant" }));
    await second.close();
    const names = await readdir(join(file, ".."));
    expect(names.filter((n) => n.endsWith(".jsonl"))).toEqual([]);
    const snapshot = JSON.parse(await readFile(file, "utf8"));
    expect(snapshot.orders).toHaveLength(2);
    const third = await OrderRepository.open(new FileStateStore(file));
    expect(third.find("demo-merchant", "O-2")?.reason).toBe("merchant");
    expect(third.allocatePaymentOrderId()).toBe(8_000_003);
    await third.close();
    await first.close();
  });

  it("drops a torn last journal line but refuses a corrupt line in the middle", async () => {
    const file = await tempFile();
    const repo = await OrderRepository.open(new FileStateStore(file, { compactEvery: 1_000 }));
    await repo.save(order(1));
    const segment = join(file, "..", (await readdir(join(file, ".."))).find((n) => n.endsWith(".jsonl"))!);
    await appendFile(segment, '{"seq":2,"op":"order","order":{"merchantId":"demo-mer');
    crash(file);
    const reopened = await OrderRepository.open(new FileStateStore(file));
    expect(reopened.orderCount).toBe(1);
    await reopened.close();
    await repo.close();
    await writeFile(segment, `not json\n${JSON.stringify({ seq: 1, op: "order", order: order(1) })}\n`);
    await expect(OrderRepository.open(new FileStateStore(file))).rejects.toBeInstanceOf(JournalCorruptError);
  });

  it("compacts in the background past the threshold while keeping later changes in the journal", async () => {
    const file = await tempFile();
    const store = new FileStateStore(file, { compactEvery: 5 });
    const repo = await OrderRepository.open(store);
    for (let i = 1; i <= 12; i++) await repo.save(order(i));
    await store.compact();
    const snapshot = JSON.parse(await readFile(file, "utf8"));
    expect(snapshot.lastSeq).toBe(12);
    crash(file);
    const again = await OrderRepository.open(new FileStateStore(file));
    expect(again.orderCount).toBe(12);
    await again.close();
    await repo.close();
  });

  it("never compacts a journal of new orders in the background: only obsolete records make a snapshot worth writing", async () => {
    const file = await tempFile();
    // 30 changes, far past compactEvery, but none made a record obsolete: no snapshot yet.
    const { repo } = await storeWithNewOrders(file, 30);
    crash(file);
    const reopened = await OrderRepository.open(new FileStateStore(file));
    expect(reopened.orderCount).toBe(30);
    await reopened.close();
    await repo.close();
  });

  it("compacts once the journal has made as many records obsolete as are live, counting a restarted journal too", async () => {
    const file = await tempFile();
    const lastSeq = async () => JSON.parse(await readFile(file, "utf8")).lastSeq as number;
    const first = await OrderRepository.open(new FileStateStore(file, { compactEvery: 4 }));
    for (let i = 1; i <= 10; i++) await first.save(order(i));
    for (let i = 1; i <= 8; i++) await first.save(order(i, { orderStatus: "Completed" }));
    // 8 obsolete records beside 10 live ones: below the live count, so the journal stays as it is.
    await expectNoSnapshot(file);
    // A restart (the first store is left unclosed, as after kill -9) reads the journal and counts the 8 again.
    crash(file);
    const store = new FileStateStore(file, { compactEvery: 4 });
    const repo = await OrderRepository.open(store);
    await repo.save(order(9, { orderStatus: "Completed" }));
    await store.settled();
    await expectNoSnapshot(file);
    await repo.save(order(10, { orderStatus: "Completed" }));
    await store.settled();
    expect(await lastSeq()).toBe(20);
    const snapshot = JSON.parse(await readFile(file, "utf8"));
    expect(snapshot.orders).toHaveLength(10);
    expect(snapshot.orders.every((o: MockOrder) => o.orderStatus === "Completed")).toBe(true);
    await repo.close();
    await first.close();
  });

  it("counts a reset as making every record obsolete", async () => {
    const file = await tempFile();
    const { store, repo } = await storeWithNewOrders(file, 3);
    await repo.save(order(4));
    await repo.reset();
    await store.settled();
    const snapshot = JSON.parse(await readFile(file, "utf8"));
    expect(snapshot.lastSeq).toBe(5);
    expect(snapshot.orders).toEqual([]);
    await repo.close();
  });
});
