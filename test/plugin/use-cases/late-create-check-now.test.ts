// A create failed for good past its window that Svea stores late, read by a clerk's check-now: weighed as reconcile's
// read (late-create.ts) weighs it, the order's standing included, not recorded as Svea's answer stands.
import { describe, expect, it } from "vitest";
import { reconcile } from "../../../plugin/use-cases/index.js";
import { failedForGood, MINUTE } from "../support/late-stored-create.js";

/** Cancelled at Svea and in the store, shown cancelled: nothing left payable. */
function cancelledEverywhere(view: string | undefined, stored: string | undefined, atSvea: string | undefined) {
  expect({ view, stored, atSvea }).toEqual({ view: "cancelled", stored: "cancelled", atSvea: "Canceled" });
}

describe("check-now on a create failed for good that Svea stored late", () => {
  it("order switched to another payment method: check-now does not adopt the late Active link as waiting, it cancels it", async () => {
    const { instance, clock, svea, lost, land, lateLink, switchToInvoice } = await failedForGood();
    // The clerk, told "failed" (offer another way to pay), switches the order to invoice and saves it.
    const switched = await switchToInvoice();
    // Svea stores the create late (15 minutes after its send) and texts the customer.
    clock.advance(4 * MINUTE);
    land();
    // The clerk presses "check payment now" on the order.
    clock.advance(6_000);
    const checked = await instance.hooks["order.check-payment"]({ order: switched, locale: "en" });
    // As reconcile's read does: cancelled at Svea (method-changed), not adopted as waiting (which would show the payment
    // link and let the customer pay an order the shop bills by invoice).
    cancelledEverywhere(checked.paymentView?.state, (await lateLink())?.state, svea.orders.get(lost)?.status);
  });

  it("host holds another version of the order: check-now does not adopt the late Active link for the old version", async () => {
    const { instance, clock, orders, svea, order, lost, land, lateLink } = await failedForGood();
    // The host stored an edit (it stores before the save hook) whose save never reached the plugin.
    const edited = { ...order, rows: [{ rowNumber: 1, articleNumber: "A2", name: "Table", quantity: "1", unit: "st", unitPrice: "300.00", vatPercent: "25" }], total: "300.00" };
    orders.orders.set(order.id, edited);
    clock.advance(4 * MINUTE);
    land();
    clock.advance(6_000);
    const checked = await instance.hooks["order.check-payment"]({ order: edited, locale: "en" });
    // Cancelled as reconcile's read cancels it (reason replaced): the customer must not pay 100 SEK for a 300 SEK order.
    cancelledEverywhere(checked.paymentView?.state, (await lateLink())?.state, svea.orders.get(lost)?.status);
  });
});

describe("check-now, then reconcile, on a switched order with a late link", () => {
  it("nothing is left payable at Svea on an order the shop now bills another way", async () => {
    const { instance, deps, clock, orders, svea, order, lost, land, switchToInvoice } = await failedForGood();
    const switched = await switchToInvoice();
    clock.advance(4 * MINUTE);
    land();
    clock.advance(6_000);
    await instance.hooks["order.check-payment"]({ order: switched, locale: "en" });
    for (let i = 0; i < 3; i++) {
      clock.advance(deps.settings.reconcileAfterMinutes * MINUTE + MINUTE);
      await reconcile(deps);
    }
    expect({ atSvea: svea.orders.get(lost)?.status, host: orders.last(order.id)?.state }).toEqual({ atSvea: "Canceled", host: "cancelled" });
  });
});

describe("check-now finds the late link paid on a switched order", () => {
  it("flags it extra-payment, as reconcile's read and its callback do", async () => {
    const { instance, clock, svea, lost, land, switchToInvoice, expectExtraPayment } = await failedForGood();
    const switched = await switchToInvoice();
    clock.advance(4 * MINUTE);
    land();
    svea.complete(lost, "Card");
    clock.advance(6_000);
    await instance.hooks["order.check-payment"]({ order: switched, locale: "en" });
    await expectExtraPayment();
  });
});
