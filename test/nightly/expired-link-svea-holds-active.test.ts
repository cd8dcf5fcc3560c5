// A link the plugin holds as expired while Svea still answered Active (a check-now past the plugin's expiry, whose clock
// runs ahead of Svea's): the customer can still pay it, so reconcile keeps reading it until Svea has ended it.
import { describe, expect, it } from "vitest";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../plugin/support/plugin-test-kit.js";

const QUIET_MIN = 30;

async function expiredButActive() {
  const svea = new FakeSvea();
  const kit = await startKit(testSettings({ linkLifetimeMinutes: 60, reconcileAfterMinutes: QUIET_MIN }), { svea });
  const order = hostOrder({ id: "grey", number: "G1" });
  const saved = await kit.instance.hooks["order.save"]({ order, locale: "en" });
  const mon = saved.accepted ? saved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
  kit.clock.advance(60 * 60_000);
  await kit.instance.hooks["order.check-payment"]({ order, locale: "en" });
  expect((await kit.deps.store.getOrder("grey"))?.links.map((l) => [l.state, l.sveaStatus])).toEqual([["expired", "Active"]]);
  const pickable = async () => (await kit.instance.hooks["picking.filter"]({ orders: [{ id: "grey", paymentMethod: "svea-instore" }], locale: "en" })).pickable;
  return { svea, kit, mon, pickable, reconcile: () => kit.instance.commands.reconcile!({ locale: "en" }) };
}

describe("reconcile and a link held as expired that Svea still answered Active", () => {
  it("finds the payment the customer made on it after the check, though its callback never came", async () => {
    const { svea, kit, mon, pickable, reconcile } = await expiredButActive();
    svea.complete(mon);
    const reads = svea.count("status");
    kit.clock.advance((QUIET_MIN + 1) * 60_000);
    expect(await reconcile()).toMatchObject({ ok: true, data: { paid: 1, errors: 0 } });
    expect(svea.count("status") - reads).toBe(1);
    expect((await kit.deps.store.getOrder("grey"))?.links.map((l) => l.state)).toEqual(["paid"]);
    expect(await pickable()).toEqual(["grey"]);
  });

  it("ends it at Svea when nobody paid, and then reads it no more", async () => {
    const { svea, kit, mon, pickable, reconcile } = await expiredButActive();
    kit.clock.advance((QUIET_MIN + 1) * 60_000);
    expect(await reconcile()).toMatchObject({ ok: true, data: { errors: 0 } });
    expect(svea.orders.get(mon)?.status).toBe("Canceled");
    expect((await kit.deps.store.getOrder("grey"))?.links.map((l) => [l.state, l.canceledByPlugin])).toEqual([["expired", true]]);
    const reads = svea.count("status");
    kit.clock.advance(24 * 60 * 60_000);
    expect(await reconcile()).toMatchObject({ ok: true, data: { orders: 0 } });
    expect(svea.count("status")).toBe(reads);
    expect(await pickable()).toEqual([]);
  });
});
