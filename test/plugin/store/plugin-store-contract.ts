// One contract every PluginStore implementation must meet (run over each implementation, Saleor repository style).
import { describe, expect, it } from "vitest";
import { callingHost } from "../../../plugin/store/held-locks.js";
import { FIRINGS_KEPT_MS, OrderBusyError, type LinkRecord, type PluginStore } from "../../../plugin/store/index.js";
import { PROCESSED_CALLBACKS_KEPT } from "../../../plugin/store/order-record-changes.js";
import { OverlapProbe } from "./overlap-probe.js";

export interface StoreFixture {
  store: PluginStore;
  /** A second store over the same durable data, as after a restart. */
  reopen(): Promise<PluginStore>;
  cleanUp(): Promise<void>;
}

export function link(merchantOrderNumber: string, overrides: Partial<LinkRecord> = {}): LinkRecord {
  return {
    merchantOrderNumber,
    sequence: 1,
    state: "waiting",
    instoreUiUri: `https://instore.example/${merchantOrderNumber}`,
    paymentOrderId: 1000,
    createdAt: 1_000,
    expiresAt: 1_000 + 2880 * 60_000,
    fingerprint: "f1",
    canceledByPlugin: false,
    reason: null,
    smsSentSuccessfully: true,
    mayExistAtSvea: true,
    flags: [],
    callbackAt: null,
    checkedAt: null,
    ...overrides,
  };
}

export function pluginStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`PluginStore contract: ${name}`, () => {
    async function withFixture(fn: (f: StoreFixture) => Promise<void>) {
      const f = await makeFixture();
      try {
        await fn(f);
      } finally {
        await f.cleanUp();
      }
    }

    it("hands out link sequences 1, 2, 3 per order, independently", () =>
      withFixture(async ({ store }) => {
        expect(await store.nextLinkSequence("o1", "1001")).toBe(1);
        expect(await store.nextLinkSequence("o1", "1001")).toBe(2);
        expect(await store.nextLinkSequence("o2", "1002")).toBe(1);
        const all = await Promise.all(Array.from({ length: 10 }, () => store.nextLinkSequence("o1", "1001")));
        expect(new Set(all).size).toBe(10);
        expect(Math.max(...all)).toBe(12);
        expect((await store.getOrder("o1"))?.orderNumber).toBe("1001");
      }));

    it("begins a link in one step: next sequence, merchant order number mapped, intent written; the answer closes it", () =>
      withFixture(async ({ store }) => {
        await store.nextLinkSequence("o1", "1001");
        const intent = await store.beginLink("o1", "1001", (sequence) => ({
          id: "i1",
          orderId: "o1",
          kind: "create",
          merchantOrderNumber: `1001-${sequence}`,
          replaces: null,
          startedAt: 5,
          sequence,
          fingerprint: "f",
        }));
        expect(intent).toMatchObject({ merchantOrderNumber: "1001-2", sequence: 2, step: "started", completedAt: null });
        expect(await store.orderIdForMerchantOrderNumber("1001-2")).toBe("o1");
        expect((await store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await store.putLink("o1", link("1001-2", { sequence: 2, state: "paid" }), { finishIntent: { id: "i1", at: 9, outcome: "created" } });
        const order = await store.getOrder("o1");
        expect(order?.linkSequence).toBe(2);
        expect(order?.intents[0]).toMatchObject({ completedAt: 9, outcome: "created" });
        expect(await store.listOrdersWithOpenWork()).toEqual([]);
      }));

    it("summarises an order whose latest create has no known outcome as being checked, across a restart, until its answer is stored", () =>
      withFixture(async (f) => {
        const summary = async (store: PluginStore) => (await store.getPaymentSummaries(["o1"]))[0];
        // Sent, and the process stopped before its answer was stored: only the open intent says so.
        await f.store.beginLink("o1", "1001", (sequence) => ({ id: "i1", orderId: "o1", kind: "create", merchantOrderNumber: `1001-${sequence}`, replaces: null, startedAt: 5, sequence }));
        expect(await summary(f.store)).toEqual({ paid: false, current: "checking" });
        // Timed out: a failed link that may exist at Svea (no paymentOrderId), its intent still open.
        const lost = link("1001-1", { state: "failed", reason: "timeout", paymentOrderId: null, instoreUiUri: null });
        await f.store.putLink("o1", lost);
        expect(await summary(f.store)).toEqual({ paid: false, current: "checking" });
        await f.store.close();
        const again = await f.reopen();
        expect(await summary(again)).toEqual({ paid: false, current: "checking" });
        // Svea has never heard of it, for good: plainly failed.
        await again.putLink("o1", { ...lost, mayExistAtSvea: false }, { finishIntent: { id: "i1", at: 9, outcome: "not-found" } });
        expect(await summary(again)).toEqual({ paid: false, current: "failed" });
        await again.close();
      }));

    it("keeps every link's history and maps merchant order numbers back to the order", () =>
      withFixture(async ({ store }) => {
        await store.putLink("o1", link("1001-1"));
        await store.putLink("o1", link("1001-1", { state: "cancelled", canceledByPlugin: true, reason: "reissued" }));
        await store.putLink("o1", link("1001-2", { sequence: 2 }));
        const order = await store.getOrder("o1");
        expect(order?.links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([
          ["1001-1", "cancelled"],
          ["1001-2", "waiting"],
        ]);
        expect(await store.orderIdForMerchantOrderNumber("1001-2")).toBe("o1");
        expect(await store.orderIdForMerchantOrderNumber("nope")).toBeUndefined();
      }));

    it("does not lose concurrent writes to one order's document", () =>
      withFixture(async ({ store }) => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.putLink("o1", link(`1001-${i}`, { sequence: i }))));
        expect((await store.getOrder("o1"))?.links).toHaveLength(20);
      }));

    it("reads batches, leaving unknown orders out, and returns copies", () =>
      withFixture(async ({ store }) => {
        await store.putLink("o1", link("a-1"));
        await store.putLink("o2", link("b-1", { state: "paid" }));
        const states = await store.getOrderStates(["o1", "o2", "o3", "o1"]);
        expect([...states.keys()].sort()).toEqual(["o1", "o2"]);
        states.get("o1")!.links[0]!.state = "paid";
        expect((await store.getOrder("o1"))?.links[0]?.state).toBe("waiting");
      }));

    it("finds nothing, without failing, for ids no order can have (a NUL, which PostgreSQL cannot hold)", () =>
      withFixture(async ({ store }) => {
        await store.putLink("o1", link("a-1", { state: "paid" }));
        expect(await store.getOrder("o1\u0000")).toBeUndefined();
        expect([...(await store.getOrderStates(["o1\u0000", "o1"])).keys()]).toEqual(["o1"]);
        expect(await store.getPaymentSummaries(["o1\u0000", "o1"])).toEqual([undefined, { paid: true, current: "paid" }]);
        expect(await store.getPaymentSummaries(["\u0000"])).toEqual([undefined]);
        expect(await store.orderIdForMerchantOrderNumber("a-1\u0000")).toBeUndefined();
        expect(await store.orderIdForMerchantOrderNumber("a-1")).toBe("o1");
      }));

    it("lists orders with open work: waiting links, open intents, unprocessed callbacks; settled orders leave", () =>
      withFixture(async ({ store }) => {
        await store.putLink("o1", link("a-1"));
        await store.putLink("o2", link("b-1", { state: "paid" }));
        const intent = await store.startIntent({ id: "i1", orderId: "o3", kind: "create", merchantOrderNumber: "c-1", replaces: null, startedAt: 5 });
        expect(intent).toMatchObject({ step: "started", completedAt: null, abandonedAt: null });
        const { entry } = await store.recordCallback({ orderId: "o4", merchantOrderNumber: "d-1", receivedAt: 6 });
        expect((await store.listOrdersWithOpenWork()).map((o) => o.orderId).sort()).toEqual(["o1", "o3", "o4"]);

        await store.putLink("o1", link("a-1", { state: "expired" }));
        await store.markIntentStep("o3", "i1", "old-cancelled");
        expect((await store.getOrder("o3"))?.intents[0]?.step).toBe("old-cancelled");
        await store.finishIntent("o3", "i1", { at: 7, outcome: "created" });
        await store.markCallbackProcessed("o4", entry.id, { at: 8, outcome: "paid" });
        expect(await store.listOrdersWithOpenWork()).toEqual([]);
        const o3 = await store.getOrder("o3");
        expect(o3?.intents[0]).toMatchObject({ completedAt: 7, outcome: "created", abandonedAt: null });
        // A finished intent stays finished.
        await store.finishIntent("o3", "i1", { at: 9, outcome: "other", abandoned: true });
        expect((await store.getOrder("o3"))?.intents[0]).toMatchObject({ completedAt: 7, abandonedAt: null });
      }));

    it("lists a paid order while an after-payment call's answer is unknown, and lets it go once settled", () =>
      withFixture(async ({ store, reopen }) => {
        const paid = link("e-1", { state: "paid" });
        const afterPayment = { currency: "SEK", paidMinor: "25000", credits: [], deliveries: [], annulled: null, pending: null };
        await store.putLink("o5", { ...paid, afterPayment });
        expect(await store.listOrdersWithOpenWork()).toEqual([]);
        const pending = { id: "p1", kind: "credit" as const, startedAt: 10, amountMinor: "4000", rows: null, orderRowIds: null };
        await store.putLink("o5", { ...paid, afterPayment: { ...afterPayment, pending } });
        expect((await store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o5"]);
        await store.close();
        const again = await reopen();
        expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o5"]);
        const credits = [{ at: 11, amountMinor: "4000", via: "credit" as const, rows: null }];
        await again.putLink("o5", { ...paid, afterPayment: { ...afterPayment, credits } });
        expect(await again.listOrdersWithOpenWork()).toEqual([]);
        await again.close();
      }));

    it("treats a second callback for a link with an unprocessed entry as a duplicate", () =>
      withFixture(async ({ store }) => {
        const first = await store.recordCallback({ orderId: "o1", merchantOrderNumber: "a-1", receivedAt: 1 });
        const second = await store.recordCallback({ orderId: "o1", merchantOrderNumber: "a-1", receivedAt: 2 });
        expect(first.duplicate).toBe(false);
        expect(second).toEqual({ entry: first.entry, duplicate: true });
        await store.markCallbackProcessed("o1", first.entry.id, { at: 3, outcome: "paid" });
        const third = await store.recordCallback({ orderId: "o1", merchantOrderNumber: "a-1", receivedAt: 4 });
        expect(third.duplicate).toBe(false);
        expect((await store.getOrder("o1"))?.inbox).toHaveLength(2);
      }));

    it("keeps the newest processed callbacks of an order only, and every unprocessed one, however often a callback is replayed", () =>
      withFixture(async ({ store }) => {
        const pending = await store.recordCallback({ orderId: "o1", merchantOrderNumber: "old-1", receivedAt: 0 });
        for (let i = 1; i <= PROCESSED_CALLBACKS_KEPT + 15; i++) {
          const { entry } = await store.recordCallback({ orderId: "o1", merchantOrderNumber: "a-1", receivedAt: i });
          await store.markCallbackProcessed("o1", entry.id, { at: i, outcome: "already-settled" });
        }
        // Trimmed as each callback is recorded: the kept ones, and the newest, processed since.
        const inbox = (await store.getOrder("o1"))!.inbox;
        const last = PROCESSED_CALLBACKS_KEPT + 15;
        expect(inbox.filter((e) => e.processedAt !== null).map((e) => e.receivedAt)).toEqual(
          Array.from({ length: PROCESSED_CALLBACKS_KEPT + 1 }, (_, k) => last - PROCESSED_CALLBACKS_KEPT + k),
        );
        expect(inbox.filter((e) => e.processedAt === null)).toEqual([pending.entry]);
      }));

    it("reserves poll slots at least the gap apart per merchant order number", () =>
      withFixture(async ({ store }) => {
        // A shared store may add a margin for clock skew between nodes; never less than the gap, never a slot in the past.
        const first = await store.reserve("a-1", 1_000, 5_000);
        const second = await store.reserve("a-1", 2_000, 5_000);
        const third = await store.reserve("a-1", 2_000, 5_000);
        expect(first).toBe(1_000);
        expect(second - first).toBeGreaterThanOrEqual(5_000);
        expect(third - second).toBe(second - first);
        expect(third - first).toBeLessThan(14_000);
        expect(await store.reserve("b-1", 2_000, 5_000)).toBe(2_000);
        expect(await store.reserve("a-1", 60_000, 5_000)).toBe(60_000);
      }));

    it("takes a stored poll slot further ahead than a queue of reads explains as a clock jump: reserves from now, and says so", () =>
      withFixture(async (f) => {
        const jumps: number[] = [];
        const tell = (slot: number) => jumps.push(slot);
        // A real queue: reads reserved back to back at one time wait their turn, a gap (plus any margin) apart.
        const queue: number[] = [];
        for (let k = 0; k < 4; k++) queue.push(await f.store.reserve("q-1", 1_000, 5_000, tell));
        expect(queue[3]! - queue[0]!).toBeGreaterThanOrEqual(15_000);
        // An hour ahead: reserved while the clock ran an hour fast (this node or another), then stepped back.
        const hourAhead = 3_600_000 + 1_000;
        expect(await f.store.reserve("a-1", hourAhead, 5_000, tell)).toBe(hourAhead);
        expect(jumps).toEqual([]);
        await f.store.close();
        const again = await f.reopen();
        expect(await again.reserve("a-1", 1_000, 5_000, tell)).toBe(1_000);
        expect(jumps).toEqual([hourAhead]);
        const next = await again.reserve("a-1", 1_000, 5_000, tell);
        expect(next - 1_000).toBeGreaterThanOrEqual(5_000);
        expect(next - 1_000).toBeLessThan(10_000);
        expect(jumps).toHaveLength(1);
        await again.close();
      }));

    it("serializes work on one order, not across orders, and is re-entrant", () =>
      withFixture(async ({ store }) => {
        const events: string[] = [];
        let cStarted!: () => void;
        const cRunning = new Promise<void>((r) => (cStarted = r));
        const task = (orderId: string, name: string, whileHeld: () => Promise<unknown>) =>
          store.withOrderLock(orderId, async () => {
            events.push(`${name}:start`);
            if (name === "c") cStarted();
            await whileHeld();
            events.push(`${name}:end`);
          });
        // a holds o1 until c (another order) has started, or gives up after 5 s: c must not wait for a.
        const cOrTimeout = () => Promise.race([cRunning, new Promise((r) => setTimeout(r, 5_000))]);
        const nap = () => new Promise((r) => setTimeout(r, 5));
        await Promise.all([task("o1", "a", cOrTimeout), task("o1", "b", nap), task("o2", "c", nap)]);
        expect(events.indexOf("a:end")).toBeLessThan(events.indexOf("b:start"));
        expect(events.indexOf("c:start")).toBeLessThan(events.indexOf("a:end"));
        // A host that saves the order from inside the plugin's call into it gets in; the plugin never nests otherwise.
        const nested = await store.withOrderLock("o1", () => callingHost(() => store.withOrderLock("o1", async () => "inner")));
        expect(nested).toBe("inner");
      }));

    it("makes work a holder left running wait for the holder while it still holds", () =>
      withFixture(async ({ store }) => {
        const probe = new OverlapProbe();
        let leftRunning!: Promise<void>;
        await store.withOrderLock("o1", async () => {
          leftRunning = store.withOrderLock("o1", () => probe.critical(40));
          await probe.critical(40);
        });
        await leftRunning;
        expect(probe.most).toBe(1);
      }));

    it("does not let work a holder left running skip the lock after the holder released it", () =>
      withFixture(async ({ store }) => {
        const probe = new OverlapProbe();
        const critical = () => probe.critical(40);
        let leftRunning!: Promise<void>;
        let nextIsIn!: () => void;
        const nextHolderIn = new Promise<void>((r) => (nextIsIn = r));
        // The holder starts a save of its own order that it does not await (a host's fire-and-forget from its status
        // callback); that work asks for the lock only after the holder released it and the next holder took it.
        await store.withOrderLock("o1", async () => {
          leftRunning = nextHolderIn.then(() => new Promise((r) => setTimeout(r, 10))).then(() => store.withOrderLock("o1", critical));
        });
        const next = store.withOrderLock("o1", async () => {
          nextIsIn();
          await critical();
        });
        await Promise.all([leftRunning, next]);
        expect(probe.most).toBe(1);
      }));

    /** Holds the order's lock until released; resolves `running` once the holder is inside (a shared store takes a round trip). */
    function holdLock<T>(store: PluginStore, orderId: string, value: T) {
      let release!: () => void;
      let entered!: () => void;
      const running = new Promise<void>((r) => (entered = r));
      const done = store.withOrderLock(orderId, () => {
        entered();
        return new Promise<T>((r) => (release = () => r(value)));
      });
      return { running, done, release: () => release() };
    }

    it("gives up waiting for a busy order with OrderBusyError and keeps the queue order", () =>
      withFixture(async ({ store }) => {
        const first = holdLock(store, "o1", "first");
        await first.running;
        const controller = new AbortController();
        const impatient = store.withOrderLock("o1", async () => "impatient", { signal: controller.signal });
        const patient = store.withOrderLock("o1", async () => "patient");
        controller.abort();
        await expect(impatient).rejects.toBeInstanceOf(OrderBusyError);
        let patientDone = false;
        void patient.then(() => (patientDone = true));
        await new Promise((r) => setTimeout(r, 5));
        expect(patientDone).toBe(false);
        first.release();
        expect(await first.done).toBe("first");
        expect(await patient).toBe("patient");
      }));

    it("records a callback while the order's lock is held elsewhere", () =>
      withFixture(async ({ store }) => {
        const held = holdLock(store, "o1", undefined);
        await held.running;
        const recorded = await store.recordCallback({ orderId: "o1", merchantOrderNumber: "a-1", receivedAt: 1 });
        expect(recorded.duplicate).toBe(false);
        held.release();
        await held.done;
      }));

    it("keeps every text as given, even U+0000 and half a character (PostgreSQL holds neither as it is), so a payment always lands", () =>
      withFixture(async (f) => {
        // What a link could carry from Svea (the clients replace such text; a store must not depend on it), beside text
        // that looks like an escape of it, an emoji whole, and the private-use character an encoding might use.
        const odd = ["nul \u0000 in", "high \uD83D alone", "low \uDE00 alone", "\uD83D\uDE00 whole", "\uE000 0000 \uE0000041", "\\u0000 typed"];
        const paid = link("a-1", {
          state: "paid",
          hostUntold: true,
          paymentMethod: odd[0]!,
          paymentType: odd[1]!,
          detail: odd.join("|"),
          paidItems: [{ name: odd[2]!, articleNumber: odd[3]!, unit: odd[4]!, merchantData: odd[5]!, quantity: 100, unitPrice: 1000, vatPercent: 2500 }],
        });
        // Waiting first, as a real payment goes: the order is open work from then on, until the host is told.
        await f.store.putLink("o1", { ...link("a-1"), detail: odd.join("|") });
        await f.store.putLink("o1", paid);
        const expected = { orderId: "o1", links: [paid] };
        expect(await f.store.getOrder("o1")).toMatchObject(expected);
        expect((await f.store.getOrderStates(["o1"])).get("o1")).toMatchObject(expected);
        expect(await f.store.listOrdersWithOpenWork()).toMatchObject([expected]);
        expect(await f.store.getPaymentSummaries(["o1"])).toEqual([{ paid: true, current: "paid" }]);
        // Told at last: a change to the record keeps the texts too.
        await f.store.putLink("o1", { ...paid, hostUntold: undefined });
        await f.store.close();
        const again = await f.reopen();
        const { hostUntold: _told, ...told } = paid;
        expect((await again.getOrder("o1"))?.links).toEqual([told]);
        expect(await again.listOrdersWithOpenWork()).toEqual([]);
        await again.close();
      }));

    it("lists an order as open work once a link the host was not told is put, even on an order that had none", () =>
      withFixture(async (f) => {
        // A paid link whose host report failed, put on an order with no open work (no earlier waiting link here):
        // reconcile finds orders through the open-work list, so without it the host would never hear "paid".
        const paid = link("a-1", { state: "paid", hostUntold: true });
        await f.store.putLink("o1", paid);
        expect((await f.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await f.store.close();
        const again = await f.reopen();
        expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await again.putLink("o1", { ...paid, hostUntold: undefined });
        expect(await again.listOrdersWithOpenWork()).toEqual([]);
        await again.close();
      }));

    it("lists a paid order whose links beside the payment are still to end as open work, across a restart, until the mark comes off", () =>
      withFixture(async (f) => {
        // The mark is written with the payment; a process stopped before it ended the links beside it leaves only the
        // mark to bring reconcile back (no waiting link, no open intent).
        const paid = link("a-2", { state: "paid", endLinksBeside: true });
        await f.store.putLink("o1", link("a-1", { state: "expired", reason: "expired" }));
        await f.store.putLink("o1", paid);
        expect((await f.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await f.store.close();
        const again = await f.reopen();
        expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        const { endLinksBeside: _ended, ...unmarked } = paid;
        await again.putLink("o1", unmarked);
        expect(await again.listOrdersWithOpenWork()).toEqual([]);
        expect((await again.getOrder("o1"))?.links.at(-1)).toEqual(unmarked);
        await again.close();
      }));

    it("lists an order whose expired link Svea may still let the customer pay, across a restart, until it is seen ended", () =>
      withFixture(async (f) => {
        // Recorded expired from an Active answer, without a cancel (a check-now past the plugin's expiry).
        const grey = link("g-1", { state: "expired", reason: "expired", sveaStatus: "Active" });
        await f.store.putLink("o1", grey);
        // Ended by the plugin, or by Svea itself, or recorded before the plugin kept Svea's word: nothing to read unattended.
        await f.store.putLink("o2", { ...grey, merchantOrderNumber: "g-2", canceledByPlugin: true, sveaStatus: "Canceled" });
        await f.store.putLink("o3", { ...grey, merchantOrderNumber: "g-3", sveaStatus: "Canceled" });
        const { sveaStatus: _unknown, ...unread } = grey;
        await f.store.putLink("o4", { ...unread, merchantOrderNumber: "g-4" });
        expect((await f.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await f.store.close();
        const again = await f.reopen();
        expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await again.putLink("o1", { ...grey, canceledByPlugin: true, sveaStatus: "Canceled" });
        expect(await again.listOrdersWithOpenWork()).toEqual([]);
        await again.close();
      }));

    it("lists an order whose create failed for good may still be stored late by Svea, across a restart, until it is read at or past its expiry", () =>
      withFixture(async (f) => {
        // Svea answered 404 past the create's window: failed for good, read at 2 000 ms, expiring at 1 000 + 48 h.
        const late = link("l-1", { state: "failed", reason: "timeout", paymentOrderId: null, instoreUiUri: null, mayExistAtSvea: false, checkedAt: 2_000 });
        await f.store.putLink("o1", late);
        // Refused outright (never read), and one Svea had created: nothing to watch.
        await f.store.putLink("o2", { ...late, merchantOrderNumber: "l-2", checkedAt: null });
        await f.store.putLink("o3", { ...late, merchantOrderNumber: "l-3", paymentOrderId: 7 });
        expect((await f.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await f.store.close();
        const again = await f.reopen();
        expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await again.putLink("o1", { ...late, checkedAt: late.expiresAt });
        expect(await again.listOrdersWithOpenWork()).toEqual([]);
        await again.close();
      }));

    it("keeps which create the host was told is being checked, across a restart, and lists the order until the host is told otherwise", () =>
      withFixture(async (f) => {
        // Nothing to note on an order the store does not hold.
        await f.store.setHostBeingChecked("o9", "9-1");
        expect(await f.store.getOrder("o9")).toBeUndefined();
        const lost = link("1001-1", { state: "failed", reason: "timeout", paymentOrderId: null, instoreUiUri: null });
        await f.store.putLink("o1", lost);
        await f.store.setHostBeingChecked("o1", "1001-1");
        // Svea has never heard of it, for good: nothing else is open, but the host still holds it as being checked.
        await f.store.putLink("o1", { ...lost, mayExistAtSvea: false });
        expect((await f.store.getOrder("o1"))?.hostBeingChecked).toBe("1001-1");
        expect((await f.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await f.store.close();
        const again = await f.reopen();
        expect((await again.getOrder("o1"))?.hostBeingChecked).toBe("1001-1");
        expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        await again.setHostBeingChecked("o1", null);
        expect(await again.getOrder("o1")).not.toHaveProperty("hostBeingChecked");
        expect(await again.listOrdersWithOpenWork()).toEqual([]);
        await again.close();
      }));

    it("carries link fields it does not know (added by a later version) through unchanged", () =>
      withFixture(async (f) => {
        const later = { ...link("a-1"), credits: [{ id: "c1", amountMinor: 1250 }], deliveredAt: 77 } as LinkRecord;
        await f.store.putLink("o1", later);
        await f.store.putLink("o1", link("a-2", { sequence: 2 }));
        expect((await f.store.getOrder("o1"))?.links[0]).toEqual(later);
        await f.store.close();
        const again = await f.reopen();
        expect((await again.getOrderStates(["o1"])).get("o1")?.links[0]).toEqual(later);
        await again.close();
      }));

    it("claims each schedule firing once, durably, whatever asks again", () =>
      withFixture(async (f) => {
        const at = Date.UTC(2026, 2, 3, 1, 0);
        const claims = await Promise.all([1, 2, 3].map(() => f.store.claimScheduleFiring("expire-links", at)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await f.store.claimScheduleFiring("reconcile", at)).toBe(true);
        expect(await f.store.claimScheduleFiring("expire-links", at + 86_400_000)).toBe(true);
        await f.store.close();
        const again = await f.reopen();
        expect(await again.claimScheduleFiring("expire-links", at)).toBe(false);
        expect(await again.claimScheduleFiring("expire-links", at + 86_400_000)).toBe(false);
        expect(await again.claimScheduleFiring("reconcile", at + 900_000)).toBe(true);
        await again.close();
      }));

    it("claims each exact firing time once: after a forward jump and a step back, the earlier firings never claimed still run, across a restart", () =>
      withFixture(async (f) => {
        // A clock set an hour ahead: reconcile fires at the jumped-to slots; then a restart on the corrected clock.
        const quarter = 15 * 60_000;
        const now = Date.UTC(2026, 2, 3, 9, 0);
        for (const at of [now + 4 * quarter, now + 5 * quarter]) expect(await f.store.claimScheduleFiring("reconcile", at)).toBe(true);
        await f.store.close();
        const again = await f.reopen();
        expect(await again.claimScheduleFiring("reconcile", now)).toBe(true);
        expect(await again.claimScheduleFiring("reconcile", now + quarter)).toBe(true);
        expect(await again.claimScheduleFiring("reconcile", now + quarter)).toBe(false);
        // The real clock reaches the slots the jump already ran: each runs once, not again.
        expect(await again.claimScheduleFiring("reconcile", now + 4 * quarter)).toBe(false);
        expect(await again.claimScheduleFiring("reconcile", now + 6 * quarter)).toBe(true);
        await again.close();
        const third = await f.reopen();
        for (const at of [now, now + quarter, now + 4 * quarter, now + 5 * quarter, now + 6 * quarter]) expect(await third.claimScheduleFiring("reconcile", at)).toBe(false);
        expect(await third.claimScheduleFiring("reconcile", now + 2 * quarter)).toBe(true);
        await third.close();
      }));

    it("keeps a month (FIRINGS_KEPT_MS) of claimed firings, and refuses one older than that behind the newest instead of running it again", () =>
      withFixture(async ({ store }) => {
        const day = 86_400_000;
        const start = Date.UTC(2026, 0, 1, 1, 0);
        for (let d = 0; d < 40; d++) expect(await store.claimScheduleFiring("expire-links", start + d * day)).toBe(true);
        const newest = start + 39 * day;
        // Forgotten (pruned): refused, not run a second time. Kept and claimed: refused. Inside the window, unclaimed: taken.
        expect(await store.claimScheduleFiring("expire-links", start)).toBe(false);
        expect(await store.claimScheduleFiring("expire-links", newest - FIRINGS_KEPT_MS)).toBe(false);
        expect(await store.claimScheduleFiring("expire-links", newest - day)).toBe(false);
        expect(await store.claimScheduleFiring("expire-links", newest - day + 3_600_000)).toBe(true);
        expect(await store.claimScheduleFiring("expire-links", newest - FIRINGS_KEPT_MS + 1)).toBe(true);
        expect(FIRINGS_KEPT_MS).toBe(31 * day);
      }));

    it("keeps everything across a restart", () =>
      withFixture(async (f) => {
        await f.store.putLink("o1", link("a-1"));
        await f.store.startIntent({ id: "i1", orderId: "o1", kind: "cancel", merchantOrderNumber: "a-1", replaces: null, startedAt: 1 });
        await f.store.recordCallback({ orderId: "o1", merchantOrderNumber: "a-1", receivedAt: 2 });
        await f.store.reserve("a-1", 1_000, 5_000);
        await f.store.close();
        const again = await f.reopen();
        const order = await again.getOrder("o1");
        expect(order?.links).toHaveLength(1);
        expect(order?.intents[0]?.kind).toBe("cancel");
        expect(order?.inbox).toHaveLength(1);
        expect(await again.orderIdForMerchantOrderNumber("a-1")).toBe("o1");
        expect((await again.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["o1"]);
        expect(await again.reserve("a-1", 1_000, 5_000)).toBeGreaterThanOrEqual(6_000);
        await again.close();
      }));
  });
}
