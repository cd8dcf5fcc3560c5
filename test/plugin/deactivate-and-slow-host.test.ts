// Deactivate waits for the calls still running (bounded), and a call into the host that does not return is not silent.
import { describe, expect, it } from "vitest";
import type { PaymentStateUpdate } from "../../plugin/host-contract/host-contract-types.js";
import { SLOW_HOST_CALL_MS } from "../../plugin/host-contract/calling-host-orders.js";
import { DEACTIVATE_WAIT_MS, PluginDeactivatedError } from "../../plugin/in-flight-calls.js";
import { FakeSvea } from "./support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "./support/plugin-test-kit.js";

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe("deactivate", () => {
  it("waits for a save under way, which then stores its link and answers; calls after it are refused", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings(), { svea });
    const create = svea.createOrder.bind(svea);
    const held = gate();
    svea.createOrder = async (...args) => {
      await held.opened;
      return create(...args);
    };
    const order = hostOrder({ id: "a", number: "Na" });
    kit.orders.orders.set("a", order);
    const saving = kit.instance.hooks["order.save"]({ order, locale: "en" });
    await turns();
    let deactivated = false;
    const stopping = kit.instance.deactivate().then(() => (deactivated = true));
    await turns();
    expect(deactivated).toBe(false);
    await expect(kit.instance.hooks["order.payment-view"]({ orderIds: ["a"], locale: "en" })).rejects.toBeInstanceOf(PluginDeactivatedError);

    held.open();
    const saved = await saving;
    await stopping;
    expect(saved.accepted && saved.paymentView?.state).toBe("waiting");
    expect(svea.active()).toHaveLength(1);
  });

  it("closes the store after DEACTIVATE_WAIT_MS when a host callback never returns, and says so", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings(), { svea });
    const order = hostOrder({ id: "a", number: "Na" });
    kit.orders.orders.set("a", order);
    kit.orders.setPaymentState = () => new Promise<void>(() => {});
    void kit.instance.hooks["order.save"]({ order, locale: "en" });
    await turns();
    let deactivated = false;
    const stopping = kit.instance.deactivate().then(() => (deactivated = true));
    await turns();
    expect(deactivated).toBe(false);
    kit.clock.advance(DEACTIVATE_WAIT_MS);
    await stopping;
    expect(kit.logger.lines.some((l) => l.includes("deactivate: calls into the plugin are still running") && l.includes('"stillRunning":1'))).toBe(true);
  });
});

describe("a call into the host that does not return", () => {
  it("is logged once it has taken SLOW_HOST_CALL_MS, naming the order and the call; the save then finishes when the host does", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings(), { svea });
    const order = hostOrder({ id: "a", number: "Na" });
    kit.orders.orders.set("a", order);
    const held = gate();
    const record = kit.orders.setPaymentState.bind(kit.orders);
    kit.orders.setPaymentState = async (update: PaymentStateUpdate) => {
      await held.opened;
      await record(update);
    };
    const saving = kit.instance.hooks["order.save"]({ order, locale: "en" });
    await turns();
    const slow = () => kit.logger.lines.filter((l) => l.includes("a call into the host has not returned"));
    kit.clock.advance(SLOW_HOST_CALL_MS - 1);
    await turns();
    expect(slow()).toEqual([]);
    kit.clock.advance(1);
    await turns();
    expect(slow()).toHaveLength(1);
    expect(JSON.parse(slow()[0]!)).toMatchObject({ level: "warn", orderId: "a", hostCall: "orders.setPaymentState" });
    held.open();
    expect((await saving).accepted).toBe(true);
    expect(kit.orders.last("a")?.state).toBe("waiting");
  });
});
