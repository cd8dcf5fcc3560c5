// A change the mock refused because its journal write failed (503 "restart required") is neither served nor written
// into a snapshot (on close, or by a compaction running meanwhile), so it is not there after the restart the mock asked
// for; nor is its SMS, nor any change made on top of it.
import { access, mkdtemp, rm, symlink, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OrderRepository } from "../../mock-svea/order-repository.js";
import { FileStateStore } from "../../mock-svea/state/file-state-store.js";
import { order } from "./mock-order-fixture.js";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

let dir: string;
let file: string;
/** This run's first journal segment: made /dev/full, every write(2) to it fails with ENOSPC. */
let segment: string;
let mock: TestMock | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mock-refused-"));
  file = join(dir, "mock-svea.json");
  segment = join(dir, "mock-svea.json.journal-000001.jsonl");
});
afterEach(async () => {
  await mock?.close().catch(() => {});
  mock = undefined;
  await rm(dir, { recursive: true, force: true });
});

const json = { authorization: basic(DEMO), "content-type": "application/json" };
const status = (m: TestMock, merchantOrderNumber: string) => fetch(`${m.url}/api/v1/orders/${merchantOrderNumber}/status`, { headers: { authorization: basic(DEMO) } });
const create = (m: TestMock, request: Record<string, unknown>) => fetch(`${m.url}/api/v1/orders`, { method: "POST", headers: json, body: JSON.stringify(request) });
const outbox = async (m: TestMock) => ((await (await fetch(`${m.url}/__admin/sms`)).json()) as { messages: { merchantOrderNumber: string }[] }).messages;

/** What the operator does after the 503: stops the mock, frees the disk, starts it again. */
async function restart(): Promise<TestMock> {
  await mock?.close().catch(() => {});
  mock = undefined;
  // (Gone already if close compacted: the snapshot it wrote replaced the segment.)
  await unlink(segment).catch(() => {});
  return (mock = await startTestMock({ dataFile: file, fsync: "never" }));
}

describe("the mock after a failed journal write", () => {
  it("neither serves nor keeps across the restart a create it answered 503, nor the SMS it would have sent", async () => {
    mock = await startTestMock({ dataFile: file, fsync: "never" });
    await symlink("/dev/full", segment);
    const request = orderRequest({ mobilePhoneNumber: "+46701234567" });
    const merchantOrderNumber = request.merchantOrderNumber as string;
    expect((await create(mock, request)).status).toBe(503);
    expect((await status(mock, merchantOrderNumber)).status, "the refused create is served by the stopped mock").toBe(404);
    expect(await outbox(mock), "the refused create's SMS is in the inbox").toEqual([]);

    const restarted = await restart();
    expect((await status(restarted, merchantOrderNumber)).status, "the create refused with 503 exists after the restart (written by close's compaction)").toBe(404);
    expect(await outbox(restarted)).toEqual([]);
  });

  it("serves and keeps an order as it was before a cancel it answered 503", async () => {
    mock = await startTestMock({ dataFile: file, fsync: "never" });
    const request = orderRequest();
    const merchantOrderNumber = request.merchantOrderNumber as string;
    expect((await create(mock, request)).status).toBe(200);
    // The create's segment is folded into the snapshot; the next run writes to a fresh 000001, made /dev/full.
    mock = await restart();
    await symlink("/dev/full", segment);
    expect((await fetch(`${mock.url}/api/v1/orders/${merchantOrderNumber}/cancel`, { method: "POST", headers: json })).status).toBe(503);
    expect(await (await status(mock, merchantOrderNumber)).json()).toMatchObject({ orderStatus: "Active" });

    const restarted = await restart();
    expect(await (await status(restarted, merchantOrderNumber)).json()).toMatchObject({ orderStatus: "Active" });
  });
});

const sms = (n: number) => ({ id: n, at: "2026-01-15T10:00:00.000Z", merchantId: "demo-merchant", merchantOrderNumber: `O-${n}`, mobilePhoneNumber: "+46701234567", text: "pay", accepted: true });
const openRepository = async () => {
  const store = new FileStateStore(file, { fsync: "never" });
  return { store, repo: await OrderRepository.open(store) };
};

describe("the mock's order repository when the store refuses a change", () => {
  it("undoes the refused change and every change made on top of it, newest first, back to what was accepted", async () => {
    const first = await openRepository();
    await first.repo.create(order(1), sms(1));
    await first.repo.close();
    const { repo } = await openRepository();
    await symlink("/dev/full", segment);
    const refused = await Promise.allSettled([
      repo.save(order(1, { orderStatus: "Completed" })),
      repo.create(order(2), sms(2)),
      repo.save(order(2, { orderStatus: "Canceled" })),
      repo.reset(),
      repo.create(order(3), null),
    ]);
    expect(refused.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected"]);
    expect(repo.list()).toEqual([order(1)]);
    expect(repo.findByToken("token-1")).toEqual(order(1));
    expect(repo.findByToken("token-2")).toBeUndefined();
    expect(repo.smsOutbox()).toEqual([sms(1)]);
    await repo.close();
  });

  it("a compaction that replaces a line the store then refuses writes no snapshot, and a change journaled after it in the new segment is refused too", async () => {
    const { repo } = await openRepository();
    await symlink("/dev/full", segment);
    const writes = [repo.create(order(1), null), repo.compact()];
    // Journaled in the segment the compaction switched to, after the line that fails.
    writes.push(repo.create(order(2), null));
    expect((await Promise.allSettled(writes)).map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(repo.list()).toEqual([]);
    await repo.close();
    await expect(access(file), "a snapshot was written holding the refused change").rejects.toThrow();

    await unlink(segment);
    const reopened = await openRepository();
    expect(reopened.repo.list(), "the change after the refused one was written and replays").toEqual([]);
    await reopened.repo.close();
  });
});
