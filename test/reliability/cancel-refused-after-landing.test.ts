// A cancel that may have landed at Svea, whose retry's status read is refused: its intent stays open for reconcile.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostOrder } from "../plugin/support/plugin-test-kit.js";
import { driven } from "./support/activated-plugin.js";
import { orderOverMock } from "./support/order-over-mock.js";
import { startRuntimeWorld, type RuntimeWorld } from "./support/runtime-world.js";

describe("a cancel whose answer was lost, and whose retry's status read is refused", () => {
  let w: RuntimeWorld;
  beforeEach(async () => {
    w = await startRuntimeWorld();
  });
  afterEach(async () => w.close());

  const order = hostOrder({ id: "o-2", number: "502" });
  const { atSvea, record, openIntents } = orderOverMock(() => w, order);

  for (const refusal of [
    { name: "503 twice", statuses: [503, 503] },
    { name: "401 (the credentials refused)", statuses: [401] },
    // Svea's rate limit (or a throttle) until the client's attempts ran out.
    { name: "403 on every retry", statuses: [403, 403] },
    { name: "429 on every retry", statuses: [429, 429] },
  ]) {
    it(`refused ${refusal.name}: the delete is refused, the cancel's intent stays open, and reconcile records the link cancelled by the plugin`, async () => {
      w.orders.orders.set(order.id, order);
      const saved = await driven(w.runtime.instance.hooks["order.save"]({ order, locale: "en" }), w.clock);
      const mon = saved.accepted ? saved.paymentView!.links[0]!.merchantOrderNumber : "";
      w.clock.advance(6_000);
      // The first try reads Active (a no-op fault takes the first read's turn) and its cancel lands, its answer lost;
      // the retry's status read is refused.
      w.mock.deps.faults.add({ kind: "delay", endpoint: "status", delayMs: 1 });
      w.mock.deps.faults.add({ kind: "drop-connection", endpoint: "cancel", afterStore: true });
      for (const status of refusal.statuses) w.mock.deps.faults.add({ kind: "http-status", endpoint: "status", status: status as 401 | 403 | 429 | 503 });
      const deleted = await driven(w.runtime.instance.hooks["order.delete"]({ order, locale: "en" }), w.clock);
      expect(deleted.accepted).toBe(false);
      // Every refusal armed was met: none is left for reconcile's read.
      expect(w.mock.deps.faults.list().endpoint).toEqual([]);
      expect(atSvea(mon)).toBe("Canceled");
      expect(await openIntents()).toEqual([expect.objectContaining({ kind: "cancel", merchantOrderNumber: mon, outcome: null })]);

      w.clock.advance(6_000);
      expect((await driven(w.runtime.instance.commands.reconcile!({ locale: "en" }), w.clock)).data).toMatchObject({ intents: 1, errors: 0 });
      expect((await record())?.links).toMatchObject([{ merchantOrderNumber: mon, state: "cancelled", canceledByPlugin: true }]);
      expect(await openIntents()).toEqual([]);
    });
  }
});
