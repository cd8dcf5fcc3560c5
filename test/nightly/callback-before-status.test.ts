// A callback that comes before Svea's status shows the payment (the read it makes still says Active): the link stays
// waiting, and reconcile's quiet-link reads must still find the payment, as they find one whose callback never came.
import { describe, expect, it } from "vitest";
import { processCallback } from "../../plugin/use-cases/index.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../plugin/support/plugin-test-kit.js";

describe("reconcile after a callback whose status read still said Active", () => {
  it("reads the link again once it has been quiet for reconcileAfterMinutes, finds it paid, and the order goes to picking", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings({ reconcileAfterMinutes: 30 }), { svea });
    const hooks = kit.instance.hooks;
    const saved = await hooks["order.save"]({ order: hostOrder({ id: "early", number: "E1" }), locale: "en" });
    const mon = saved.accepted ? saved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    kit.clock.advance(60_000);
    // Svea calls back while its status endpoint still answers Active; the completion shows a moment later.
    const { entry } = await kit.deps.store.recordCallback({ orderId: "early", merchantOrderNumber: mon, receivedAt: kit.clock.now() });
    expect(await processCallback(kit.deps, entry)).toBe("unchanged");
    svea.complete(mon);
    const pickable = async () => (await hooks["picking.filter"]({ orders: [{ id: "early", paymentMethod: "svea-instore" }], locale: "en" })).pickable;
    const reads = svea.count("status");

    // Not yet quiet for 30 minutes since that read: nothing is read.
    kit.clock.advance(20 * 60_000);
    await kit.instance.commands.reconcile!({ locale: "en" });
    expect(svea.count("status") - reads).toBe(0);

    kit.clock.advance(15 * 60_000);
    const run = await kit.instance.commands.reconcile!({ locale: "en" });
    expect(run).toMatchObject({ ok: true, data: { paid: 1, errors: 0 } });
    expect(svea.count("status") - reads).toBe(1);
    expect((await kit.deps.store.getOrder("early"))?.links.map((l) => l.state)).toEqual(["paid"]);
    expect(await pickable()).toEqual(["early"]);
  });
});
