// A paid order the clerk annulled (Payment Admin's cancel, which Instore then reports Canceled) while a cancel the
// plugin sent before the payment was still open: reading that cancel's outcome later must not take the clerk's own
// annulment for the old cancel landing ("paid, then credited"), which dropped Svea's reference and made the order
// payable again. The plugin runtime and the mock Svea over HTTP on 127.0.0.1, on one ManualClock.
import { afterEach, expect, it } from "vitest";
import { hostOrder } from "../plugin/support/plugin-test-kit.js";
import { driven } from "../reliability/support/activated-plugin.js";
import { startRuntimeWorld, type RuntimeWorld } from "../reliability/support/runtime-world.js";
import { DEMO_PAYMENT_ADMIN } from "./payment-admin-support.js";

let world: RuntimeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const admin = (w: RuntimeWorld, method: "POST" | "DELETE", path: string, body: unknown = {}) =>
  fetch(`${w.mock.adminUrl}${path}`, { method, headers: { "content-type": "application/json" }, ...(method === "POST" ? { body: JSON.stringify(body) } : {}) });

it("keeps an annulled payment paid (annulled, Svea's reference kept) when reconcile reads the cancel a refused delete left open, and a save sends no new link", async () => {
  const w = (world = await startRuntimeWorld({ deferredDelivery: true, paymentAdmin: { ...DEMO_PAYMENT_ADMIN } }));
  const hooks = w.runtime.instance.hooks;
  const d = <T>(work: Promise<T>) => driven(work, w.clock);
  const order = hostOrder({ id: "A1", number: "A1" });
  w.orders.orders.set(order.id, order);
  const saved = await d(hooks["order.save"]({ order, locale: "en" }));
  const mon = saved.accepted ? saved.paymentView!.links.at(-1)!.merchantOrderNumber : "";
  expect(mon).not.toBe("");
  w.clock.advance(60_000);

  // The clerk deletes the order and Svea answers every cancel 503: refused, the cancel's intent left open.
  expect((await admin(w, "POST", "/faults", { kind: "http-status", endpoint: "cancel", status: 503, count: 20 })).status).toBe(201);
  expect((await d(hooks["order.delete"]({ order, locale: "en" }))).accepted).toBe(false);
  await admin(w, "DELETE", "/faults");
  // The customer pays: the cancel never landed.
  expect((await admin(w, "POST", `/orders/${w.mock.merchant.id}/${mon}/complete`)).status).toBe(200);
  await w.mock.deps.callbacks.settled();
  await d(w.runtime.background.idle());
  expect((await w.runtime.deps.store.getOrder("A1"))?.links[0]?.state).toBe("paid");

  // Past the cancel's window the clerk annuls the order (not delivered: Payment Admin cancels it).
  w.clock.advance(11 * 60_000);
  const annul = await d(hooks["order.annul"]({ order, locale: "en", confirm: true }));
  expect(annul).toMatchObject({ accepted: true, paymentView: { label: "Paid, then annulled" } });
  const reference = w.orders.last("A1")?.sveaReference;
  expect(reference).not.toBeNull();

  // Reconcile reads the open cancel's outcome: Instore says Canceled, because of the annulment.
  w.clock.advance(3 * 60_000);
  await d(w.runtime.instance.commands.reconcile!({ locale: "en" }));
  const link = (await w.runtime.deps.store.getOrder("A1"))?.links[0];
  expect([link?.state, link?.afterPayment?.annulled?.how, link?.flags]).toEqual(["paid", "cancelled", []]);
  expect(w.orders.last("A1")).toMatchObject({ state: "paid", sveaReference: reference, flags: [] });
  const view = await hooks["order.payment-view"]({ orderIds: ["A1"], locale: "en" });
  expect(view.views[0]).toMatchObject({ state: "paid", label: "Paid, then annulled" });

  // The order stays paid and given back: a save sends the customer nothing new.
  const again = await d(hooks["order.save"]({ order, locale: "en" }));
  expect(again.accepted ? again.paymentView?.links.map((l) => l.state) : again.errors).toEqual(["paid"]);
  expect(JSON.stringify(again)).not.toContain("sms-will-be-sent");
});
