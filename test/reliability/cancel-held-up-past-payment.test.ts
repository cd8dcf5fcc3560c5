// A cancel whose answer was lost (a 5xx, a timeout) may sit in Svea's queue while the customer pays: the client's retry
// then finds the order paid and sends nothing more, but the queued cancel can still land and credit the payment. The
// payment is recorded, held back from picking, and read again until it can no longer be cancelled by that call.
import { describe, expect, it } from "vitest";
import { SveaUnavailableError, type CancelResult } from "../../plugin/svea-client/index.js";
import { processCallback } from "../../plugin/use-cases/index.js";
import { CREATE_OUTCOME_WINDOW_MS } from "../../plugin/use-cases/unconfirmed-create.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../plugin/support/plugin-test-kit.js";

/** Svea as the HTTP client reports it when its cancel's first try got a 503 and the retry's read found the order paid. */
class HeldCancelSvea extends FakeSvea {
  held: string | undefined;
  override async cancelOrder(merchantOrderNumber: string): Promise<CancelResult> {
    this.calls.push({ kind: "cancel", merchantOrderNumber });
    this.complete(merchantOrderNumber);
    this.held = merchantOrderNumber;
    return { outcome: "completed", status: await this.getOrderStatus(merchantOrderNumber), cancelMayHaveLanded: true };
  }
  /** The queued cancel runs: on a paid order it credits the payment. */
  landHeldCancel(): void {
    const order = this.orders.get(this.held!)!;
    order.credited = true;
    order.status = "Canceled";
  }
}

const edited = hostOrder({
  id: "held",
  number: "H1",
  rows: [{ rowNumber: 1, articleNumber: "A1", name: "Chair", quantity: "2", unit: "st", unitPrice: "100.00", vatPercent: "25" }],
  total: "200.00",
});

/**
 * Saved, then deleted by the clerk while the delete's cancel is lost (`throwOnCancel`: timed out after Svea queued it,
 * or failed before anything was sent): the delete is refused. Then the customer pays, and the callback is processed.
 */
async function deleteRefused(id: string, throwOnCancel: "queued" | "never-sent") {
  const svea = new TimedOutCancelSvea();
  const kit = await startKit(testSettings({ reconcileAfterMinutes: 30 }), { svea });
  const order = hostOrder({ id, number: `${id}-1` });
  const saved = await kit.instance.hooks["order.save"]({ order, locale: "en" });
  const mon = saved.accepted ? saved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
  kit.clock.advance(60_000);
  svea.timeOutNextCancel = throwOnCancel;
  expect((await kit.instance.hooks["order.delete"]({ order, locale: "en" })).accepted).toBe(false);
  const paidWithCallback = async () => {
    svea.complete(mon);
    kit.clock.advance(30_000);
    const { entry } = await kit.deps.store.recordCallback({ orderId: id, merchantOrderNumber: mon, receivedAt: kit.clock.now() });
    expect(await processCallback(kit.deps, entry)).toBe("paid");
  };
  const picking = async () => (await kit.instance.hooks["picking.filter"]({ orders: [{ id, paymentMethod: "svea-instore" }], locale: "en" })).pickable;
  const links = async () => (await kit.deps.store.getOrder(id))?.links ?? [];
  return { svea, kit, order, paidWithCallback, picking, links };
}

/** Saved, then edited: the re-issue's cancel of the first link is the one held up at Svea while the customer pays it. */
async function paidWhileCancelHeld() {
  const svea = new HeldCancelSvea();
  const kit = await startKit(testSettings({ reconcileAfterMinutes: 30 }), { svea });
  const first = await kit.instance.hooks["order.save"]({ order: hostOrder({ id: "held", number: "H1" }), locale: "en" });
  const mon = first.accepted ? first.paymentView!.links.at(-1)!.merchantOrderNumber : "";
  kit.clock.advance(60_000);
  const resave = await kit.instance.hooks["order.save"]({ order: edited, locale: "en" });
  expect(resave.accepted && [resave.paymentView?.state, resave.paymentView?.label]).toEqual(["paid", expect.stringContaining("a cancel sent before the payment may still credit it")]);
  const picking = () => kit.instance.hooks["picking.filter"]({ orders: [{ id: "held", paymentMethod: "svea-instore" }], locale: "en" });
  const reconcile = () => kit.instance.commands.reconcile!({ locale: "en" });
  const link = async () => (await kit.deps.store.getOrder("held"))?.links.find((l) => l.merchantOrderNumber === mon);
  return { svea, kit, mon, picking, reconcile, link };
}

describe("a payment made while the plugin's cancel of its link was held up at Svea", () => {
  it("is held back from picking, and found credited when the held cancel lands: never picked", async () => {
    const { svea, kit, picking, reconcile, link } = await paidWhileCancelHeld();
    expect(await picking()).toMatchObject({ pickable: [], heldBack: [{ orderId: "held", reason: "refund-unknown" }] });
    // Nothing is credited on a payment that may not stand: the clerk is told when to try again.
    const early = await kit.instance.hooks["order.credit"]({ order: edited, locale: "en", amount: "10.00" });
    expect(early.accepted ? [] : early.errors.map((e) => [e.code, e.message])).toEqual([["cancel-may-land", expect.stringContaining("try again in 10 minutes")]]);
    expect(svea.calls.filter((c) => c.kind === "return")).toEqual([]);
    svea.landHeldCancel();
    kit.clock.advance(5 * 60_000);
    expect(await reconcile()).toMatchObject({ ok: true, data: { errors: 0 } });
    expect(await link()).toMatchObject({ state: "cancelled", flags: ["paid-then-credited"] });
    expect((await link())?.cancelMayLand).toBeUndefined();
    expect((await picking()).pickable).toEqual([]);
    expect(kit.orders.last("held")?.state).toBe("cancelled");
    const late = await kit.instance.hooks["order.credit"]({ order: edited, locale: "en", amount: "10.00" });
    expect(late.accepted ? [] : late.errors.map((e) => e.code)).toEqual(["not-paid"]);
  });

  it("a credit asked for once the window has passed reads the link first: the held cancel landed, nothing is credited", async () => {
    const { svea, kit, link } = await paidWhileCancelHeld();
    svea.landHeldCancel();
    kit.clock.advance(CREATE_OUTCOME_WINDOW_MS);
    const credit = await kit.instance.hooks["order.credit"]({ order: edited, locale: "en", amount: "10.00" });
    expect(credit.accepted ? [] : credit.errors.map((e) => e.code)).toEqual(["cancel-landed"]);
    expect(await link()).toMatchObject({ state: "cancelled", flags: ["paid-then-credited"] });
    expect(svea.calls.filter((c) => c.kind === "return")).toEqual([]);
  });

  it("goes to picking once the held cancel can no longer land, and is then read no more", async () => {
    const { svea, kit, picking, reconcile, link } = await paidWhileCancelHeld();
    // Still inside the window: read, found paid, still held back.
    kit.clock.advance(5 * 60_000);
    await reconcile();
    expect((await picking()).pickable).toEqual([]);
    kit.clock.advance(CREATE_OUTCOME_WINDOW_MS);
    const reads = svea.count("status");
    expect(await reconcile()).toMatchObject({ ok: true, data: { errors: 0 } });
    expect(svea.count("status") - reads).toBe(1);
    expect(await link()).toMatchObject({ state: "paid" });
    expect((await link())?.cancelMayLand).toBeUndefined();
    expect((await picking()).pickable).toEqual(["held"]);
    // The payment stands: a credit is no longer refused for the cancel, and goes on to the credit's own checks (this
    // fake Svea lists no paid items, and the link was paid for the order before the edit: no row of it is known).
    const credit = await kit.instance.hooks["order.credit"]({ order: edited, locale: "en", rows: [{ row: 0, quantity: "1" }] });
    expect(credit.accepted ? [] : credit.errors.map((e) => e.code)).toEqual(["credit-row-unknown"]);
    const before = svea.count("status");
    kit.clock.advance(60 * 60_000);
    expect(await reconcile()).toMatchObject({ ok: true, data: { orders: 0 } });
    expect(svea.count("status")).toBe(before);
  });

  it("is held back too when a process stopped after sending the cancel and reconcile finds the order paid", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings({ reconcileAfterMinutes: 30 }), { svea });
    const saved = await kit.instance.hooks["order.save"]({ order: hostOrder({ id: "held", number: "H1" }), locale: "en" });
    const mon = saved.accepted ? saved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    // A delete's cancel intent, written before the send; the process stops; the customer pays meanwhile.
    await kit.deps.store.startIntent({ id: "stopped-cancel", orderId: "held", kind: "cancel", merchantOrderNumber: mon, replaces: null, startedAt: kit.clock.now() });
    svea.complete(mon);
    kit.clock.advance(60_000);
    const picking = () => kit.instance.hooks["picking.filter"]({ orders: [{ id: "held", paymentMethod: "svea-instore" }], locale: "en" });
    expect(await kit.instance.commands.reconcile!({ locale: "en" })).toMatchObject({ ok: true, data: { paid: 1, errors: 0 } });
    expect((await kit.deps.store.getOrder("held"))?.links.map((l) => [l.state, l.cancelMayLand !== undefined])).toEqual([["paid", true]]);
    expect((await picking()).pickable).toEqual([]);
    kit.clock.advance(CREATE_OUTCOME_WINDOW_MS);
    await kit.instance.commands.reconcile!({ locale: "en" });
    expect((await kit.deps.store.getOrder("held"))?.links.map((l) => [l.state, l.cancelMayLand !== undefined])).toEqual([["paid", false]]);
    expect((await picking()).pickable).toEqual(["held"]);
  });

  it("is held back when the callback finds it paid while a delete's cancel, whose answer was lost, may still land", async () => {
    const { svea, kit, order, paidWithCallback, picking, links } = await deleteRefused("del", "queued");
    // The customer pays before Svea runs the queued cancel.
    await paidWithCallback();
    expect((await links()).map((l) => [l.state, l.cancelMayLand !== undefined])).toEqual([["paid", true]]);
    expect(await picking()).toEqual([]);
    const credit = await kit.instance.hooks["order.credit"]({ order, locale: "en", amount: "10.00" });
    expect(credit.accepted ? [] : credit.errors.map((e) => e.code)).toEqual(["cancel-may-land"]);
    svea.landQueued();
    kit.clock.advance(5 * 60_000);
    await kit.instance.commands.reconcile!({ locale: "en" });
    expect((await links()).map((l) => [l.state, l.flags])).toEqual([["cancelled", ["paid-then-credited"]]]);
    expect(await picking()).toEqual([]);
  });

  it("is held back when a reconcile read the link Active after the lost cancel, before the customer paid and the callback came", async () => {
    const { kit, paidWithCallback, picking, links } = await deleteRefused("del", "queued");
    // Reconcile reads the link inside the cancel's window: Svea has not run the queued cancel yet and says Active.
    kit.clock.advance(2 * 60_000);
    await kit.instance.commands.reconcile!({ locale: "en" });
    expect((await kit.deps.store.getOrder("del"))?.intents.filter((i) => i.kind === "cancel").map((i) => i.outcome)).toEqual(["settled:waiting"]);
    await paidWithCallback();
    expect((await links()).map((l) => [l.state, l.cancelMayLand !== undefined])).toEqual([["paid", true]]);
    expect(await picking()).toEqual([]);
  });

  it("is not held back when the cancel was never sent (every status read before it failed)", async () => {
    const { paidWithCallback, picking, links } = await deleteRefused("unsent", "never-sent");
    await paidWithCallback();
    expect((await links()).map((l) => [l.state, l.cancelMayLand])).toEqual([["paid", undefined]]);
    expect(await picking()).toEqual(["unsent"]);
  });

  it("is held back when reconcile's cancel of a create the order no longer wants finds it paid after a lost cancel", async () => {
    const svea = new HeldCancelSvea();
    const kit = await startKit(testSettings({ reconcileAfterMinutes: 30 }), { svea });
    const saved = await kit.instance.hooks["order.save"]({ order: hostOrder({ id: "stale", number: "S1" }), locale: "en" });
    const mon = saved.accepted ? saved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    // Its create's answer counted as lost (the intent open again) while a newer link replaced it.
    const first = (await kit.deps.store.getOrder("stale"))!.links[0]!;
    await kit.deps.store.putLink("stale", { ...first, merchantOrderNumber: "S1-2", sequence: 2, state: "cancelled", canceledByPlugin: true, reason: "replaced" });
    await kit.deps.store.startIntent({ id: "lost-create", orderId: "stale", kind: "create", merchantOrderNumber: mon, replaces: null, startedAt: kit.clock.now(), sequence: 1, fingerprint: first.fingerprint });
    kit.clock.advance(60_000);
    await kit.instance.commands.reconcile!({ locale: "en" });
    const link = (await kit.deps.store.getOrder("stale"))!.links.find((l) => l.merchantOrderNumber === mon);
    expect([link?.state, link?.cancelMayLand !== undefined]).toEqual(["paid", true]);
  });
});

/**
 * The next cancel fails as the HTTP client reports it: "queued", its POST timed out after Svea took it into its queue
 * (landQueued() runs it later: on a paid order it credits); "never-sent", every status read before it failed (a 5xx),
 * so nothing was sent and the failure says so.
 */
class TimedOutCancelSvea extends FakeSvea {
  queued: string | undefined;
  timeOutNextCancel: "queued" | "never-sent" | false = false;
  override async cancelOrder(merchantOrderNumber: string): Promise<CancelResult> {
    const how = this.timeOutNextCancel;
    if (!how) return super.cancelOrder(merchantOrderNumber);
    this.timeOutNextCancel = false;
    if (how === "never-sent") throw new SveaUnavailableError("server-error", { status: 503, outcomeUnknown: false });
    await this.getOrderStatus(merchantOrderNumber);
    this.calls.push({ kind: "cancel", merchantOrderNumber });
    this.queued = merchantOrderNumber;
    throw new SveaUnavailableError("timeout", { outcomeUnknown: true });
  }
  landQueued(): void {
    const order = this.orders.get(this.queued!)!;
    if (order.status === "Completed") order.credited = true;
    order.status = "Canceled";
  }
}
