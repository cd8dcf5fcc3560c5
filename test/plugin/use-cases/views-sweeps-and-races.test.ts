// Payment views, picking, check-now, verify-credentials, the sweeps, and the paid-between-status-and-cancel race.
import { describe, expect, it, vi } from "vitest";
import { SveaAuthError } from "../../../plugin/svea-client/index.js";
import { processCallback } from "../../../plugin/use-cases/index.js";
import { CREATE_OUTCOME_WINDOW_MS } from "../../../plugin/use-cases/unconfirmed-create.js";
import { FakeSvea } from "../support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../support/plugin-test-kit.js";

async function kitWithFake(settings = testSettings()) {
  const svea = new FakeSvea();
  const kit = await startKit(settings, { svea });
  const save = async (id: string, overrides = {}) => {
    const result = await kit.instance.hooks["order.save"]({ order: hostOrder({ id, number: `N${id}`, ...overrides }), locale: "en" });
    return result.accepted ? result.paymentView!.links.at(-1)!.merchantOrderNumber : "";
  };
  return { ...kit, svea, hooks: kit.instance.hooks, save };
}

describe("payment views and picking", () => {
  it("shows every link with its state, the link while waiting and Svea's reference once paid, in one batched read", async () => {
    const { hooks, svea, save, deps } = await kitWithFake();
    const a = await save("a");
    await save("b");
    svea.complete(a);
    await hooks["order.check-payment"]({ order: hostOrder({ id: "a", number: "Na" }), locale: "en" });
    const batched = vi.spyOn(deps.store, "getOrderStates");
    const statusReads = svea.count("status");
    const { views } = await hooks["order.payment-view"]({ orderIds: ["a", "b", "never"], locale: "sv" });
    expect(batched).toHaveBeenCalledTimes(1);
    expect(svea.count("status")).toBe(statusReads);
    expect(views.map((v) => [v.orderId, v.state, v.icon.colour, v.sveaReference])).toEqual([
      ["a", "paid", "normal", 5000],
      ["b", "waiting", "own", null],
    ]);
    expect(views[1]?.paymentLink).toMatch(/^https:\/\/instore\.fake\/pay\//);
    expect(views[1]?.label).toBe("Väntar på betalning");
    expect(views[0]?.links[0]).toMatchObject({ merchantOrderNumber: a, state: "paid", createdAt: expect.stringMatching(/Z$/) });
  });

  it("holds back unpaid Instore orders with a reason and lets paid and other orders through, without Svea calls", async () => {
    const { hooks, svea, save } = await kitWithFake();
    const paid = await save("paid");
    await save("waiting");
    svea.complete(paid);
    await hooks["order.check-payment"]({ order: hostOrder({ id: "paid", number: "Npaid" }), locale: "en" });
    const calls = svea.calls.length;
    const result = await hooks["picking.filter"]({
      orders: [
        { id: "paid", paymentMethod: "svea-instore" },
        { id: "waiting", paymentMethod: "svea-instore" },
        { id: "fresh", paymentMethod: "svea-instore" },
        { id: "card", paymentMethod: "card" },
      ],
      locale: "en",
    });
    expect(result.pickable).toEqual(["paid", "card"]);
    expect(result.heldBack.map((h) => [h.orderId, h.reason])).toEqual([
      ["waiting", "awaiting-payment"],
      ["fresh", "no-link"],
    ]);
    expect(result.heldBack[0]?.message).toContain("Waiting for payment");
    expect(svea.calls.length).toBe(calls);
  });
});

describe("a waiting link past its expiry, before the nightly sweep", () => {
  it("shows as expired (grey, no link to hand over) in the view and check-now, and is recorded expired by the sweep", async () => {
    const { hooks, save, clock, deps, svea } = await kitWithFake(testSettings({ linkLifetimeMinutes: 60 }));
    await save("a");
    const view = async () => (await hooks["order.payment-view"]({ orderIds: ["a"], locale: "en" })).views[0]!;
    expect(await view()).toMatchObject({ state: "waiting", paymentLink: expect.stringMatching(/^https:/) });
    clock.advance(60 * 60_000);
    const late = await view();
    expect(late).toMatchObject({ state: "expired", paymentLink: null, icon: { name: "svea-instore-expired" } });
    expect(late.links.map((l) => l.state)).toEqual(["expired"]);
    // The store still says waiting until the sweep, which reads Svea and records it.
    expect((await deps.store.getOrder("a"))?.links[0]?.state).toBe("waiting");
    const checked = await hooks["order.check-payment"]({ order: hostOrder({ id: "a", number: "Na" }), locale: "en" });
    expect(checked.paymentView).toMatchObject({ state: "expired", paymentLink: null });
    expect(svea.count("status")).toBe(1);
  });
});

describe("check-payment", () => {
  it("reads the status at most every 5 seconds per order", async () => {
    const { hooks, svea, save, clock } = await kitWithFake();
    const number = await save("a");
    const order = hostOrder({ id: "a", number: "Na" });
    await hooks["order.check-payment"]({ order, locale: "en" });
    const again = await hooks["order.check-payment"]({ order, locale: "en" });
    expect(again.notices[0]).toMatchObject({ code: "too-soon" });
    expect(svea.count("status")).toBe(1);
    svea.complete(number);
    clock.advance(5_000);
    const later = await hooks["order.check-payment"]({ order, locale: "en" });
    expect(later.paymentView?.state).toBe("paid");
    expect(svea.count("status")).toBe(2);
  });

  it("an order another operation holds past the deadline is answered with an order-busy notice in the clerk's language, not an exception", async () => {
    const { hooks, save, deps, clock } = await kitWithFake();
    await save("a");
    let release!: () => void;
    const holding = deps.store.withOrderLock("a", () => new Promise<void>((r) => (release = r)));
    const checking = hooks["order.check-payment"]({ order: hostOrder({ id: "a", number: "Na" }), locale: "sv" });
    await new Promise((r) => setImmediate(r));
    clock.advance(deps.settings.saveDeadlineSeconds * 1000);
    const answer = await checking;
    expect(answer.notices).toEqual([{ code: "order-busy", severity: "warning", message: "Ordern behandlas redan. Försök igen om en stund." }]);
    expect(answer.paymentView?.state).toBe("waiting");
    release();
    await holding;
  });
});

describe("the customer pays between the status read and the cancel", () => {
  it("records the completion on the cancelled link and flags it 'paid, then credited by the cancel'", async () => {
    const { hooks, svea, save, deps, orders } = await kitWithFake();
    const first = await save("a");
    svea.beforeCancelSend = (number) => svea.complete(number);
    await hooks["order.save"]({ order: hostOrder({ id: "a", number: "Na", total: "200", rows: [{ name: "Chair", quantity: "2", unitPrice: "100", vatPercent: "25" }] }), locale: "en" });
    svea.beforeCancelSend = undefined;
    expect(svea.orders.get(first)?.credited).toBe(true);
    // Svea calls back for the completion.
    const { entry } = await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: first, receivedAt: deps.clock.now() });
    expect(await processCallback(deps, entry)).toBe("changed");
    const { views } = await hooks["order.payment-view"]({ orderIds: ["a"], locale: "en" });
    expect(views[0]?.flags).toEqual([{ code: "paid-then-credited", message: `Paid, then credited by the cancel (${first})` }]);
    expect(views[0]?.links.map((l) => l.state)).toEqual(["cancelled", "waiting"]);
    expect(orders.last("a")?.flags).toEqual(["paid-then-credited"]);
  });

  it("a customer who declined before the plugin's cancel landed is no payment: its callback flags nothing", async () => {
    const { hooks, svea, save, deps, orders } = await kitWithFake();
    const first = await save("a");
    svea.beforeCancelSend = (number) => void (svea.orders.get(number)!.status = "Canceled");
    await hooks["order.save"]({ order: hostOrder({ id: "a", number: "Na", total: "200", rows: [{ name: "Chair", quantity: "2", unitPrice: "100", vatPercent: "25" }] }), locale: "en" });
    svea.beforeCancelSend = undefined;
    // Svea calls back for the decline as it does for a payment.
    const { entry } = await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: first, receivedAt: deps.clock.now() });
    await processCallback(deps, entry);
    const { views } = await hooks["order.payment-view"]({ orderIds: ["a"], locale: "en" });
    expect(views[0]?.flags).toEqual([]);
    expect(views[0]?.links.map((l) => l.state)).toEqual(["cancelled", "waiting"]);
    expect(orders.last("a")?.flags ?? []).toEqual([]);
  });
});

describe("a save that finds the order paid", () => {
  it("says when the order no longer matches what was paid, also when the payment is found only during the save", async () => {
    const { hooks, svea, save, clock } = await kitWithFake();
    const number = await save("a");
    // The customer pays; the callback never comes. The clerk adds a chair: the re-issue's status read finds the payment.
    svea.complete(number);
    clock.advance(6_000);
    const result = await hooks["order.save"]({ order: hostOrder({ id: "a", number: "Na", total: "200", rows: [{ name: "Chair", quantity: "2", unitPrice: "100", vatPercent: "25" }] }), locale: "en" });
    expect(result.accepted && result.notices.map((n) => n.code)).toEqual(["already-paid", "paid-order-total-higher"]);
    expect(result.accepted && result.paymentView?.state).toBe("paid");
    expect(svea.count("create")).toBe(1);
  });
});

describe("verify-credentials", () => {
  it("reports good credentials on 404 and bad ones on 401", async () => {
    const { instance, svea } = await kitWithFake();
    expect(await instance.commands["verify-credentials"]!({ locale: "en" })).toMatchObject({ ok: true, message: "The Svea Instore credentials work." });
    svea.getOrderStatus = async () => {
      throw new SveaAuthError();
    };
    expect(await instance.commands["verify-credentials"]!({ locale: "sv" })).toMatchObject({ ok: false, data: { result: "bad-credentials" } });
  });
});

describe("command input", () => {
  it("answers a command called with no input, or with a locale the plugin does not speak, in defaultLocale", async () => {
    const { instance } = await kitWithFake(testSettings({ defaultLocale: "en" }));
    const call = (name: string, input: unknown) => instance.commands[name]!(input as never);
    expect(await call("verify-credentials", undefined)).toMatchObject({ ok: true, message: "The Svea Instore credentials work." });
    expect(await call("verify-credentials", { locale: "de" })).toMatchObject({ ok: true, message: "The Svea Instore credentials work." });
    expect(await call("verify-credentials", null)).toMatchObject({ ok: true, message: "The Svea Instore credentials work." });
    expect((await call("expire-links", undefined)).message).toMatch(/^Payment links checked: 0;/);
    expect((await call("expire-links", { locale: "de" })).message).toMatch(/^Payment links checked: 0;/);
    expect((await call("reconcile", undefined)).message).toMatch(/^Orders with open work: 0;/);
    expect((await call("reconcile", { locale: "de" })).message).toMatch(/^Orders with open work: 0;/);
    // A locale it speaks still wins.
    expect((await call("reconcile", { locale: "sv" })).message).toMatch(/^Order med öppet arbete: 0;/);
  });
});

describe("expire-links", () => {
  it("reads every waiting link past expiry once and marks it expired or paid; one Svea still reports Active is cancelled there", async () => {
    const { instance, svea, save, clock, deps, orders } = await kitWithFake(testSettings({ linkLifetimeMinutes: 60 }));
    const a = await save("a");
    await save("b");
    clock.advance(30 * 60_000);
    await save("c");
    svea.complete(a);
    clock.advance(31 * 60_000);
    const result = await instance.commands["expire-links"]!({ locale: "en" });
    expect(result).toMatchObject({ ok: true, data: { checked: 2, expired: 1, paid: 1, errors: 0 } });
    const views = await deps.store.getOrderStates(["a", "b", "c"]);
    expect([...views.values()].map((o) => o.links[0]?.state)).toEqual(["paid", "expired", "waiting"]);
    expect(orders.last("b")).toMatchObject({ state: "expired" });
    // b was still Active: one more status read (the cancel's own) and the cancel. a was paid: never cancelled.
    expect(svea.count("status")).toBe(3);
    expect(svea.calls.filter((c) => c.kind === "cancel").map((c) => c.merchantOrderNumber)).toEqual([views.get("b")!.links[0]!.merchantOrderNumber]);
    expect(svea.active()).toEqual([views.get("c")!.links[0]!.merchantOrderNumber]);
  });
});

describe("reconcile", () => {
  it("works off unprocessed callbacks and reads quiet waiting links", async () => {
    const { instance, svea, save, clock, deps } = await kitWithFake(testSettings({ reconcileAfterMinutes: 30 }));
    const a = await save("a");
    const b = await save("b");
    svea.complete(a);
    svea.complete(b);
    await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: a, receivedAt: clock.now() });
    clock.advance(31 * 60_000);
    const result = await instance.commands.reconcile!({ locale: "en" });
    expect(result.data).toMatchObject({ callbacks: 1, paid: 2, errors: 0 });
    expect(await deps.store.listOrdersWithOpenWork()).toEqual([]);
  });

  it("tells the host again a payment a hook found whose update the host threw: the host's state turns paid, with Svea's addresses", async () => {
    const { instance, hooks, svea, save, clock, deps, orders } = await kitWithFake(testSettings({ reconcileAfterMinutes: 30 }));
    const a = await save("a");
    svea.complete(a);
    clock.advance(6_000);
    orders.failNext = true;
    const check = await hooks["order.check-payment"]({ order: hostOrder({ id: "a", number: "Na" }), locale: "en" });
    expect(check.paymentView?.state).toBe("paid");
    expect(orders.last("a")?.state).toBe("waiting");
    // Left for the next reconcile (the run at activation included), however quiet the order is.
    expect((await deps.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["a"]);
    clock.advance(6_000);
    const result = await instance.commands.reconcile!({ locale: "en" });
    expect(result.data).toMatchObject({ hostTold: 1, errors: 0 });
    expect(orders.last("a")).toMatchObject({ state: "paid", sveaReference: expect.any(Number) });
    expect(orders.last("a")?.billingAddress).toMatchObject({ fullName: "Anna Andersson" });
    expect(await deps.store.listOrdersWithOpenWork()).toEqual([]);
    clock.advance(6_000);
    expect((await instance.commands.reconcile!({ locale: "en" })).data).toMatchObject({ orders: 0, hostTold: 0 });
  });

  it("says in its message what it found: a payment from a recorded callback with no status read, and errors", async () => {
    const { instance, svea, save, clock, deps } = await kitWithFake(testSettings({ reconcileAfterMinutes: 30 }));
    const a = await save("a");
    svea.complete(a);
    await deps.store.recordCallback({ orderId: "a", merchantOrderNumber: a, receivedAt: clock.now() });
    const paid = await instance.commands.reconcile!({ locale: "en" });
    expect(paid).toMatchObject({ ok: true, data: { orders: 1, checked: 0, paid: 1, errors: 0 } });
    expect(paid.message).toBe("Orders with open work: 1; payment links checked against Svea: 0; found paid: 1; errors: 0 (retried on the next run).");

    await save("b");
    clock.advance(31 * 60_000);
    svea.getOrderStatus = async () => {
      throw new Error("Svea is down");
    };
    const failed = await instance.commands.reconcile!({ locale: "sv" });
    expect(failed).toMatchObject({ ok: false, data: { orders: 1, paid: 0, errors: 1 } });
    expect(failed.message).toBe("Order med öppet arbete: 1; betallänkar kontrollerade mot Svea: 0; betalda: 0; fel: 1 (tas vid nästa körning).");
  });

  it("finishes a re-issue whose old link was cancelled but whose new link was never created", async () => {
    const { svea, save, deps, orders, clock } = await kitWithFake();
    const old = await save("a");
    orders.orders.set("a", hostOrder({ id: "a", number: "Na" }));
    // A crash right after the cancel: the intent says re-issue, step old-cancelled; Svea never got the create.
    await deps.store.startIntent({ id: "crash", orderId: "a", kind: "reissue", merchantOrderNumber: "Na-9-lost", replaces: old, startedAt: deps.clock.now(), step: "old-cancelled" });
    svea.orders.get(old)!.status = "Canceled";
    const { reconcile } = await import("../../../plugin/use-cases/index.js");
    // Inside the create's outcome window a 404 proves nothing (the create may have been sent just before the crash).
    expect(await reconcile(deps)).toMatchObject({ intents: 0, recreated: 0, errors: 0 });
    expect((await deps.store.getOrder("a"))?.intents.find((i) => i.id === "crash")).toMatchObject({ completedAt: null, abandonedAt: null });
    clock.advance(CREATE_OUTCOME_WINDOW_MS);
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ recreated: 1, errors: 0 });
    expect(svea.active()).toHaveLength(1);
    const record = await deps.store.getOrder("a");
    expect(record?.links.at(-1)?.state).toBe("waiting");
    expect(record?.intents.find((i) => i.id === "crash")).toMatchObject({ outcome: "recreated" });
    expect(orders.last("a")?.state).toBe("waiting");
  });

  it("cancels all but the newest Active link of an order", async () => {
    const { svea, save, deps } = await kitWithFake();
    const first = await save("a");
    const stray = (await deps.store.getOrder("a"))!.links[0]!;
    // A second link appears (e.g. adopted from a lost create) while the first is still Active.
    svea.orders.set("Na-2-x", { request: {} as never, status: "Active", paymentOrderId: 7, paymentMethodType: null, credited: false });
    await deps.store.putLink("a", { ...stray, merchantOrderNumber: "Na-2-x", sequence: 2 });
    const { reconcile } = await import("../../../plugin/use-cases/index.js");
    const summary = await reconcile(deps);
    expect(summary.extraLinksCancelled).toBe(1);
    expect(svea.active()).toEqual(["Na-2-x"]);
    expect(svea.orders.get(first)?.status).toBe("Canceled");
  });
});
