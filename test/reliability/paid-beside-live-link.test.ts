// An order paid through one link while another of its links is still Active at Svea: the other is cancelled at once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostOrder } from "../plugin/support/plugin-test-kit.js";
import { sveaCallsFor } from "../e2e/story-harness.js";
import { driven } from "./support/activated-plugin.js";
import { orderOverMock } from "./support/order-over-mock.js";
import { startRuntimeWorld, type RuntimeWorld } from "./support/runtime-world.js";

describe("paid through one link while another link of the order is still Active at Svea", () => {
  let w: RuntimeWorld;
  beforeEach(async () => {
    w = await startRuntimeWorld();
  });
  afterEach(async () => w.close());

  const order = hostOrder({ id: "o-1", number: "501" });
  const { atSvea, link, openIntents, journal, complete, pay, save, reconcile, issueNewerLink } = orderOverMock(() => w, order);

  /** Two links of the order Active at Svea, both known to the plugin as waiting: the older from a save, the newer beside it. */
  const twoWaitingLinks = async () => {
    w.orders.orders.set(order.id, order);
    const first = await save();
    const older = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
    const newer = await issueNewerLink();
    expect([atSvea(older), atSvea(newer)]).toEqual(["Active", "Active"]);
    return { older, newer };
  };

  it("a create whose answer was lost lands beside a newer link, and the newer one is paid: the callback cancels the lost one at Svea, so the customer cannot pay twice", async () => {
    w.orders.orders.set(order.id, order);
    // Svea holds the first create past the save's deadline: the link is being checked, its create intent open.
    w.mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: 5 * 60_000 });
    const first = await save();
    expect(first).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
    const lost = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
    const newer = await issueNewerLink();
    // Svea gets to the create it held (inside the 10 minutes of the create sent last, the save's): two Active links.
    w.clock.advance(5 * 60_000);
    for (let i = 0; i < 200 && atSvea(lost) === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect([atSvea(lost), atSvea(newer)]).toEqual(["Active", "Active"]);

    await pay(newer);
    expect(atSvea(lost)).toBe("Canceled");
    expect((await complete(lost)).status).toBe(409);
    expect(await link(lost)).toMatchObject({ state: "cancelled", canceledByPlugin: true, reason: "replaced" });
    expect(w.orders.last(order.id)).toMatchObject({ state: "paid", sveaReference: w.mock.deps.repo.find(w.mock.merchant.id, newer)?.paymentOrderId, flags: [] });
    // Reconcile only closes the lost create's intent: nothing is left payable, nothing more to cancel.
    w.clock.advance(6_000);
    expect((await reconcile()).data).toMatchObject({ extraLinksCancelled: 0, paid: 0, errors: 0 });
    expect(await openIntents()).toEqual([]);
  });

  it("two waiting links, the older one paid: the callback cancels the newer one at Svea", async () => {
    const { older, newer } = await twoWaitingLinks();
    await pay(older);
    expect(atSvea(newer)).toBe("Canceled");
    expect(await link(newer)).toMatchObject({ state: "cancelled", canceledByPlugin: true });
    expect(await link(older)).toMatchObject({ state: "paid", flags: [] });
    expect((await complete(newer)).status).toBe(409);
  });

  it("the other link was paid too before the callback was worked off: it is recorded paid and flagged extra-payment, never cancelled (which would credit it)", async () => {
    const { older, newer } = await twoWaitingLinks();
    w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: newer });
    expect((await complete(newer)).status).toBe(200);
    await pay(older);
    expect([atSvea(older), atSvea(newer)]).toEqual(["Completed", "Completed"]);
    expect((await w.mock.deps.repo.find(w.mock.merchant.id, newer))?.credits ?? []).toEqual([]);
    expect(await link(newer)).toMatchObject({ state: "paid", flags: ["extra-payment"] });
    expect(w.orders.last(order.id)).toMatchObject({ state: "paid", sveaReference: w.mock.deps.repo.find(w.mock.merchant.id, older)?.paymentOrderId });
    expect(sveaCallsFor(await journal(), newer)).not.toContain("cancel");
  });

  it("a cancel whose answer is lost leaves its intent open, and reconcile finishes it", async () => {
    const { older, newer } = await twoWaitingLinks();
    w.mock.deps.faults.add({ kind: "http-status", endpoint: "cancel", status: 503, count: 3 });
    await pay(older);
    expect(atSvea(newer)).toBe("Active");
    expect(await openIntents()).toEqual([expect.objectContaining({ kind: "cancel", merchantOrderNumber: newer })]);
    w.clock.advance(6_000);
    expect((await reconcile()).data).toMatchObject({ errors: 0 });
    expect(atSvea(newer)).toBe("Canceled");
    expect(await link(newer)).toMatchObject({ state: "cancelled" });
    expect(await openIntents()).toEqual([]);
  });

  it("a check-now that finds the current link paid (its callback never came) cancels the other one", async () => {
    const { older, newer } = await twoWaitingLinks();
    w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: newer });
    expect((await complete(newer)).status).toBe(200);
    w.clock.advance(6_000);
    const checked = await driven(w.runtime.instance.hooks["order.check-payment"]({ order, locale: "en" }), w.clock);
    expect(checked.paymentView).toMatchObject({ state: "paid" });
    expect(atSvea(older)).toBe("Canceled");
    expect(await link(older)).toMatchObject({ state: "cancelled", canceledByPlugin: true });
  });

  it("the nightly sweep that finds an expired link paid (its callback never came) cancels the order's other link", async () => {
    w.orders.orders.set(order.id, order);
    const first = await save();
    const older = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
    w.clock.advance(60 * 60_000);
    const newer = await issueNewerLink();
    w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: older });
    expect((await complete(older)).status).toBe(200);
    // Past the older link's expiry, not the newer one's.
    w.clock.advance((2880 - 30) * 60_000);
    const swept = await driven(w.runtime.instance.commands["expire-links"]!({ locale: "en" }), w.clock);
    expect(swept.data).toMatchObject({ paid: 1, errors: 0 });
    expect(await link(older)).toMatchObject({ state: "paid" });
    expect(atSvea(newer)).toBe("Canceled");
    expect(await link(newer)).toMatchObject({ state: "cancelled", canceledByPlugin: true });
  });
});
