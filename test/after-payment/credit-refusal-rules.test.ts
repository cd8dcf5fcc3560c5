// An after-payment refusal of the clerk's input names the field and the rule, as order.save's refusals do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderWith, pay, startWorld, type World } from "./paid-order-world.js";

let world: World;
beforeAll(async () => {
  world = await startWorld({ immediate: { deferredDelivery: false } });
});
afterAll(async () => world?.close());

describe("order.credit refusals", () => {
  it("an amount with too many decimals, and a credit over what was paid, each name the field and the rule broken", async () => {
    const immediate = world.runtimes.immediate!;
    const host = orderWith({ rows: [{ rowNumber: 1, name: "Stol", quantity: "1", unit: "st", unitPrice: "100.00", vatPercent: "25" }], total: "100.00" });
    await pay(world, immediate, host);
    const invalid = await immediate.instance.hooks["order.credit"]({ order: host, locale: "en", amount: "10.001" });
    const over = await immediate.instance.hooks["order.credit"]({ order: host, locale: "en", amount: "100.01" });
    const rows = await immediate.instance.hooks["order.credit"]({ order: host, locale: "en", rows: [{ row: 0, quantity: "2" }] });
    const zero = await immediate.instance.hooks["order.credit"]({ order: host, locale: "en", amount: "0" });
    const huge = await immediate.instance.hooks["order.credit"]({ order: host, locale: "en", amount: "100000000000.00" });
    const shape = (r: typeof invalid) => (r.accepted ? [] : r.errors.map((e) => ({ code: e.code, field: e.field, rule: e.rule })));
    expect([...shape(invalid), ...shape(over), ...shape(rows), ...shape(zero), ...shape(huge)]).toEqual([
      { code: "credit-amount-invalid", field: "amount", rule: "minorUnits" },
      { code: "credit-exceeds-paid", field: "amount", rule: "paidRemaining" },
      { code: "credit-row-exceeds", field: "rows[0].quantity", rule: "rowRemaining" },
      { code: "credit-amount-invalid", field: "amount", rule: "exclusiveMinimum" },
      { code: "credit-amount-invalid", field: "amount", rule: "maximum" },
    ]);
  });
});
