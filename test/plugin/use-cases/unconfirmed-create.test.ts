// A create whose answer was lost may land at Svea after a 404: a save sends it again under its own number, and
// deletes and reconcile keep it tracked until its window ends.
import { describe, expect, it } from "vitest";
import { hostContractValidators } from "../../../plugin/host-contract/host-contract-schemas.js";
import type { PaymentStateUpdate } from "../../../plugin/host-contract/host-contract-types.js";
import { SveaUnavailableError } from "../../../plugin/svea-client/index.js";
import { reconcile } from "../../../plugin/use-cases/index.js";
import { buildForHost } from "../../../plugin/use-cases/host-order-version.js";
import { createLink, prepareLink } from "../../../plugin/use-cases/link-operations.js";
import { CREATE_OUTCOME_WINDOW_MS } from "../../../plugin/use-cases/unconfirmed-create.js";
import { FakeSvea } from "../support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../support/plugin-test-kit.js";

/** The notice codes of a save's answer, without the phone fix-up every save of the test order gets. */
const codes = (answer: { accepted: boolean; notices?: { code: string }[] }) => (answer.notices ?? []).map((n) => n.code).filter((c) => c !== "phone-normalised");

const changed = { rows: [{ name: "Table", quantity: "1", unitPrice: "300.00", vatPercent: "25" }], total: "300.00" };

/** A plugin stopped between sending a create and storing its answer: the intent is open, Svea has nothing (yet). */
async function afterCrashedCreate() {
  const svea = new FakeSvea();
  const kit = await startKit(testSettings(), { svea });
  const order = hostOrder();
  kit.orders.orders.set(order.id, order);
  const built = buildForHost(kit.deps, order);
  if (!built.ok) throw new Error("the test order does not build");
  await prepareLink(kit.deps, order, "create", built);
  return { ...kit, order, svea };
}

/** A plugin whose first create times out without Svea holding it (yet); `land()` makes Svea get to it late. */
async function afterLostCreate() {
  const svea = new FakeSvea();
  const kit = await startKit(testSettings(), { svea });
  const save = async (overrides = {}) => {
    const order = hostOrder(overrides);
    kit.orders.orders.set(order.id, order);
    return kit.instance.hooks["order.save"]({ order, locale: "en" });
  };
  svea.failNextCreate = new SveaUnavailableError("timeout", { outcomeUnknown: true });
  const first = await save();
  expect(first).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
  const lost = (await kit.deps.store.getOrder("order-1"))!.links[0]!.merchantOrderNumber;
  /** Svea gets to the lost create: stored, unless the number is taken by then (Svea answers that one 409). */
  const land = (paymentOrderId = 900) => {
    if (svea.orders.has(lost)) return false;
    svea.orders.set(lost, { request: {} as never, status: "Active", paymentOrderId, paymentMethodType: null, credited: false });
    return true;
  };
  const openIntents = async () => (await kit.deps.store.getOrder("order-1"))!.intents.filter((i) => i.completedAt === null && i.abandonedAt === null);
  const link = async (mon: string) => (await kit.deps.store.getOrder("order-1"))!.links.find((l) => l.merchantOrderNumber === mon);
  /**
   * A newer link beside the lost one, as a save issued it before saves sent a lost create again under its own number:
   * records from that version still hold such pairs, and reconcile, saves and deletes still settle them.
   */
  const issueNewerLink = async () => {
    const order = kit.orders.orders.get("order-1")!;
    const built = buildForHost(kit.deps, order);
    if (!built.ok) throw new Error("the test order does not build");
    const created = await createLink(kit.deps, order.id, await prepareLink(kit.deps, order, "create", built), built);
    return created.link.merchantOrderNumber;
  };
  return { ...kit, svea, save, lost, land, openIntents, link, issueNewerLink };
}

describe("a create whose answer was lost", () => {
  it("saved again while Svea answers 404: the create goes again under the lost number, and the lost one, arriving late, is refused as a duplicate", async () => {
    const { save, svea, lost, land, openIntents, link, deps } = await afterLostCreate();
    const resaved = await save();
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
    expect(codes(resaved)).toEqual(["sms-will-be-sent"]);
    // No second link: the one the customer gets is the lost one's number.
    expect(resaved.accepted ? resaved.paymentView!.links.map((l) => l.merchantOrderNumber) : []).toEqual([lost]);
    expect(svea.calls.filter((c) => c.kind === "create").map((c) => c.merchantOrderNumber)).toEqual([lost, lost]);
    expect(await link(lost)).toMatchObject({ state: "waiting", mayExistAtSvea: true });
    expect(await openIntents()).toEqual([]);

    expect(land()).toBe(false);
    expect(svea.active()).toEqual([lost]);
    expect(await reconcile(deps)).toMatchObject({ intents: 0, extraLinksCancelled: 0, errors: 0 });
    expect(svea.active()).toEqual([lost]);
  });

  it("saved again with a change while Svea answers 404: the changed order goes under the lost number, and the lost one is refused when it arrives", async () => {
    const { save, svea, lost, land, link, openIntents } = await afterLostCreate();
    const resaved = await save(changed);
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "waiting", links: [{ merchantOrderNumber: lost }] } });
    expect(svea.orders.get(lost)?.request.orderItems.map((i) => i.name)).toEqual(["Table"]);
    // What Svea holds is what this save sent, so the link is kept as that version: the next save changes nothing.
    expect(land()).toBe(false);
    expect(codes(await save(changed))).toEqual(["unit-defaulted", "link-unchanged"]);
    expect(svea.active()).toEqual([lost]);
    expect((await link(lost))?.state).toBe("waiting");
    expect(await openIntents()).toEqual([]);
  });

  it("the create sent again times out too: still being checked, under the same number, with one intent covering it", async () => {
    const { save, svea, lost, link, openIntents } = await afterLostCreate();
    svea.failNextCreate = new SveaUnavailableError("timeout", { outcomeUnknown: true });
    const resaved = await save();
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "checking", links: [{ merchantOrderNumber: lost, beingChecked: true }] } });
    expect(codes(resaved)).toEqual(["svea-timeout"]);
    expect(await link(lost)).toMatchObject({ state: "failed", mayExistAtSvea: true });
    expect(await openIntents()).toEqual([expect.objectContaining({ kind: "create", merchantOrderNumber: lost, outcome: null })]);
    expect(svea.count("create")).toBe(2);
  });

  it("checked by the clerk while Svea answers 404: still being checked, and told a save sends it under the same number; checked once it landed: waiting", async () => {
    const { instance, svea, lost, land, clock } = await afterLostCreate();
    const checked = await instance.hooks["order.check-payment"]({ order: hostOrder(), locale: "sv" });
    expect(checked.paymentView).toMatchObject({ state: "checking", label: "Kontrolleras hos Svea: betallänken kan ha skickats till kunden (Svea svarade inte i tid)" });
    expect(checked.notices.map((n) => [n.code, n.severity])).toEqual([
      ["not-at-svea-yet", "warning"],
      ["result", "info"],
    ]);
    expect(checked.notices[0]?.message).toBe(
      "Svea har inte betallänken än, men den kan fortfarande komma fram dit. Spara ordern igen för att skicka den: den går under samma nummer, så det blir aldrig två länkar.",
    );
    land();
    clock.advance(6_000);
    const again = await instance.hooks["order.check-payment"]({ order: hostOrder(), locale: "en" });
    expect(again.paymentView).toMatchObject({ state: "waiting", paymentLink: `https://instore.fake/pay/${lost}` });
    expect(svea.count("create")).toBe(1);
  });

  it("landed before the next save, which changed the order: the save finds it under its number and cancels it before it issues the new link", async () => {
    const { save, svea, lost, land, link } = await afterLostCreate();
    expect(land()).toBe(true);
    const resaved = await save(changed);
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
    const newest = resaved.accepted ? resaved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    expect(newest).not.toBe(lost);
    expect(svea.active()).toEqual([newest]);
    expect(await link(lost)).toMatchObject({ state: "cancelled", canceledByPlugin: true });
    // The save's create under the lost number met Svea's 409, and the lost link was cancelled before the new one was sent.
    const order = svea.calls.map((c) => `${c.kind}:${c.merchantOrderNumber === lost ? "lost" : c.merchantOrderNumber === newest ? "new" : "other"}`);
    expect(order.filter((c) => c === "create:lost")).toHaveLength(2);
    expect(order.indexOf("cancel:lost")).toBeLessThan(order.indexOf("create:new"));
  });

  it("landed before the next save, which changed nothing: the save finds it and keeps it, no second SMS", async () => {
    const { save, svea, lost, land, link } = await afterLostCreate();
    expect(land()).toBe(true);
    const resaved = await save();
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "waiting", links: [{ merchantOrderNumber: lost }] } });
    expect(codes(resaved)).toEqual(["link-unchanged"]);
    expect(await link(lost)).toMatchObject({ state: "waiting", paymentOrderId: 900 });
    expect(svea.active()).toEqual([lost]);
  });

  it("landed and paid before the next save: the save answers already paid and sends nothing new", async () => {
    const { save, svea, lost, land, link } = await afterLostCreate();
    land();
    svea.complete(lost);
    const resaved = await save(changed);
    // What was paid is the order before the change: the clerk is told of the difference.
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "paid", sveaReference: 900 } });
    expect(codes(resaved)).toEqual(["already-paid", expect.stringMatching(/^paid-order-total-(higher|lower)$/)]);
    expect(svea.active()).toEqual([]);
    expect(await link(lost)).toMatchObject({ state: "paid" });
    expect(svea.count("create")).toBe(2);
  });

  it("landed and paid beside a newer link (a record from before): the next save answers already paid and cancels the link that still waited", async () => {
    const { save, svea, lost, land, link, issueNewerLink } = await afterLostCreate();
    await issueNewerLink();
    land();
    svea.complete(lost);
    const resaved = await save(changed);
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "paid", sveaReference: 900 }, notices: [{ code: "already-paid" }, { code: expect.any(String) }] });
    expect(svea.active()).toEqual([]);
    expect(await link(lost)).toMatchObject({ state: "paid" });
    expect(svea.count("create")).toBe(2);
  });

  it("deleted while Svea answers 404: reconcile cancels it when it lands, and the deleted order keeps no payable link", async () => {
    const { instance, svea, lost, land, deps, openIntents } = await afterLostCreate();
    const deleted = await instance.hooks["order.delete"]({ order: hostOrder(), locale: "en" });
    expect(deleted.accepted).toBe(true);
    expect(await openIntents()).toEqual([expect.objectContaining({ kind: "create", merchantOrderNumber: lost })]);
    land();
    await reconcile(deps);
    expect(svea.active()).toEqual([]);
    expect(await openIntents()).toEqual([]);
  });

  it("paid by the customer after it landed late, while a newer link (a record from before) waits: the order is paid and the newer link cancelled", async () => {
    const { svea, lost, land, deps, orders, issueNewerLink } = await afterLostCreate();
    await issueNewerLink();
    land();
    svea.complete(lost, "Card");
    await reconcile(deps);
    const record = await deps.store.getOrder("order-1");
    expect(record?.links.find((l) => l.merchantOrderNumber === lost)).toMatchObject({ state: "paid", flags: [] });
    expect(svea.active()).toEqual([]);
    expect(orders.last("order-1")).toMatchObject({ state: "paid", sveaReference: 900, billingAddress: { city: "Stockholm" } });
  });

  it("paid late while the order is already paid through a newer link (a record from before): recorded paid and flagged extra-payment, never lost", async () => {
    const { svea, lost, land, deps, instance, issueNewerLink } = await afterLostCreate();
    const newest = await issueNewerLink();
    svea.complete(newest);
    await deps.store.recordCallback({ orderId: "order-1", merchantOrderNumber: newest, receivedAt: deps.clock.now() });
    land();
    svea.complete(lost);
    await reconcile(deps);
    const [view] = (await instance.hooks["order.payment-view"]({ orderIds: ["order-1"], locale: "en" })).views;
    // Both payments are recorded; the one found second is flagged for the clerk to refund, the other is the order's.
    expect(view?.links.filter((l) => l.state === "paid").map((l) => l.merchantOrderNumber).sort()).toEqual([lost, newest].sort());
    expect(view?.flags).toHaveLength(1);
    const flagged = /\(([^)]+)\)$/.exec(view!.flags[0]!.message)?.[1];
    expect(view?.flags[0]?.code).toBe("extra-payment");
    const payment = flagged === lost ? newest : lost;
    expect(view).toMatchObject({ state: "paid", sveaReference: svea.orders.get(payment)!.paymentOrderId });
  });

  it("sent again by a save whose answer was lost, then deleted by a process stopped mid-cancel: reconcile counts the window from the create sent last, and cancels it when it lands", async () => {
    const { svea, lost, land, deps, clock, openIntents } = await afterLostCreate();
    // Nine minutes on, a save sends it again under its number (resume-create.ts) and the process stops before Svea's
    // answer is stored: the earlier intent is closed, the one sent again is open, the link record is the first one's.
    clock.advance(9 * 60_000);
    const [earlier] = await openIntents();
    await deps.store.startIntent({ id: "sent-again", orderId: "order-1", kind: "create", merchantOrderNumber: lost, replaces: null, startedAt: clock.now(), sequence: 1, fingerprint: earlier!.fingerprint });
    await deps.store.finishIntent("order-1", earlier!.id, { at: clock.now(), outcome: "resumed" });
    // A delete's cancel, cut short the same way.
    await deps.store.startIntent({ id: "held-cancel", orderId: "order-1", kind: "cancel", merchantOrderNumber: lost, replaces: null, startedAt: clock.now() });
    // Past the first create's window, inside the second's: reconcile runs twice while Svea still answers 404.
    for (const step of [2 * 60_000, 2 * 60_000]) {
      clock.advance(step);
      expect(await reconcile(deps)).toMatchObject({ errors: 0 });
    }
    expect((await openIntents()).map((i) => i.id)).toEqual(["sent-again"]);
    // Svea stores it (Active: the customer has the SMS) for an order that was deleted: the next run cancels it.
    expect(land()).toBe(true);
    clock.advance(15 * 60_000);
    await reconcile(deps);
    expect(svea.active()).toEqual([]);
    expect(await openIntents()).toEqual([]);
  });

  it("still 404 once its window has passed: Svea never got it, the link is failed for good and nothing stays open", async () => {
    const { svea, deps, clock, openIntents, link, lost } = await afterLostCreate();
    await reconcile(deps);
    expect(await openIntents()).toHaveLength(1);
    clock.advance(CREATE_OUTCOME_WINDOW_MS);
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ intents: 1, errors: 0 });
    expect(await openIntents()).toEqual([]);
    expect(await link(lost)).toMatchObject({ state: "failed", mayExistAtSvea: false });
    // Nothing open but the watch for a late landing: reconcile reads the failed link until its expiry (late-create.ts).
    expect((await deps.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["order-1"]);
    expect(svea.count("create")).toBe(1);
  });
});

describe("what the host is told about a create whose answer was lost", () => {
  /** The host's last update for the test order, checked against the contract's schema. */
  const lastUpdate = (orders: { last(id: string): PaymentStateUpdate | undefined }) => {
    const update = orders.last("order-1");
    expect(hostContractValidators.paymentStateUpdate(structuredClone(update)).ok).toBe(true);
    return update;
  };

  it("failed with beingChecked while Svea may hold it (no link to hand over), then waiting without it once it turns up", async () => {
    const { orders, deps, land, lost } = await afterLostCreate();
    expect(lastUpdate(orders)).toMatchObject({ state: "failed", beingChecked: true, paymentLink: null });
    land();
    await reconcile(deps);
    const update = lastUpdate(orders);
    expect(update).toMatchObject({ state: "waiting", paymentLink: `https://instore.fake/pay/${lost}` });
    expect(update).not.toHaveProperty("beingChecked");
  });

  it("paid without beingChecked when it turns up paid", async () => {
    const { orders, deps, svea, land, lost } = await afterLostCreate();
    land();
    svea.complete(lost);
    await reconcile(deps);
    const update = lastUpdate(orders);
    expect(update).toMatchObject({ state: "paid", sveaReference: 900 });
    expect(update).not.toHaveProperty("beingChecked");
  });

  it("still 404 once its window has passed: told failed again, now without beingChecked (final)", async () => {
    const { orders, deps, clock } = await afterLostCreate();
    await reconcile(deps);
    expect(lastUpdate(orders)).toMatchObject({ state: "failed", beingChecked: true });
    clock.advance(CREATE_OUTCOME_WINDOW_MS);
    const told = orders.updates.length;
    await reconcile(deps);
    expect(orders.updates.length).toBe(told + 1);
    const update = lastUpdate(orders);
    expect(update).toMatchObject({ state: "failed", paymentLink: null });
    expect(update).not.toHaveProperty("beingChecked");
  });

  it("after a crash between sending the create and storing its answer: the restart's reconcile tells the host it is being checked, and later that it failed for good", async () => {
    // The intent is written, the create sent, and the process stops: nothing told the host, and Svea has nothing yet.
    const { deps, orders, clock } = await afterCrashedCreate();
    expect(orders.updates).toEqual([]);
    await reconcile(deps, "left-over");
    expect(lastUpdate(orders)).toMatchObject({ state: "failed", beingChecked: true, paymentLink: null });
    clock.advance(CREATE_OUTCOME_WINDOW_MS);
    await reconcile(deps);
    const update = lastUpdate(orders);
    expect(update).toMatchObject({ state: "failed" });
    expect(update).not.toHaveProperty("beingChecked");
  });

  it("after a crash, told once that it is being checked: not again by later reconcile runs, a check-now or a delete inside the window", async () => {
    const { deps, orders, clock, instance, order } = await afterCrashedCreate();
    await reconcile(deps, "left-over");
    expect(orders.updates.map((u) => [u.state, u.beingChecked])).toEqual([["failed", true]]);
    for (let run = 0; run < 3; run++) {
      clock.advance(2 * 60_000);
      await reconcile(deps);
    }
    expect((await instance.hooks["order.check-payment"]({ order, locale: "en" })).paymentView).toMatchObject({ state: "checking" });
    clock.advance(6_000);
    expect(await instance.hooks["order.delete"]({ order, locale: "en" })).toMatchObject({ accepted: true });
    expect(orders.updates.map((u) => [u.state, u.beingChecked])).toEqual([["failed", true]]);
  });

  it("after a crash and a delete while Svea answered 404: once the window has passed, the host hears it is no longer being checked", async () => {
    const { deps, orders, clock, instance, order, svea } = await afterCrashedCreate();
    expect(await instance.hooks["order.delete"]({ order, locale: "en" })).toMatchObject({ accepted: true });
    expect(lastUpdate(orders)).toMatchObject({ state: "failed", beingChecked: true });
    clock.advance(CREATE_OUTCOME_WINDOW_MS);
    await reconcile(deps);
    const update = lastUpdate(orders);
    expect(update).toMatchObject({ state: "failed", paymentLink: null });
    expect(update).not.toHaveProperty("beingChecked");
    // Kept as a failed link that reconcile reads until its expiry: Svea may still store it late.
    expect((await deps.store.listOrdersWithOpenWork()).map((o) => o.orderId)).toEqual(["order-1"]);
    expect(svea.count("create")).toBe(0);
  });
});
