// A cancel Svea answers 200 with an error document did not (or may not) happen: it must not be recorded as done. Before,
// the plugin took any object as the acknowledgement, recorded the link cancelled, and when the customer then paid the
// still-Active link, read the payment as "paid, then credited" while Svea held it paid and had credited nothing.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { callbackToken } from "../../plugin/callback/index.js";
import { createPluginRuntime } from "../../plugin/plugin-runtime.js";
import { clientFor, serve } from "../client/support/client-test-setup.js";
import { createFakeSvea } from "../client/support/fake-svea-orders.js";
import { sendJson } from "../client/support/test-http-server.js";
import { MemoryHostStorage } from "../plugin/support/memory-host-storage.js";
import { CALLBACK_KEY, CapturingLogger, RecordingOrders, hostOrder, testSettings } from "../plugin/support/plugin-test-kit.js";

const ERROR_ANSWERS: [string, unknown][] = [
  ["an ASP.NET problem document", { title: "One or more validation errors occurred.", status: 400, errors: { order: ["The order could not be cancelled"] } }],
  ["success: false", { success: false, errorMessage: "Cancel not allowed" }],
];

describe("a cancel answered 200 with an error document", () => {
  for (const [name, answer] of ERROR_ANSWERS) {
    it(`${name}: the delete is refused, the cancel's intent stays open, and the payment that follows is recorded paid, not credited`, async () => {
      const clock = new ManualClock();
      const fake = createFakeSvea({ clock, merchantId: "instore-merchant-7", password: "Pässw0rd-SECRET-91xq!" });
      const server = await serve(fake.handler);
      const orders = new RecordingOrders();
      let id = 0;
      const runtime = await createPluginRuntime(
        { settings: testSettings(), logger: new CapturingLogger(), clock, orders, storage: new MemoryHostStorage() },
        { svea: clientFor(server.url, { clock }), newId: () => `id-${++id}` },
      );
      const hooks = runtime.instance.hooks;
      const saved = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
      const number = saved.accepted ? saved.paymentView!.links[0]!.merchantOrderNumber : "";
      expect(fake.orders.get(number)?.orderStatus).toBe("Active");

      // Svea refuses the cancel in a 200: the order stays Active, still payable through the SMS the customer holds.
      fake.hooks.before = (req, res) => {
        if (!req.url.endsWith("/cancel")) return false;
        sendJson(res, 200, answer);
        return true;
      };
      clock.advance(10_000);
      const deleted = await hooks["order.delete"]({ order: hostOrder(), locale: "en" });
      expect(deleted.accepted).toBe(false);
      expect(fake.orders.get(number)?.orderStatus).toBe("Active");
      const afterDelete = await runtime.deps.store.getOrder("order-1");
      expect(afterDelete!.links.find((l) => l.merchantOrderNumber === number)).toMatchObject({ state: "waiting", canceledByPlugin: false });
      // The cancel's outcome is unknown: its intent stays open for reconcile to read what Svea did.
      expect(afterDelete!.intents.filter((i) => i.kind === "cancel" && i.completedAt === null && i.abandonedAt === null)).toHaveLength(1);

      // The customer pays the link; Svea calls back.
      fake.orders.get(number)!.orderStatus = "Completed";
      clock.advance(60_000);
      const cb = await runtime.instance.routes.fetch(
        new Request(`http://erp.example/callback/${number}/${callbackToken(CALLBACK_KEY, number)}`, { method: "POST", body: JSON.stringify({ merchantOrderNumber: number }) }),
      );
      expect(cb.status).toBe(200);
      await runtime.background.idle();
      const link = (await runtime.deps.store.getOrder("order-1"))!.links.find((l) => l.merchantOrderNumber === number)!;
      expect(fake.orders.get(number)).toMatchObject({ orderStatus: "Completed", credited: false });
      expect(link.state).toBe("paid");
      expect(link.flags).not.toContain("paid-then-credited");
      expect(orders.last("order-1")).toMatchObject({ state: "paid", sveaReference: fake.orders.get(number)!.paymentOrderId });
      await runtime.instance.deactivate();
    });
  }
});
