// A host that saves the order from inside its own setPaymentState: the nested save re-enters the order's lock.
import { describe, expect, it } from "vitest";
import type { OrderSaveResult, PaymentStateUpdate } from "../../../plugin/host-contract/host-contract-types.js";
import { processCallback } from "../../../plugin/use-cases/index.js";
import { FakeSvea } from "../support/fake-svea.js";
import { hostOrder, startKit, testSettings, type Kit } from "../support/plugin-test-kit.js";

/** The deadlines run on the kit's manual clock, so a save waiting for its own lock would wait forever: fail fast instead. */
function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} waited for its own lock`)), 5_000)));
  return Promise.race([work, stuck]).finally(() => clearTimeout(timer));
}

/** Makes the test host run `then` after it recorded each payment update, inside the plugin's call into it. */
function whenTold(kit: Kit, then: (update: PaymentStateUpdate) => Promise<void>): void {
  const record = kit.orders.setPaymentState.bind(kit.orders);
  kit.orders.setPaymentState = async (update: PaymentStateUpdate) => {
    await record(update);
    await then(update);
  };
}

async function hostThatSavesOnEveryUpdate() {
  const svea = new FakeSvea();
  const kit = await startKit(testSettings(), { svea });
  const save = kit.instance.hooks["order.save"];
  const nested: OrderSaveResult[] = [];
  let saving = false;
  whenTold(kit, async (update) => {
    // As an ERP may do on every payment update: move the order on and save it through its usual path, which calls
    // the plugin's hook again, from inside the plugin's call (and so inside the order's lock).
    if (saving) return;
    saving = true;
    try {
      nested.push(await save({ order: hostOrder({ id: update.orderId, number: `N${update.orderId}` }), locale: "en" }));
    } finally {
      saving = false;
    }
  });
  const firstSave = async (id: string) => {
    const result = await save({ order: hostOrder({ id, number: `N${id}` }), locale: "en" });
    if (!result.accepted) throw new Error(`the first save of ${id} was refused`);
    return result.paymentView!.links[0]!.merchantOrderNumber;
  };
  return { ...kit, svea, nested, firstSave };
}

describe("a host that saves the order from inside setPaymentState", () => {
  it("gets the nested save's answer at once on a check-now, and the order ends paid with one link", async () => {
    const { instance, svea, nested, firstSave } = await hostThatSavesOnEveryUpdate();
    const mon = await firstSave("a");
    nested.length = 0;
    svea.complete(mon);
    const checked = await within(instance.hooks["order.check-payment"]({ order: hostOrder({ id: "a", number: "Na" }), locale: "en" }), "check-now");
    expect(checked.paymentView?.state).toBe("paid");
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatchObject({ accepted: true, notices: expect.arrayContaining([expect.objectContaining({ code: "already-paid" })]) });
    expect(svea.count("create")).toBe(1);
  });

  it("gets the nested save's answer at once while a callback is processed, paid, and no second link is made", async () => {
    const { deps, svea, nested, firstSave, clock } = await hostThatSavesOnEveryUpdate();
    const mon = await firstSave("b");
    nested.length = 0;
    svea.complete(mon);
    const { entry } = await deps.store.recordCallback({ orderId: "b", merchantOrderNumber: mon, receivedAt: clock.now() });
    expect(await within(processCallback(deps, entry), "callback processing")).toBe("paid");
    // A callback tells the host before it stores the change; the nested save is answered with the payment being
    // reported, not the waiting link the store still holds (a host that keeps the save's answer stays paid).
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatchObject({ accepted: true, notices: [expect.objectContaining({ code: "already-paid" })], paymentView: { state: "paid", sveaReference: expect.any(Number) } });
    expect((await deps.store.getOrder("b"))?.links.map((l) => l.state)).toEqual(["paid"]);
    expect(svea.count("create")).toBe(1);
  });

  it("finishes a save the host fired off without awaiting it before the plugin goes on", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings(), { svea });
    const save = kit.instance.hooks["order.save"];
    const order = hostOrder({ id: "c", number: "Nc" });
    const first = await save({ order, locale: "en" });
    if (!first.accepted) throw new Error("the first save was refused");
    const mon = first.paymentView!.links[0]!.merchantOrderNumber;
    const events: string[] = [];
    let fired = false;
    whenTold(kit, async () => {
      if (fired) return;
      fired = true;
      // Fire and forget, with the order changed (a row added): the save must re-issue, which reads Svea's status.
      const changed = { ...order, rows: [...order.rows, { ...order.rows[0]!, rowNumber: 2 }], total: "200.00" };
      void save({ order: changed, locale: "en" }).then((answer) => events.push(`nested save answered, ${answer.accepted ? "accepted" : "refused"}`));
    });
    // The callback's own status read answers at once; the nested save's takes 30 ms.
    const read = svea.getOrderStatus.bind(svea);
    let reads = 0;
    svea.getOrderStatus = async (merchantOrderNumber: string) => {
      if (++reads > 1) await new Promise((resolve) => setTimeout(resolve, 30));
      return read(merchantOrderNumber);
    };
    svea.complete(mon);
    const { entry } = await kit.deps.store.recordCallback({ orderId: "c", merchantOrderNumber: mon, receivedAt: kit.clock.now() });
    const outcome = await within(processCallback(kit.deps, entry), "callback processing");
    events.push(`callback processed, ${outcome}`);
    // Nested work never runs beside the plugin's own: the callback's processing waited for the save its host call started.
    expect(events).toEqual(["nested save answered, accepted", "callback processed, paid"]);
    expect((await kit.deps.store.getOrder("c"))?.links.map((l) => l.state)).toEqual(["paid"]);
    expect(svea.count("create")).toBe(1);
  });
});
