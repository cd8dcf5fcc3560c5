// Activation settles what a stopped process left half-done at once, instead of waiting up to 15 minutes for reconcile.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { createPluginRuntime } from "../../plugin/plugin-runtime.js";
import { currentLink } from "../../plugin/store/index.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { CapturingLogger, hostOrder, RecordingOrders, startKit, testSettings } from "../plugin/support/plugin-test-kit.js";
import { MemoryHostStorage } from "../plugin/support/memory-host-storage.js";

/** A first process that saved order "a", then the same storage, Svea and clock activated again (the restart). */
async function firstRun() {
  const svea = new FakeSvea();
  const first = await startKit(testSettings({ linkLifetimeMinutes: 60 }), { svea });
  const order = hostOrder({ id: "a", number: "Na" });
  first.orders.orders.set("a", order);
  const saved = await first.instance.hooks["order.save"]({ order, locale: "en" });
  expect(saved.accepted && saved.paymentView?.state).toBe("waiting");
  // The first process's own start-up settling is over; what follows is crafted as a kill would leave it.
  await first.background.idle();
  const restart = async () => {
    const orders = new RecordingOrders();
    orders.orders.set("a", order);
    const logger = new CapturingLogger();
    const runtime = await createPluginRuntime(
      { settings: testSettings({ linkLifetimeMinutes: 60 }), logger, clock: first.clock, orders, storage: first.storage },
      { svea, newId: () => `restart-${Math.random()}` },
    );
    return { ...runtime, orders, logger };
  };
  return { svea, first, restart };
}

describe("activation settles what a stopped process left open", () => {
  it("a create whose answer a kill lost (Svea has it): after the restart, with no clerk action, the order shows the link as waiting and the host is told", async () => {
    const { svea, first, restart } = await firstRun();
    // The process re-issued the link and was killed after sending the create: the intent is open, no link record.
    const lost = await first.deps.store.beginLink("a", "Na", (sequence) => ({
      id: "lost-create",
      orderId: "a",
      kind: "create",
      merchantOrderNumber: `Na-${sequence}-lost`,
      replaces: null,
      startedAt: first.clock.now(),
      sequence,
    }));
    svea.orders.set(lost.merchantOrderNumber, { request: {} as never, status: "Active", paymentOrderId: 77, paymentMethodType: null, credited: false });
    first.clock.advance(6_000);
    const again = await restart();
    await again.background.idle();
    const record = await again.deps.store.getOrder("a");
    expect(record?.intents.find((i) => i.id === "lost-create")?.completedAt).not.toBeNull();
    expect(record?.links.find((l) => l.merchantOrderNumber === lost.merchantOrderNumber)).toMatchObject({ state: "waiting", paymentOrderId: 77 });
    // One payable link: the older one was cancelled beside the adopted one.
    expect(svea.active()).toEqual([lost.merchantOrderNumber]);
    expect(again.orders.last("a")).toMatchObject({ state: "waiting" });
    expect(again.logger.lines.some((l) => l.includes("settled at activation"))).toBe(true);
    await again.instance.deactivate();
  });

  it("a callback recorded but not processed: after the restart the order is paid without a command", async () => {
    const { svea, first, restart } = await firstRun();
    const m = currentLink(await first.deps.store.getOrder("a"))!.merchantOrderNumber;
    svea.complete(m);
    await first.deps.store.recordCallback({ orderId: "a", merchantOrderNumber: m, receivedAt: first.clock.now() });
    first.clock.advance(6_000);

    const again = await restart();
    await again.background.idle();
    expect(currentLink(await again.deps.store.getOrder("a"))).toMatchObject({ merchantOrderNumber: m, state: "paid" });
    expect(again.orders.last("a")).toMatchObject({ state: "paid" });
  });

  it("nothing left over: a start makes no Svea call and logs no settling, even with a quiet waiting link reconcile would read", async () => {
    const { svea, first, restart } = await firstRun();
    // Quiet for longer than reconcileAfterMinutes: the scheduled reconcile reads it, the start does not.
    first.clock.advance(45 * 60_000);
    const calls = svea.calls.length;
    const again = await restart();
    await again.background.idle();
    expect(svea.calls.length).toBe(calls);
    expect(again.logger.lines.some((l) => l.includes("settled at activation"))).toBe(false);
  });

  it("without a Svea account nothing is attempted, and activation still succeeds", async () => {
    const logger = new CapturingLogger();
    const { merchantId: _id, password: _password, ...noAccount } = testSettings();
    const runtime = await createPluginRuntime({ settings: noAccount, logger, clock: new ManualClock(), orders: new RecordingOrders(), storage: new MemoryHostStorage() });
    await runtime.background.idle();
    expect(runtime.deps.svea).toBeUndefined();
    expect(logger.lines.some((l) => l.includes("background task failed"))).toBe(false);
  });
});
