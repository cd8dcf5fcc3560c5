// A create Svea stored after the plugin's 10-minute window (the plugin already holds it failed for good, and told the
// host "failed": offer another way to pay), which the customer pays and whose callback is lost. The clerk's check-now
// reads the current link while it is failed past its window, and reconcile reads such a link once quiet until a read
// at or past its expiry; Active on the order's own link is adopted as waiting. Over the mock, with its 5 s pacing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostOrder } from "../plugin/support/plugin-test-kit.js";
import { driven } from "./support/activated-plugin.js";
import { orderOverMock } from "./support/order-over-mock.js";
import { startRuntimeWorld, type RuntimeWorld } from "./support/runtime-world.js";

const MINUTE = 60_000;

describe("a create stored by Svea past the window, paid, callback lost", () => {
  let w: RuntimeWorld;
  beforeEach(async () => {
    w = await startRuntimeWorld();
  });
  afterEach(async () => w.close());

  const order = hostOrder({ id: "o-9", number: "509" });
  const { atSvea, link, openIntents, complete, save, reconcile, journal } = orderOverMock(() => w, order);
  const checkNow = () => driven(w.runtime.instance.hooks["order.check-payment"]({ order, locale: "en" }), w.clock);
  const landed = async (mon: string) => {
    for (let i = 0; i < 200 && atSvea(mon) === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    return atSvea(mon);
  };

  /** Svea holds the create 15 minutes; reconcile at 11 minutes gets 404 (failed for good); then Svea stores it. */
  const failedThenStoredLate = async () => {
    w.orders.orders.set(order.id, order);
    // As in ended-only-in-the-plugin.test.ts.
    w.mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: 15 * MINUTE });
    const first = await save();
    const mon = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
    w.clock.advance(11 * MINUTE);
    expect((await reconcile()).data).toMatchObject({ errors: 0 });
    expect(await link(mon)).toMatchObject({ state: "failed", mayExistAtSvea: false });
    expect(w.orders.last(order.id)).toMatchObject({ state: "failed" });
    expect(w.orders.last(order.id)?.beingChecked).toBeFalsy();
    expect(await openIntents()).toEqual([]);
    w.clock.advance(4 * MINUTE);
    expect(await landed(mon)).toBe("Active");
    return mon;
  };

  it("the clerk's check-now and the next reconcile runs find the payment", async () => {
    const mon = await failedThenStoredLate();
    // The customer pays the SMS link; Svea's callback never arrives.
    w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: mon });
    expect((await complete(mon)).status).toBe(200);
    await w.mock.deps.callbacks.settled();
    expect(atSvea(mon)).toBe("Completed");

    // The clerk presses "check payment now".
    w.clock.advance(6_000);
    const checked = await checkNow();
    // Later, reconcile runs (well past reconcileAfterMinutes) and the nightly sweep.
    w.clock.advance(60 * MINUTE);
    await reconcile();
    await driven(w.runtime.instance.commands["expire-links"]!({ locale: "en" }), w.clock);

    // Expected: paid (Svea holds it Completed: the money has moved). Actual: failed, and nothing reads it again.
    expect({ checkNow: checked.paymentView?.state, stored: (await link(mon))?.state, host: w.orders.last(order.id)?.state }).toEqual({
      checkNow: "paid",
      stored: "paid",
      host: "paid",
    });
  });

  it("without a check-now, reconcile's read of the quiet failed link finds the payment", async () => {
    const mon = await failedThenStoredLate();
    w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: mon });
    expect((await complete(mon)).status).toBe(200);
    await w.mock.deps.callbacks.settled();
    // The next runs: the link was read at 11 minutes, so it is quiet again reconcileAfterMinutes later.
    w.clock.advance(w.runtime.deps.settings.reconcileAfterMinutes * MINUTE);
    expect((await reconcile()).data).toMatchObject({ paid: 1, errors: 0 });
    expect(await link(mon)).toMatchObject({ state: "paid" });
    expect(w.orders.last(order.id)).toMatchObject({ state: "paid" });
  });

  it("stored late and not yet paid: reconcile adopts it as the order's waiting link", async () => {
    const mon = await failedThenStoredLate();
    w.clock.advance(w.runtime.deps.settings.reconcileAfterMinutes * MINUTE);
    expect((await reconcile()).data).toMatchObject({ errors: 0 });
    expect(await link(mon)).toMatchObject({ state: "waiting", mayExistAtSvea: true });
    expect(w.orders.last(order.id)).toMatchObject({ state: "waiting" });
  });

  it("still not at Svea: read per reconcileAfterMinutes until a read at or past its expiry, then off reconcile's list", async () => {
    w.orders.orders.set(order.id, order);
    // Svea never stores it: every attempt's connection drops before the mock acts.
    w.mock.deps.faults.add({ kind: "drop-connection", endpoint: "create", count: 10 });
    const first = await save();
    const mon = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
    w.clock.advance(11 * MINUTE);
    await reconcile();
    const failed = await link(mon);
    expect(failed).toMatchObject({ state: "failed", mayExistAtSvea: false });
    const reads = async () => (await journal()).filter((r) => r.method === "GET" && r.path.includes(mon)).length;
    const before = await reads();
    // Inside reconcileAfterMinutes: not read again.
    w.clock.advance(15 * MINUTE);
    await reconcile();
    expect(await reads()).toBe(before);
    w.clock.advance(20 * MINUTE);
    await reconcile();
    expect(await reads()).toBe(before + 1);
    // Past its expiry: one last read, then nothing more.
    w.clock.advance(failed!.expiresAt - w.clock.now() + MINUTE);
    await reconcile();
    expect(await reads()).toBe(before + 2);
    expect(await w.runtime.deps.store.listOrdersWithOpenWork()).toEqual([]);
    w.clock.advance(60 * MINUTE);
    await reconcile();
    expect(await reads()).toBe(before + 2);
  });
});
