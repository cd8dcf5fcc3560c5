// One order is never polled twice within 5 s: the client waits (on the injected clock) instead of meeting a 403.
import { describe, expect, it, vi } from "vitest";
import { InMemoryPollSlotStore, type PollSlotStore } from "../../plugin/svea-client/index.js";
import { POLL_SLOT_MARGIN_MS } from "../../plugin/svea-client/http-svea-instore-client.js";
import { driveClockWhile } from "../support/drive-manual-clock.js";
import { fakeSveaWithClient, rejectionOf } from "./support/client-test-setup.js";

const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("status pacing", () => {
  it("a second status call within 5 s pauses until the shared clock passes the slot by its margin, and never meets 403", async () => {
    const { client, fake, clock } = await fakeSveaWithClient();
    fake.addOrder("P-1", "Active");
    const t0 = clock.now();
    await client.getOrderStatus("P-1");

    clock.advance(1000);
    let settled = false;
    const second = client.getOrderStatus("P-1").finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await flush();
    expect(settled).toBe(false);
    expect(fake.pollTimes).toHaveLength(1);

    clock.advance(3999 + POLL_SLOT_MARGIN_MS); // t0 + 5249: the slot has come, its margin not yet
    await flush();
    expect(settled).toBe(false);
    expect(fake.pollTimes).toHaveLength(1);

    clock.advance(1); // t0 + 5250
    await expect(second).resolves.toMatchObject({ merchantOrderNumber: "P-1" });
    expect(fake.pollTimes).toEqual([
      { merchantOrderNumber: "P-1", at: t0, answered: 200 },
      { merchantOrderNumber: "P-1", at: t0 + 5000 + POLL_SLOT_MARGIN_MS, answered: 200 },
    ]);
  });

  it("three quick calls are spread 5 s and the margin apart", async () => {
    const { client, fake, clock } = await fakeSveaWithClient();
    fake.addOrder("P-2", "Active");
    const t0 = clock.now();
    const calls = [client.getOrderStatus("P-2"), client.getOrderStatus("P-2"), client.getOrderStatus("P-2")];
    await vi.waitFor(() => expect(clock.pending).toBe(2));
    // The first read must have arrived before time moves: on a loaded machine it arrived after, 0.25 s before the second.
    await vi.waitFor(() => expect(fake.pollTimes).toHaveLength(1));
    clock.advance(5000 + POLL_SLOT_MARGIN_MS);
    await vi.waitFor(() => expect(fake.pollTimes).toHaveLength(2));
    clock.advance(5000 + POLL_SLOT_MARGIN_MS);
    await Promise.all(calls);
    expect(fake.pollTimes.map((p) => [p.at - t0, p.answered])).toEqual([
      [0, 200],
      [5250, 200],
      [10500, 200],
    ]);
  });

  // A read that waited goes POLL_SLOT_MARGIN_MS after its slot; the next read must count from when it went, not from
  // its slot: before, a read whose slot had just come went at once, 4.75 s after the previous one, and met a 403.
  it("a read whose slot has just come after a paced read still goes a full gap after that read as sent", async () => {
    const { client, fake, clock } = await fakeSveaWithClient();
    fake.addOrder("P-10", "Active");
    const t0 = clock.now();
    await client.getOrderStatus("P-10");
    clock.advance(1000);
    const second = client.getOrderStatus("P-10");
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    clock.advance(4000 + POLL_SLOT_MARGIN_MS);
    await second;
    // Another caller (a callback's read, a check-now) at t0 + 10 s, 4.75 s after the second read went.
    clock.advance(5000 - POLL_SLOT_MARGIN_MS);
    await driveClockWhile(client.getOrderStatus("P-10"), clock, 50);
    const sent = fake.pollTimes.map((p) => p.at - t0);
    expect(fake.pollTimes.map((p) => p.answered)).toEqual([200, 200, 200]);
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(5000);
    expect(sent).toEqual([0, 5000 + POLL_SLOT_MARGIN_MS, 2 * (5000 + POLL_SLOT_MARGIN_MS)]);
    // A read once the gap and its margin have passed goes at once, without waiting: pacing costs no more than it must.
    clock.advance(5000 + POLL_SLOT_MARGIN_MS);
    await client.getOrderStatus("P-10");
    expect(fake.pollTimes.map((p) => p.at - t0).at(-1)).toBe(3 * (5000 + POLL_SLOT_MARGIN_MS));
  });

  it("different orders do not wait for each other", async () => {
    const { client, fake } = await fakeSveaWithClient();
    fake.addOrder("P-3", "Active");
    fake.addOrder("P-4", "Active");
    await Promise.all([client.getOrderStatus("P-3"), client.getOrderStatus("P-4")]);
    expect(fake.pollTimes.map((p) => p.answered)).toEqual([200, 200]);
  });

  it("a 403 anyway (another host polled) is retried after the next slot", async () => {
    const { client, fake, clock } = await fakeSveaWithClient();
    fake.addOrder("P-5", "Active");
    fake.pollNow("P-5");
    const pending = client.getOrderStatus("P-5");
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    expect(fake.pollTimes.map((p) => p.answered)).toEqual([403]);
    clock.advance(5000 + POLL_SLOT_MARGIN_MS);
    await expect(pending).resolves.toMatchObject({ orderStatus: "Active" });
    expect(fake.pollTimes.map((p) => p.answered)).toEqual([403, 200]);
  });

  it("asks the injected PollSlotStore before every status GET, with the clock's now and the 5 s gap plus its margin", async () => {
    const calls: [string, number, number][] = [];
    const inner = new InMemoryPollSlotStore();
    const store: PollSlotStore = { reserve: (mon, now, gap) => (calls.push([mon, now, gap]), inner.reserve(mon, now, gap)) };
    const { client, fake, clock } = await fakeSveaWithClient({ pollSlots: store });
    fake.addOrder("P-6", "Completed");
    await client.getOrderStatus("P-6");
    clock.advance(6000);
    await client.cancelOrder("P-6");
    expect(calls).toEqual([
      ["P-6", clock.now() - 6000, 5000 + POLL_SLOT_MARGIN_MS],
      ["P-6", clock.now(), 5000 + POLL_SLOT_MARGIN_MS],
    ]);
  });

  it("an abort while waiting for a slot rejects as aborted and sends nothing", async () => {
    const { client, fake, clock, server } = await fakeSveaWithClient();
    fake.addOrder("P-7", "Active");
    await client.getOrderStatus("P-7");
    const controller = new AbortController();
    const pending = client.getOrderStatus("P-7", { signal: controller.signal });
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "unavailable", cause: "aborted" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("status pacing after a clock jump, and against a deadline", () => {
  it("a stored slot an hour ahead (the clock stepped back) is not waited for: the read goes now, and a warning names the order once", async () => {
    const warnings: { fields: Record<string, unknown>; message: string | undefined }[] = [];
    const quiet = () => {};
    const logger = { debug: quiet, info: quiet, error: quiet, warn: (fields: Record<string, unknown>, message?: string) => warnings.push({ fields, message }) };
    const slots = new InMemoryPollSlotStore();
    const { client, fake, clock } = await fakeSveaWithClient({ pollSlots: slots, logger });
    fake.addOrder("P-8", "Active");
    // The slot reserved while the clock ran an hour fast.
    await slots.reserve("P-8", clock.now() + 3_600_000, 5000);
    const t0 = clock.now();
    await expect(client.getOrderStatus("P-8")).resolves.toMatchObject({ orderStatus: "Active" });
    expect(fake.pollTimes).toEqual([{ merchantOrderNumber: "P-8", at: t0, answered: 200 }]);
    const jumps = warnings.filter((w) => w.fields.merchantOrderNumber === "P-8");
    expect(jumps).toHaveLength(1);
    expect(jumps[0]!.message).toMatch(/clock stepped back/);
    // The next read is paced from the real time again, and says nothing more.
    const next = client.getOrderStatus("P-8");
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    clock.advance(5000 + POLL_SLOT_MARGIN_MS);
    await next;
    expect(fake.pollTimes.map((p) => p.at - t0)).toEqual([0, 5000 + POLL_SLOT_MARGIN_MS]);
    expect(warnings.filter((w) => w.fields.merchantOrderNumber === "P-8")).toHaveLength(1);
  });

  it("a read whose slot comes after the caller's deadline fails at once, without sleeping or sending", async () => {
    const { client, fake, clock, server } = await fakeSveaWithClient();
    fake.addOrder("P-9", "Active");
    await client.getOrderStatus("P-9");
    clock.advance(1000);
    const failure = await rejectionOf(client.getOrderStatus("P-9", { deadline: clock.now() + 3000 }));
    expect(failure).toMatchObject({ code: "unavailable", cause: "paced-past-deadline", outcomeUnknown: false, retryable: false });
    expect(failure.userMessage("en")).toMatch(/next free time came after the deadline\. Nothing was sent/);
    expect(clock.pending).toBe(0);
    expect(server.requests).toHaveLength(1);
    // A deadline the slot fits in is waited for as before (past the slot the refused read had reserved, unused).
    clock.advance(10_000 + POLL_SLOT_MARGIN_MS);
    await expect(client.getOrderStatus("P-9", { deadline: clock.now() + 60_000 })).resolves.toMatchObject({ orderStatus: "Active" });
  });
});

describe("InMemoryPollSlotStore", () => {
  it("hands out slots at least one gap apart per order", async () => {
    const store = new InMemoryPollSlotStore();
    expect(await store.reserve("a", 1000, 5000)).toBe(1000);
    expect(await store.reserve("a", 1000, 5000)).toBe(6000);
    expect(await store.reserve("a", 2000, 5000)).toBe(11000);
    expect(await store.reserve("b", 2000, 5000)).toBe(2000);
    expect(await store.reserve("a", 20000, 5000)).toBe(20000);
  });

  it("forgets slots that no longer delay anyone once it holds too many", async () => {
    const store = new InMemoryPollSlotStore(3);
    for (const mon of ["a", "b", "c"]) await store.reserve(mon, 0, 5000);
    await store.reserve("d", 10_000, 5000);
    expect(store.size).toBe(1);
    expect(await store.reserve("a", 10_000, 5000)).toBe(10_000);
  });
});
