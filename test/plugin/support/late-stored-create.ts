// A create failed for good past its window (timed out, 404 at reconcile's read past it) that Svea can then store late.
import { expect } from "vitest";
import { SveaUnavailableError } from "../../../plugin/svea-client/index.js";
import { reconcile } from "../../../plugin/use-cases/index.js";
import { FakeSvea } from "./fake-svea.js";
import { hostOrder, startKit, testSettings } from "./plugin-test-kit.js";

export const MINUTE = 60_000;

/** The kit with order-1's create failed for good; `land` has Svea store it Active, `lateLink` reads its stored link. */
export async function failedForGood() {
  const svea = new FakeSvea();
  const kit = await startKit(testSettings(), { svea });
  const order = hostOrder();
  kit.orders.orders.set(order.id, order);
  svea.failNextCreate = new SveaUnavailableError("timeout", { outcomeUnknown: true });
  expect(await kit.instance.hooks["order.save"]({ order, locale: "en" })).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
  const lost = (await kit.deps.store.getOrder(order.id))!.links[0]!.merchantOrderNumber;
  kit.clock.advance(11 * MINUTE);
  await reconcile(kit.deps);
  expect((await kit.deps.store.getOrder(order.id))!.links[0]).toMatchObject({ state: "failed", mayExistAtSvea: false });
  const land = () => svea.orders.set(lost, { request: {} as never, status: "Active", paymentOrderId: 900, paymentMethodType: null, credited: false });
  const lateLink = async () => (await kit.deps.store.getOrder(order.id))!.links.find((l) => l.merchantOrderNumber === lost);
  /** The clerk switches the order to invoice and saves it (the switch reads the failed create once: 404 still). */
  const switchToInvoice = async () => {
    const switched = { ...order, paymentMethod: "invoice" };
    kit.orders.orders.set(order.id, switched);
    kit.clock.advance(6_000);
    expect(await kit.instance.hooks["order.save"]({ order: switched, locale: "en" })).toMatchObject({ accepted: true });
    return switched;
  };
  /** The late link paid and flagged extra-payment, in the store and as the host was told. */
  const expectExtraPayment = async () => {
    const stored = await lateLink();
    expect(stored?.state).toBe("paid");
    expect({ stored: stored?.flags, host: kit.orders.last(order.id)?.flags }).toEqual({ stored: ["extra-payment"], host: ["extra-payment"] });
  };
  return { ...kit, svea, order, lost, land, lateLink, switchToInvoice, expectExtraPayment };
}
