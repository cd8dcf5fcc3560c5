// Reconcile reads a create failed for good that Svea stored late (late-create.ts): Active on an order the host
// deleted or switched → cancelled, "status read again first". The customer pays in the gap between the two reads (the
// client's 5 s per-order pacing makes it at least 5 s): the payment is recorded paid and flagged extra-payment, as a
// Completed on the first read is, so the clerk is told to refund money on an order that no longer wants it.
import { describe, expect, it } from "vitest";
import { reconcile } from "../../../plugin/use-cases/index.js";
import type { FakeSvea } from "../support/fake-svea.js";
import { failedForGood, MINUTE } from "../support/late-stored-create.js";

/** The customer pays right after the first status read of `mon`, before the next one (the cancel's own read). */
function paysAfterFirstRead(svea: FakeSvea, mon: string) {
  const read = svea.getOrderStatus.bind(svea);
  let reads = 0;
  svea.getOrderStatus = async (n: string) => {
    const status = await read(n);
    if (n === mon && ++reads === 1) svea.complete(mon, "Card");
    return status;
  };
}

describe("a late create paid between reconcile's read and its cancel", () => {
  it("order deleted: the payment is flagged extra-payment, as when the first read finds it Completed", async () => {
    const kit = await failedForGood();
    kit.clock.advance(6_000);
    expect(await kit.instance.hooks["order.delete"]({ order: kit.order, locale: "en" })).toMatchObject({ accepted: true });
    kit.orders.orders.delete(kit.order.id);
    await landPaidBetweenReads(kit);
  });

  it("order switched to invoice: the payment is flagged extra-payment", async () => {
    const kit = await failedForGood();
    await kit.switchToInvoice();
    await landPaidBetweenReads(kit);
  });
});

/** Svea stores the create late; reconcile reads it Active and the customer pays before its cancel's own read. */
async function landPaidBetweenReads(kit: Awaited<ReturnType<typeof failedForGood>>) {
  kit.land();
  paysAfterFirstRead(kit.svea, kit.lost);
  kit.clock.advance(kit.deps.settings.reconcileAfterMinutes * MINUTE + MINUTE);
  await reconcile(kit.deps);
  await kit.expectExtraPayment();
}
