// The nightly sweep cancels a link past its expiry that Svea still reports Active, and that cancel may be held up at
// Svea while the customer pays (Svea's own expiry is later): when it lands it credits the payment. Whether the cancel
// was sent before or after the link's expiry, a Canceled answer with the payment's type on it for a link the plugin
// sent a cancel is "paid, then credited" (black, flagged, the host told), never plain expired: the clerk must learn
// the customer paid and was credited by the plugin's own cancel. A cancel sent after expiry that credits nothing
// leaves the link expired (grey).
import { describe, expect, it } from "vitest";
import { SveaUnavailableError, type CancelResult } from "../../plugin/svea-client/index.js";
import { processCallback } from "../../plugin/use-cases/index.js";
import { CANCEL_OUTCOME_WINDOW_MS } from "../../plugin/use-cases/cancel-outcome-window.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../plugin/support/plugin-test-kit.js";

/**
 * `queue`: the next cancel's POST times out after Svea queued it; landQueued() runs it (on a paid order it credits).
 * `credit-before-retry`: the customer pays and the queued cancel lands before the client's retry reads the status,
 * so the client answers `canceled` with that read (Canceled, the payment's type on it), as the HTTP client does.
 */
class QueuedCancelSvea extends FakeSvea {
  queued: string | undefined;
  nextCancel: "as-usual" | "queue" | "credit-before-retry" = "as-usual";
  override async cancelOrder(merchantOrderNumber: string): Promise<CancelResult> {
    const mode = this.nextCancel;
    this.nextCancel = "as-usual";
    if (mode === "as-usual") return super.cancelOrder(merchantOrderNumber);
    await this.getOrderStatus(merchantOrderNumber);
    this.calls.push({ kind: "cancel", merchantOrderNumber });
    this.queued = merchantOrderNumber;
    if (mode === "queue") throw new SveaUnavailableError("timeout", { outcomeUnknown: true });
    this.complete(merchantOrderNumber);
    this.landQueued();
    return { outcome: "canceled", status: await this.getOrderStatus(merchantOrderNumber) };
  }
  landQueued(): void {
    const order = this.orders.get(this.queued!)!;
    if (order.status === "Completed") order.credited = true;
    order.status = "Canceled";
  }
}

async function world() {
  const svea = new QueuedCancelSvea();
  const kit = await startKit(testSettings({ linkLifetimeMinutes: 60, reconcileAfterMinutes: 30 }), { svea });
  const order = hostOrder({ id: "x", number: "X1" });
  kit.orders.orders.set("x", order);
  const saved = await kit.instance.hooks["order.save"]({ order, locale: "en" });
  const mon = saved.accepted ? saved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
  const reconcile = async () => expect((await kit.instance.commands.reconcile!({ locale: "en" })).data).toMatchObject({ errors: 0 });
  /** The nightly sweep runs past the link's expiry; its cancel times out after Svea queued it. */
  const sweepWithCancelQueued = async () => {
    kit.clock.advance(61 * 60_000);
    svea.nextCancel = "queue";
    expect((await kit.instance.commands["expire-links"]!({ locale: "en" })).data).toMatchObject({ checked: 1, errors: 1 });
    expect(await link()).toMatchObject({ state: "waiting" });
    expect(kit.orders.last("x")?.state).toBe("expired");
  };
  /** The customer pays; Svea then runs the queued cancel, which credits the payment. */
  const paidThenCreditedByQueuedCancel = () => {
    svea.complete(mon);
    svea.landQueued();
    expect(svea.orders.get(mon)?.credited).toBe(true);
  };
  const callback = async () => {
    kit.clock.advance(30_000);
    const { entry } = await kit.deps.store.recordCallback({ orderId: "x", merchantOrderNumber: mon, receivedAt: kit.clock.now() });
    await processCallback(kit.deps, entry);
  };
  const link = async () => (await kit.deps.store.getOrder("x"))!.links.find((l) => l.merchantOrderNumber === mon)!;
  /** What the customer went through, as the clerk and the host are shown it. */
  const shown = async () => {
    const { state, flags } = await link();
    const host = kit.orders.last("x");
    return { state, flags, host: { state: host?.state, flags: host?.flags ?? [] } };
  };
  return { svea, kit, order, mon, sweepWithCancelQueued, paidThenCreditedByQueuedCancel, callback, reconcile, link, shown };
}

const paidThenCredited = { state: "cancelled", flags: ["paid-then-credited"], host: { state: "cancelled", flags: ["paid-then-credited"] } };

describe("a payment credited by the plugin's own queued cancel", () => {
  it("control: a delete's cancel (sent before expiry), callback then reconcile -> paid, then credited", async () => {
    const { svea, kit, order, paidThenCreditedByQueuedCancel, callback, reconcile, shown } = await world();
    kit.clock.advance(60_000);
    svea.nextCancel = "queue";
    expect((await kit.instance.hooks["order.delete"]({ order, locale: "en" })).accepted).toBe(false);
    paidThenCreditedByQueuedCancel();
    await callback();
    kit.clock.advance(6_000);
    await reconcile();
    expect(await shown()).toEqual(paidThenCredited);
  });

  it("the nightly sweep's cancel (sent after expiry), callback then reconcile -> paid, then credited, not expired", async () => {
    const { kit, sweepWithCancelQueued, paidThenCreditedByQueuedCancel, callback, reconcile, shown } = await world();
    await sweepWithCancelQueued();
    paidThenCreditedByQueuedCancel();
    await callback();
    expect(await shown()).toEqual(paidThenCredited);
    kit.clock.advance(6_000);
    await reconcile();
    expect(await shown()).toEqual(paidThenCredited);
  });

  it("the nightly sweep's cancel, no callback: reconcile settling its intent past the cancel's window -> paid, then credited", async () => {
    const { kit, sweepWithCancelQueued, paidThenCreditedByQueuedCancel, reconcile, shown } = await world();
    await sweepWithCancelQueued();
    paidThenCreditedByQueuedCancel();
    kit.clock.advance(CANCEL_OUTCOME_WINDOW_MS + 5 * 60_000);
    await reconcile();
    expect(await shown()).toEqual(paidThenCredited);
    const intents = (await kit.deps.store.getOrder("x"))!.intents.filter((i) => i.kind === "cancel");
    expect(intents.map((i) => i.outcome)).toEqual(["settled:cancelled"]);
  });

  it("a delete again after the first one's queued cancel credited the payment: Svea says Canceled already -> paid, then credited", async () => {
    const { svea, kit, order, paidThenCreditedByQueuedCancel, shown } = await world();
    kit.clock.advance(60_000);
    svea.nextCancel = "queue";
    expect((await kit.instance.hooks["order.delete"]({ order, locale: "en" })).accepted).toBe(false);
    paidThenCreditedByQueuedCancel();
    kit.clock.advance(60_000);
    expect((await kit.instance.hooks["order.delete"]({ order, locale: "en" })).accepted).toBe(true);
    expect(await shown()).toEqual(paidThenCredited);
  });

  it("the nightly sweep's cancel, read again by the next sweep before reconcile settled it -> paid, then credited", async () => {
    const { kit, sweepWithCancelQueued, paidThenCreditedByQueuedCancel, shown } = await world();
    await sweepWithCancelQueued();
    paidThenCreditedByQueuedCancel();
    kit.clock.advance(6_000);
    expect((await kit.instance.commands["expire-links"]!({ locale: "en" })).data).toMatchObject({ checked: 1, expired: 0, paid: 0, errors: 0 });
    expect(await shown()).toEqual(paidThenCredited);
  });

  it("the nightly sweep's cancel lands with no payment -> expired (grey), no flag", async () => {
    const { svea, kit, sweepWithCancelQueued, reconcile, shown } = await world();
    await sweepWithCancelQueued();
    svea.landQueued();
    kit.clock.advance(6_000);
    await reconcile();
    expect(await shown()).toEqual({ state: "expired", flags: [], host: { state: "expired", flags: [] } });
  });

  it("the nightly sweep's cancel whose retry finds it Canceled with the payment on it -> paid, then credited", async () => {
    const { svea, kit, shown } = await world();
    kit.clock.advance(61 * 60_000);
    svea.nextCancel = "credit-before-retry";
    expect((await kit.instance.commands["expire-links"]!({ locale: "en" })).data).toMatchObject({ checked: 1, expired: 0, errors: 0 });
    expect(await shown()).toEqual(paidThenCredited);
  });

  it("a delete's cancel whose retry finds it Canceled with the payment on it -> paid, then credited", async () => {
    const { svea, kit, order, shown } = await world();
    kit.clock.advance(60_000);
    svea.nextCancel = "credit-before-retry";
    expect((await kit.instance.hooks["order.delete"]({ order, locale: "en" })).accepted).toBe(true);
    expect(await shown()).toEqual(paidThenCredited);
  });
});
