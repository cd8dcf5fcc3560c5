// A create whose answer was lost may land at Svea after a 404: saves, deletes and reconcile keep it tracked until its window ends.
import { describe, expect, it } from "vitest";
import { SveaUnavailableError } from "../../../plugin/svea-client/index.js";
import { reconcile } from "../../../plugin/use-cases/index.js";
import { CREATE_OUTCOME_WINDOW_MS } from "../../../plugin/use-cases/unconfirmed-create.js";
import { FakeSvea } from "../support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../support/plugin-test-kit.js";

const changed = { rows: [{ name: "Table", quantity: "1", unitPrice: "300.00", vatPercent: "25" }], total: "300.00" };

/** A plugin whose first create times out without Svea holding it (yet); `land()` makes Svea store it late. */
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
  expect(first).toMatchObject({ accepted: true, paymentView: { state: "failed" } });
  const lost = (await kit.deps.store.getOrder("order-1"))!.links[0]!.merchantOrderNumber;
  const land = (paymentOrderId = 900) =>
    svea.orders.set(lost, { request: {} as never, status: "Active", paymentOrderId, paymentMethodType: null, credited: false });
  const openIntents = async () => (await kit.deps.store.getOrder("order-1"))!.intents.filter((i) => i.completedAt === null && i.abandonedAt === null);
  const link = async (mon: string) => (await kit.deps.store.getOrder("order-1"))!.links.find((l) => l.merchantOrderNumber === mon);
  return { ...kit, svea, save, lost, land, openIntents, link };
}

describe("a create whose answer was lost", () => {
  it("renewed while Svea answers 404: the lost create's intent stays open and reconcile cancels it when it lands beside the new link", async () => {
    const { save, svea, lost, land, openIntents, link, deps } = await afterLostCreate();
    const renewed = await save();
    expect(renewed).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
    const newest = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    expect(await openIntents()).toEqual([expect.objectContaining({ kind: "create", merchantOrderNumber: lost })]);
    expect(await link(lost)).toMatchObject({ state: "failed", mayExistAtSvea: true });

    land();
    expect(svea.active().sort()).toEqual([lost, newest].sort());
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ intents: 1, extraLinksCancelled: 1, errors: 0 });
    expect(svea.active()).toEqual([newest]);
    expect(await link(lost)).toMatchObject({ state: "cancelled", canceledByPlugin: true, reason: "replaced" });
    expect(await openIntents()).toEqual([]);
  });

  it("landed before the next save: that save reads it and cancels it before it issues the new link", async () => {
    const { save, svea, lost, land, link } = await afterLostCreate();
    await save();
    land();
    const resaved = await save(changed);
    expect(resaved).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
    const newest = resaved.accepted ? resaved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    expect(svea.active()).toEqual([newest]);
    expect(await link(lost)).toMatchObject({ state: "cancelled", canceledByPlugin: true });
    // The lost link was cancelled before the new link's create was sent.
    const order = svea.calls.map((c) => `${c.kind}:${c.merchantOrderNumber === lost ? "lost" : c.merchantOrderNumber === newest ? "new" : "other"}`);
    expect(order.indexOf("cancel:lost")).toBeLessThan(order.indexOf("create:new"));
  });

  it("landed and paid before the next save: the save answers already paid and cancels the link that still waited", async () => {
    const { save, svea, lost, land, link } = await afterLostCreate();
    await save();
    land();
    svea.complete(lost);
    const resaved = await save(changed);
    // What was paid is the order before the change: the clerk is told of the difference.
    expect(resaved).toMatchObject({
      accepted: true,
      paymentView: { state: "paid", sveaReference: 900 },
      notices: [{ code: "already-paid" }, { code: expect.stringMatching(/^paid-order-total-(higher|lower)$/) }],
    });
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

  it("paid by the customer after it landed late, while the newer link waits: the order is paid and the newer link cancelled", async () => {
    const { save, svea, lost, land, deps, orders } = await afterLostCreate();
    await save();
    land();
    svea.complete(lost, "Card");
    await reconcile(deps);
    const record = await deps.store.getOrder("order-1");
    expect(record?.links.find((l) => l.merchantOrderNumber === lost)).toMatchObject({ state: "paid", flags: [] });
    expect(svea.active()).toEqual([]);
    expect(orders.last("order-1")).toMatchObject({ state: "paid", sveaReference: 900, billingAddress: { city: "Stockholm" } });
  });

  it("paid late while the order is already paid through the newer link: recorded paid and flagged extra-payment, never lost", async () => {
    const { save, svea, lost, land, deps, instance } = await afterLostCreate();
    const renewed = await save();
    const newest = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
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

  it("still 404 once its window has passed: Svea never got it, the link is failed for good and nothing stays open", async () => {
    const { svea, deps, clock, openIntents, link, lost } = await afterLostCreate();
    await reconcile(deps);
    expect(await openIntents()).toHaveLength(1);
    clock.advance(CREATE_OUTCOME_WINDOW_MS);
    const summary = await reconcile(deps);
    expect(summary).toMatchObject({ intents: 1, errors: 0 });
    expect(await openIntents()).toEqual([]);
    expect(await link(lost)).toMatchObject({ state: "failed", mayExistAtSvea: false });
    expect(await deps.store.listOrdersWithOpenWork()).toEqual([]);
    expect(svea.count("create")).toBe(1);
  });
});
