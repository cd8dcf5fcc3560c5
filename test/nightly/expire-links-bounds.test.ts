// expire-links' bounds, in-process: at most sweepConcurrency status reads at a time, and wrong credentials stop the run.
import { describe, expect, it } from "vitest";
import type { OrderStatusResponse } from "../../common/svea-instore-types.js";
import { SveaAuthError } from "../../plugin/svea-client/index.js";
import { FakeSvea } from "../plugin/support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../plugin/support/plugin-test-kit.js";

/** A Svea fake whose status reads take a few event-loop turns, counting how many run at once. */
class CountingSvea extends FakeSvea {
  inFlight = 0;
  maxInFlight = 0;
  failWith: Error | undefined;
  override async getOrderStatus(merchantOrderNumber: string): Promise<OrderStatusResponse> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (this.failWith) {
        this.calls.push({ kind: "status", merchantOrderNumber });
        throw this.failWith;
      }
      return await super.getOrderStatus(merchantOrderNumber);
    } finally {
      this.inFlight--;
    }
  }
}

async function expiredLinks(count: number, sweepConcurrency: number) {
  const svea = new CountingSvea();
  const kit = await startKit(testSettings({ linkLifetimeMinutes: 60, sweepConcurrency }), { svea });
  for (let i = 1; i <= count; i++) {
    const saved = await kit.instance.hooks["order.save"]({ order: hostOrder({ id: `o-${i}`, number: `N${i}` }), locale: "en" });
    expect(saved).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
  }
  kit.clock.advance(61 * 60_000);
  // Svea has expired them too: each costs the sweep its one status read (one still Active would be cancelled there).
  for (const order of svea.orders.values()) order.status = "Canceled";
  return { ...kit, svea };
}

describe("expire-links bounds", () => {
  it.each([1, 3, 6])("reads at most sweepConcurrency=%i links at a time, each once", async (limit) => {
    const { instance, svea } = await expiredLinks(12, limit);
    const ran = await instance.commands["expire-links"]!({ locale: "en" });
    expect(ran.data).toEqual({ checked: 12, expired: 12, paid: 0, errors: 0 });
    expect(svea.maxInFlight).toBe(limit);
    expect(svea.count("status")).toBe(12);
  });

  it("stops at the first 401 instead of failing every link the same way; the links stay waiting", async () => {
    const { instance, svea, deps, logger } = await expiredLinks(10, 2);
    svea.failWith = new SveaAuthError();
    const ran = await instance.commands["expire-links"]!({ locale: "en" });
    expect(ran).toMatchObject({ ok: false, data: { checked: 0, expired: 0, paid: 0, errors: 10 } });
    // Only the reads already under way when the first 401 came back were sent.
    expect(svea.count("status")).toBeLessThanOrEqual(2);
    const states = [...(await deps.store.getOrderStates(Array.from({ length: 10 }, (_, i) => `o-${i + 1}`))).values()].map((o) => o.links[0]?.state);
    expect(states).toEqual(Array(10).fill("waiting"));
    expect(logger.lines.some((l) => l.includes('"msg":"expire-links done"') && l.includes('"stoppedBy":"svea-unauthorized"'))).toBe(true);
  });
});
