// Reconcile over intent records crafted through the store API (what a crash leaves behind), with an in-process Svea fake.
import { describe, expect, it } from "vitest";
import { processCallback, reconcile, type UseCaseDeps } from "../../plugin/use-cases/index.js";
import { buildSveaOrder } from "../../plugin/svea-order/index.js";
import { currentLink, type IntentRecord } from "../../plugin/store/index.js";
import { createInterruptedAfterBegin } from "../plugin/support/crashed-create.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../plugin/support/plugin-test-kit.js";

async function kit(settings = testSettings({ linkLifetimeMinutes: 60 })) {
  const svea = new FakeSvea();
  const k = await startKit(settings, { svea });
  const save = async (id: string, overrides = {}) => {
    const order = hostOrder({ id, number: `N${id}`, ...overrides });
    k.orders.orders.set(id, order);
    const result = await k.instance.hooks["order.save"]({ order, locale: "en" });
    return result.accepted ? result.paymentView!.links.at(-1)!.merchantOrderNumber : "";
  };
  return { ...k, svea, save };
}

/** What a crash right after a re-issue wrote its intent leaves: the intent (step "started"), nothing else. */
function reissueInterruptedAfterBegin(deps: UseCaseDeps, replaces: string) {
  return deps.store.beginLink("a", "Na", (sequence) => ({
    id: "reissue",
    orderId: "a",
    kind: "reissue",
    merchantOrderNumber: `Na-${sequence}-crash`,
    replaces,
    startedAt: deps.clock.now(),
    sequence,
    fingerprint: "f",
  }));
}

describe("reconcile settles a cancel whose answer was lost", () => {
  it("a cancel held up at Svea that landed after the payment: the paid link is read, shown paid then credited, and no longer pickable", async () => {
    const { svea, save, deps, orders, instance, clock } = await kit();
    const m = await save("a");
    // A delete on a node that was then killed: its cancel intent is open. The customer paid; the callback made the
    // link paid. Then the held-up cancel reached Svea, which credits a paid order in full.
    await deps.store.startIntent({ id: "held-cancel", orderId: "a", kind: "cancel", merchantOrderNumber: m, replaces: null, startedAt: deps.clock.now() });
    svea.complete(m);
    const { entry } = await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: m, receivedAt: deps.clock.now() });
    expect(await processCallback(deps, entry)).toBe("paid");
    svea.orders.get(m)!.status = "Canceled";
    svea.orders.get(m)!.credited = true;
    clock.advance(6_000);

    expect(await reconcile(deps)).toMatchObject({ errors: 0 });
    const record = await deps.store.getOrder("a");
    expect(record?.links[0]).toMatchObject({ state: "cancelled", flags: ["paid-then-credited"] });
    expect(record?.intents.find((i) => i.id === "held-cancel")).toMatchObject({ outcome: "settled:cancelled" });
    expect(orders.last("a")).toMatchObject({ state: "cancelled", flags: ["paid-then-credited"] });
    const picking = await instance.hooks["picking.filter"]({ orders: [{ id: "a", paymentMethod: "svea-instore" }], locale: "en" });
    expect(picking.pickable).toEqual([]);
  });

  it("Canceled at Svea: the plugin's own cancel landed, so the link is cancelled by the plugin (black), not declined", async () => {
    const { svea, save, deps, orders } = await kit();
    const m = await save("a");
    await deps.store.startIntent({ id: "lost-cancel", orderId: "a", kind: "cancel", merchantOrderNumber: m, replaces: null, startedAt: deps.clock.now() });
    svea.orders.get(m)!.status = "Canceled";
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ intents: 1, errors: 0 });
    const record = await deps.store.getOrder("a");
    expect(record?.links[0]).toMatchObject({ state: "cancelled", canceledByPlugin: true });
    expect(record?.links[0]?.reason).not.toBe("declined");
    expect(record?.intents.find((i) => i.id === "lost-cancel")).toMatchObject({ outcome: "settled:cancelled" });
    expect(orders.last("a")?.state).toBe("cancelled");
  });

  it("a cancel sent after the link's expiry leaves it expired (grey)", async () => {
    const { svea, save, deps, clock } = await kit();
    const m = await save("a");
    clock.advance(61 * 60_000);
    await deps.store.startIntent({ id: "late-cancel", orderId: "a", kind: "cancel", merchantOrderNumber: m, replaces: null, startedAt: deps.clock.now() });
    svea.orders.get(m)!.status = "Canceled";
    await reconcile(deps);
    expect((await deps.store.getOrder("a"))?.links[0]).toMatchObject({ state: "expired", reason: "expired" });
  });

  it("still Active at Svea: the cancel never landed, the link stays waiting and the intent is closed", async () => {
    const { svea, save, deps } = await kit();
    const m = await save("a");
    await deps.store.startIntent({ id: "never-landed", orderId: "a", kind: "cancel", merchantOrderNumber: m, replaces: null, startedAt: deps.clock.now() });
    await reconcile(deps);
    const record = await deps.store.getOrder("a");
    expect(record?.links[0]?.state).toBe("waiting");
    expect(record?.intents.find((i) => i.id === "never-landed")).toMatchObject({ outcome: "settled:waiting" });
    expect(svea.active()).toEqual([m]);
  });
});

describe("reconcile settles a re-issue interrupted before its cancel answered", () => {
  it("old link Canceled at Svea, create never sent: the old link is the plugin's cancel and the new link is created", async () => {
    const { svea, save, deps } = await kit();
    const old = await save("a");
    const intent = await reissueInterruptedAfterBegin(deps, old);
    svea.orders.get(old)!.status = "Canceled";
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ recreated: 1, errors: 0 });
    const record = await deps.store.getOrder("a");
    expect(record?.links.find((l) => l.merchantOrderNumber === old)).toMatchObject({ state: "cancelled", canceledByPlugin: true, reason: "reissued" });
    expect(record?.links.find((l) => l.merchantOrderNumber === intent.merchantOrderNumber)?.state).toBe("failed");
    expect(currentLink(record)?.state).toBe("waiting");
    expect(svea.active()).toEqual([currentLink(record)?.merchantOrderNumber]);
  });

  it("old link Canceled with the payment on it: the re-issue's cancel credited a payment, so it is paid, then credited, and the new link is created", async () => {
    const { svea, save, deps, orders } = await kit();
    const old = await save("a");
    await reissueInterruptedAfterBegin(deps, old);
    // The customer paid before the held-up cancel ran at Svea, and the cancel credited the payment.
    svea.complete(old);
    svea.orders.get(old)!.status = "Canceled";
    svea.orders.get(old)!.credited = true;
    expect(await reconcile(deps)).toMatchObject({ recreated: 1, errors: 0 });
    const record = await deps.store.getOrder("a");
    expect(record?.links.find((l) => l.merchantOrderNumber === old)).toMatchObject({ state: "cancelled", canceledByPlugin: true, flags: ["paid-then-credited"] });
    expect(currentLink(record)?.state).toBe("waiting");
    expect(orders.last("a")).toMatchObject({ state: "waiting", flags: ["paid-then-credited"] });
  });

  it("old link still Active: the re-issue never got past its cancel, so the old link stands and nothing is created", async () => {
    const { svea, save, deps } = await kit();
    const old = await save("a");
    await reissueInterruptedAfterBegin(deps, old);
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ recreated: 0, errors: 0 });
    expect(svea.count("create")).toBe(1);
    expect(svea.active()).toEqual([old]);
    const record = await deps.store.getOrder("a");
    expect(record?.intents.find((i) => i.id === "reissue")).toMatchObject({ outcome: "old-link-stands" });
    expect(currentLink(record)?.merchantOrderNumber).toBe(old);
  });
});

describe("a link rebuilt from its intent", () => {
  it("knows the deferredDelivery and amount its create sent, so the paid order's view says whether there is anything to deliver", async () => {
    const { svea, save, deps, instance } = await kit(testSettings({ linkLifetimeMinutes: 60, deferredDelivery: true }));
    // Every create intent carries what its create sends.
    await save("a");
    expect((await deps.store.getOrder("a"))?.intents[0]).toMatchObject({ kind: "create", deferredDelivery: true, amount: { currency: "SEK", minor: expect.stringMatching(/^[1-9]\d*$/) } });
    // A crash during a create: its intent is open and no link record was written, but Svea stored it and it was paid.
    const lost = await createInterruptedAfterBegin(deps, "b", { fingerprint: "f", deferredDelivery: true, amount: { currency: "SEK", minor: "25000" } });
    svea.orders.set(lost.merchantOrderNumber, { request: {} as never, status: "Completed", paymentOrderId: 78, paymentMethodType: "Invoice", credited: false });
    const summary = await reconcile(deps);
    expect(summary.errors).toBe(0);
    const record = await deps.store.getOrder("b");
    expect(record?.links[0]).toMatchObject({ merchantOrderNumber: lost.merchantOrderNumber, state: "paid", deferredDelivery: true, amount: { currency: "SEK", minor: "25000" } });
    const { views } = await instance.hooks["order.payment-view"]({ orderIds: ["b"], locale: "en" });
    expect(views[0]).toMatchObject({ state: "paid", delivery: "deferred" });
  });
});

describe("no order keeps two Active links", () => {
  it("a create lost in a crash that landed at Svea after the order got a newer link is cancelled there, and the newer link stays current", async () => {
    const { svea, save, deps } = await kit();
    await save("a");
    // A crash during this create: its intent is open and no link record was written, but Svea stored the order.
    const lost = await createInterruptedAfterBegin(deps, "a");
    svea.orders.set(lost.merchantOrderNumber, { request: {} as never, status: "Active", paymentOrderId: 77, paymentMethodType: null, credited: false });
    // After the restart the clerk changes the order: a newer link is issued.
    const newest = await save("a", { rows: [{ name: "Table", quantity: "1", unitPrice: "300", vatPercent: "25" }], total: "300" });

    const summary = await reconcile(deps);
    expect(summary.errors).toBe(0);
    expect(svea.active()).toEqual([newest]);
    const record = await deps.store.getOrder("a");
    expect(currentLink(record)).toMatchObject({ merchantOrderNumber: newest, state: "waiting" });
    // The save after the restart settled the lost create first (Svea had it: adopted), then re-issued it for the change.
    expect(record?.intents.find((i) => i.id === "lost-create")).toMatchObject({ outcome: "settled:waiting" });
    expect(record?.links.find((l) => l.merchantOrderNumber === "Na-2-lost")).toMatchObject({ state: "cancelled", reason: "reissued" });
  });

  it("keeps the newest link by sequence, even when an older one was stored last", async () => {
    const { svea, save, deps } = await kit();
    const current = await save("a");
    const stored = (await deps.store.getOrder("a"))!.links[0]!;
    // An older link (sequence 0) adopted after the current one: last in the list, but not the newest.
    svea.orders.set("Na-0-old", { request: {} as never, status: "Active", paymentOrderId: 70, paymentMethodType: null, credited: false });
    await deps.store.putLink("a", { ...stored, merchantOrderNumber: "Na-0-old", sequence: 0 });
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ extraLinksCancelled: 1, errors: 0 });
    expect(svea.active()).toEqual([current]);
    expect((await deps.store.getOrder("a"))?.links.find((l) => l.merchantOrderNumber === "Na-0-old")?.state).toBe("cancelled");
  });

  it("a paid order keeps no payable link, and the host keeps the addresses the payment brought", async () => {
    const { svea, save, deps, orders, clock } = await kit();
    const paid = await save("a");
    const stored = (await deps.store.getOrder("a"))!.links[0]!;
    svea.orders.set("Na-2-stray", { request: {} as never, status: "Active", paymentOrderId: 71, paymentMethodType: null, credited: false });
    await deps.store.putLink("a", { ...stored, merchantOrderNumber: "Na-2-stray", sequence: 2 });
    svea.complete(paid);
    await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: paid, receivedAt: clock.now() });
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ callbacks: 1, paid: 1, extraLinksCancelled: 1, errors: 0 });
    expect(svea.active()).toEqual([]);
    expect(orders.last("a")).toMatchObject({ state: "paid", billingAddress: { city: "Stockholm" } });
  });
});

describe("a create a stopped process left without its answer, met by the next action on the order", () => {
  /** The order "a" as the host has it, and a create for it that a crash (kill -9) left open with Svea holding it Active. */
  async function crashedFirstCreate(version: "as-the-host-has-it" | "another") {
    const k = await kit();
    const order = hostOrder({ id: "a", number: "Na" });
    k.orders.orders.set("a", order);
    const built = buildSveaOrder({ order, settings: k.deps.settings, merchantOrderNumber: "provisional", callbackUri: k.deps.callbackUrlFor("provisional"), locale: "en" });
    if (!built.ok) throw new Error("the test order does not build");
    const lost = await createInterruptedAfterBegin(k.deps, "a", { fingerprint: version === "another" ? "fingerprint-of-an-edit-the-host-never-stored" : built.fingerprint });
    k.svea.orders.set(lost.merchantOrderNumber, { request: {} as never, status: "Active", paymentOrderId: 77, paymentMethodType: null, credited: false });
    return { ...k, order, lost: lost.merchantOrderNumber };
  }

  it("a delete finds the link Svea holds and cancels it before the order is deleted", async () => {
    const { instance, svea, order, lost, deps } = await crashedFirstCreate("as-the-host-has-it");
    const deleted = await instance.hooks["order.delete"]({ order, locale: "en" });
    expect(deleted.accepted).toBe(true);
    expect(svea.active()).toEqual([]);
    expect((await deps.store.getOrder("a"))?.links).toMatchObject([{ merchantOrderNumber: lost, state: "cancelled", reason: "deleted" }]);
  });

  it("a delete while Svea does not have it yet: once it lands, reconcile cancels it; paid first, it is flagged as a payment to refund", async () => {
    for (const paidFirst of [false, true]) {
      const { instance, svea, order, lost, deps, orders, clock } = await crashedFirstCreate("as-the-host-has-it");
      const landed = svea.orders.get(lost)!;
      svea.orders.delete(lost);
      const deleted = await instance.hooks["order.delete"]({ order, locale: "en" });
      expect(deleted.accepted).toBe(true);
      // The create Svea was holding lands after the delete.
      svea.orders.set(lost, landed);
      clock.advance(6_000);
      if (paidFirst) {
        svea.complete(lost);
        const { entry } = await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: lost, receivedAt: clock.now() });
        await processCallback(deps, entry);
        expect(orders.last("a"), "paid first").toMatchObject({ state: "paid", flags: ["extra-payment"] });
        // No cancel was ever sent for it (the delete only noted that the order no longer wants it): the payment to
        // refund is not held back for one.
        expect((await deps.store.getOrder("a"))?.links.map((l) => [l.state, l.cancelMayLand])).toEqual([["paid", undefined]]);
      } else {
        expect(await reconcile(deps)).toMatchObject({ errors: 0 });
        expect(svea.active()).toEqual([]);
        // The link the customer was texted is in the order's history, cancelled for the delete.
        expect((await deps.store.getOrder("a"))?.links).toMatchObject([{ merchantOrderNumber: lost, state: "cancelled", reason: "deleted", canceledByPlugin: true }]);
      }
    }
  });

  it("the customer's callback for it makes the order paid (not an unknown link), and the host is told", async () => {
    const { svea, lost, deps, orders, clock } = await crashedFirstCreate("as-the-host-has-it");
    svea.complete(lost);
    const { entry } = await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: lost, receivedAt: clock.now() });
    // Settling the lost create read it Completed: the link is recorded paid, and the callback has nothing left to do.
    expect(await processCallback(deps, entry)).toBe("already-settled");
    expect((await deps.store.getOrder("a"))?.links).toMatchObject([{ merchantOrderNumber: lost, state: "paid" }]);
    expect(orders.last("a")).toMatchObject({ state: "paid" });
  });

  it("the clerk's next save adopts it instead of texting the customer a second link", async () => {
    const { instance, svea, order, lost } = await crashedFirstCreate("as-the-host-has-it");
    const saved = await instance.hooks["order.save"]({ order, locale: "en" });
    expect(saved.accepted && saved.paymentView?.links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([[lost, "waiting"]]);
    expect(svea.count("create")).toBe(0);
    expect(svea.active()).toEqual([lost]);
  });

  it("a host whose orders.get answers what is not an order (a JSON string not parsed) gets no link cancelled: reconcile says so and tries again", async () => {
    const { svea, lost, deps, orders, order, logger } = await crashedFirstCreate("as-the-host-has-it");
    const get = orders.get.bind(orders);
    orders.get = async () => JSON.stringify(order) as never;
    const summary = await reconcile(deps);
    expect(summary.errors).toBeGreaterThan(0);
    expect(svea.active()).toEqual([lost]);
    expect(logger.lines.join("\n")).toMatch(/HostOrderInvalidError.*orders.get\(\\"a\\"\) answered what is not an order of the host contract/);
    // Once the host answers an order again, the same run adopts the link the customer has.
    orders.get = get;
    expect(await reconcile(deps)).toMatchObject({ errors: 0 });
    expect(currentLink(await deps.store.getOrder("a"))).toMatchObject({ merchantOrderNumber: lost, state: "waiting" });
    expect(svea.active()).toEqual([lost]);
  });

  it("sent for a version of the order the host does not have: reconcile cancels it and issues a link for the host's version", async () => {
    const { svea, lost, deps } = await crashedFirstCreate("another");
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ recreated: 1, errors: 0 });
    const current = currentLink(await deps.store.getOrder("a"));
    expect(current).toMatchObject({ state: "waiting" });
    expect(current?.merchantOrderNumber).not.toBe(lost);
    expect(svea.active()).toEqual([current!.merchantOrderNumber]);
    expect((await deps.store.getOrder("a"))?.intents.find((i) => i.id === "lost-create")?.outcome).toBe("host-version-differs:stale:canceled:recreated");
    // The link the customer was texted before the crash stays in the history, cancelled, before the new one.
    expect((await deps.store.getOrder("a"))?.links.map((l) => [l.merchantOrderNumber, l.state, l.reason])).toEqual([
      [lost, "cancelled", "replaced"],
      [current!.merchantOrderNumber, "waiting", null],
    ]);
  });

  it("sent for a version the host does not have and not yet at Svea on the first run: its own cancel does not turn the next run into a delete's", async () => {
    const { svea, lost, deps, clock } = await crashedFirstCreate("another");
    const landed = svea.orders.get(lost)!;
    svea.orders.delete(lost);
    // Svea answers 404 inside the create's window: the intent stays open, beside the cancel reconcile wrote for it.
    expect(await reconcile(deps)).toMatchObject({ recreated: 0, errors: 0 });
    svea.orders.set(lost, landed);
    clock.advance(6_000);
    expect(await reconcile(deps)).toMatchObject({ recreated: 1, errors: 0 });
    const links = (await deps.store.getOrder("a"))?.links ?? [];
    expect(links.map((l) => [l.merchantOrderNumber === lost, l.state, l.reason])).toEqual([
      [true, "cancelled", "replaced"],
      [false, "waiting", null],
    ]);
  });

  it("sent for a version the host does not have, then the clerk saves: the lost link shows cancelled and the clerk is told a new link replaces it", async () => {
    const { instance, svea, lost, order } = await crashedFirstCreate("another");
    const saved = await instance.hooks["order.save"]({ order, locale: "en" });
    if (!saved.accepted) throw new Error(JSON.stringify(saved.errors));
    const links = saved.paymentView!.links;
    expect(links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([
      [lost, "cancelled"],
      [links[1]!.merchantOrderNumber, "waiting"],
    ]);
    expect(saved.notices.map((n) => n.code)).toEqual(["phone-normalised", "link-reissued", "sms-will-be-sent"]);
    expect(svea.active()).toEqual([links[1]!.merchantOrderNumber]);
  });

  it("shown as being checked, not as no payment link, from the moment the process is back; a check-now while Svea does not have it yet says so, and once it landed shows it waiting", async () => {
    const { instance, svea, lost, order, clock } = await crashedFirstCreate("as-the-host-has-it");
    const landed = svea.orders.get(lost)!;
    svea.orders.delete(lost);
    const viewed = async () => (await instance.hooks["order.payment-view"]({ orderIds: ["a"], locale: "en" })).views[0];
    expect(await viewed()).toMatchObject({
      state: "checking",
      icon: { name: "svea-instore-checking", colour: "own" },
      label: "Being checked with Svea: the payment link may have been sent to the customer",
      paymentLink: null,
      links: [],
    });
    const checked = await instance.hooks["order.check-payment"]({ order, locale: "en" });
    expect(checked.paymentView?.state).toBe("checking");
    expect(checked.notices.map((n) => n.code)).toEqual(["not-at-svea-yet", "result"]);
    expect(checked.notices[1]?.message).toBe("Payment status: Being checked with Svea: the payment link may have been sent to the customer.");
    svea.orders.set(lost, landed);
    clock.advance(6_000);
    const again = await instance.hooks["order.check-payment"]({ order, locale: "en" });
    expect(again.paymentView).toMatchObject({ state: "waiting", links: [{ merchantOrderNumber: lost, state: "waiting" }] });
    expect(again.notices.map((n) => n.code)).toEqual(["result"]);
    expect(svea.count("create")).toBe(0);
  });

  it("a lost create not yet at Svea when the next save comes: the save sends it under its own number, so when the lost one arrives Svea refuses it and the order keeps one link", async () => {
    const { instance, svea, lost, order, deps, clock } = await crashedFirstCreate("as-the-host-has-it");
    svea.orders.delete(lost);
    // Not at Svea yet: the save cannot adopt it, and never issues a second link beside it.
    const saved = await instance.hooks["order.save"]({ order, locale: "en" });
    if (!saved.accepted) throw new Error(JSON.stringify(saved.errors));
    expect(saved.paymentView).toMatchObject({ state: "waiting", links: [{ merchantOrderNumber: lost, state: "waiting" }] });
    expect(saved.notices.map((n) => n.code)).toEqual(["phone-normalised", "sms-will-be-sent"]);
    expect(svea.calls.filter((c) => c.kind === "create").map((c) => c.merchantOrderNumber)).toEqual([lost]);
    clock.advance(6_000);
    expect(await reconcile(deps)).toMatchObject({ intents: 0, errors: 0 });
    const record = await deps.store.getOrder("a");
    expect(record?.links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([[lost, "waiting"]]);
    expect(record?.intents.filter((i) => i.completedAt === null && i.abandonedAt === null)).toEqual([]);
    expect(svea.active()).toEqual([lost]);
  });

  it("a lost create for an edit the host never stored, not yet at Svea: the save sends the host's version under the lost number, so the edit can never be paid", async () => {
    const { instance, svea, lost, order, deps } = await crashedFirstCreate("another");
    svea.orders.delete(lost);
    const saved = await instance.hooks["order.save"]({ order, locale: "en" });
    expect(saved).toMatchObject({ accepted: true, paymentView: { state: "waiting", links: [{ merchantOrderNumber: lost }] } });
    // What Svea holds under the number is the host's version: the link is kept as that version.
    const built = buildSveaOrder({ order, settings: deps.settings, merchantOrderNumber: "provisional", callbackUri: deps.callbackUrlFor("provisional"), locale: "en" });
    expect(currentLink(await deps.store.getOrder("a"))?.fingerprint).toBe(built.ok && built.fingerprint);
    expect(svea.active()).toEqual([lost]);
  });
});

describe("a re-issue cut short before its cancel, with the host holding the edit it was for", () => {
  /** Order "a" saved (one chair), then edited to two chairs: the host stored the edit, the re-issue was killed after its intent. */
  async function editCutShort() {
    const k = await kit();
    const first = await k.save("a");
    k.orders.orders.set("a", hostOrder({ id: "a", number: "Na", total: "200", rows: [{ name: "Chair", quantity: "2", unitPrice: "100", vatPercent: "25" }] }));
    await reissueInterruptedAfterBegin(k.deps, first);
    return { ...k, first };
  }

  it("reconcile finishes the re-issue: the old link (one chair) is cancelled and a link for the host's two chairs is sent", async () => {
    const { svea, first, deps } = await editCutShort();
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ recreated: 1, errors: 0 });
    const current = currentLink(await deps.store.getOrder("a"));
    expect(current?.merchantOrderNumber).not.toBe(first);
    expect(svea.active()).toEqual([current!.merchantOrderNumber]);
    expect(current?.amount).toMatchObject({ minor: "20000" });
    expect((await deps.store.getOrder("a"))?.links.find((l) => l.merchantOrderNumber === first)).toMatchObject({ state: "cancelled", reason: "reissued" });
  });

  it("the customer paid the old link meanwhile: recorded paid, flagged as paid for another version than the host's", async () => {
    const { svea, first, deps, orders, instance } = await editCutShort();
    svea.complete(first);
    await reconcile(deps);
    expect(orders.last("a")?.flags).toEqual(["paid-other-version"]);
    const { views } = await instance.hooks["order.payment-view"]({ orderIds: ["a"], locale: "en" });
    expect(views[0]).toMatchObject({ state: "paid", flags: [{ code: "paid-other-version", message: expect.stringMatching(/^Paid for another version of the order than the one saved now/) }] });
  });
});
