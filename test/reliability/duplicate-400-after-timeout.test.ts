// A create times out while Svea is still storing it; the retry under the same number is refused 400 naming
// merchantOrderNumber (ASP.NET's duplicate answer) and the status read cannot see the order yet (404). Before, the 400
// stood as a known refusal: the link failed for good, its intent closed, and the next save sent a second number beside
// the first, which Svea then stored: two payable links, two SMS for one order.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { createPluginRuntime } from "../../plugin/plugin-runtime.js";
import { clientFor, serve } from "../client/support/client-test-setup.js";
import { createFakeSvea } from "../client/support/fake-svea-orders.js";
import { sendJson } from "../client/support/test-http-server.js";
import { MemoryHostStorage } from "../plugin/support/memory-host-storage.js";
import { CapturingLogger, RecordingOrders, hostOrder, testSettings } from "../plugin/support/plugin-test-kit.js";

describe("a create's retry refused 400 naming merchantOrderNumber, the first attempt not yet visible", () => {
  it("keeps the link being checked, and the next save finds the first create instead of sending a second number", async () => {
    const clock = new ManualClock();
    const fake = createFakeSvea({ clock, merchantId: "instore-merchant-7", password: "Pässw0rd-SECRET-91xq!" });
    const server = await serve(fake.handler);
    let id = 0;
    const runtime = await createPluginRuntime(
      { settings: testSettings(), logger: new CapturingLogger(), clock, orders: new RecordingOrders(), storage: new MemoryHostStorage() },
      { svea: clientFor(server.url, { clock, timeouts: { create: 300 } }), newId: () => `id-${++id}` },
    );
    const hooks = runtime.instance.hooks;

    const creates: string[] = [];
    fake.hooks.before = (req, res) => {
      if (req.method !== "POST" || !req.url.endsWith("/orders")) return false;
      creates.push((JSON.parse(req.body) as { merchantOrderNumber: string }).merchantOrderNumber);
      // The first: Svea is still storing it, no answer before the client's timeout.
      if (creates.length === 1) return true;
      if (creates.length === 2) {
        sendJson(res, 400, { title: "One or more validation errors occurred.", status: 400, errors: { MerchantOrderNumber: ["merchantOrderNumber is already used"] } });
        return true;
      }
      return false;
    };
    const first = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    const firstNumber = creates[0]!;
    expect(creates).toEqual([firstNumber, firstNumber]);
    expect(first.accepted && first.paymentView?.state).toBe("checking");
    const record = await runtime.deps.store.getOrder("order-1");
    expect(record!.links.find((l) => l.merchantOrderNumber === firstNumber)).toMatchObject({ state: "failed", mayExistAtSvea: true });
    expect(record!.intents.filter((i) => i.kind === "create" && i.completedAt === null && i.abandonedAt === null)).toHaveLength(1);

    // Svea now has the first create stored (the customer got its SMS).
    fake.addOrder(firstNumber, "Active");
    clock.advance(30_000);
    const again = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    // Never a second number: the save reads the first one back (or sends it again under the same number).
    expect(new Set(creates)).toEqual(new Set([firstNumber]));
    expect([...fake.orders.values()].filter((o) => o.orderStatus === "Active").map((o) => o.merchantOrderNumber)).toEqual([firstNumber]);
    expect(again.accepted && again.paymentView?.state).toBe("waiting");
    expect(again.accepted && again.paymentView?.links.map((l) => [l.merchantOrderNumber, l.state])).toContainEqual([firstNumber, "waiting"]);
    await runtime.instance.deactivate();
  }, 20_000);
});
