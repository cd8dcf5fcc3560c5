// checkOrderTotal: the one request rule JSON Schema cannot express (the order total must be >= 0).
import { describe, expect, it } from "vitest";
import { fieldProblem } from "../../common/field-problem-text.js";
import { checkOrderTotal } from "../../common/order-total-rule.js";
import { validRow } from "./schema-test-helpers.js";

const row = (unitPrice: number, quantity = 100, extra: Record<string, number> = {}) =>
  validRow({ unitPrice, quantity, ...extra }) as { unitPrice: number; quantity: number; vatPercent: number };

describe("checkOrderTotal", () => {
  it.each([
    ["a single positive row", [row(2500)]],
    ["a total of exactly zero", [row(10000), row(-10000)]],
    ["a negative row (a voucher) outweighed by others", [row(10000), row(-9999)]],
    ["a free row", [row(0)]],
  ])("accepts %s", (_label, rows) => {
    expect(checkOrderTotal(rows)).toEqual([]);
  });

  it("refuses a negative total at orderItems with rule orderTotal and says the total", () => {
    const errors = checkOrderTotal([row(10000), row(-10001)]);
    expect(errors).toEqual([{ path: "orderItems", rule: "orderTotal", message: expect.stringContaining("-1 minor units"), params: { total: "-1" } }]);
    expect(fieldProblem(errors[0]!, "sv")).toBe("ordersumman får inte vara negativ (den är -1 i minsta valutaenhet)");
  });

  it("counts discounts: a discounted row can drag the total below zero", () => {
    // 100.00 less 100 % is 0, so the -0.01 voucher makes the total -1.
    expect(checkOrderTotal([row(10000, 100, { discountPercent: 10000 }), row(-1)])).toHaveLength(1);
    // 100.00 less a 99.99 amount leaves 0.01, which covers the -0.01 voucher.
    expect(checkOrderTotal([row(10000, 100, { discountAmount: 9999 }), row(-1)])).toEqual([]);
  });

  it("rounds each row before summing (150 hundredths of 0.33 is 0.50, not 0.495)", () => {
    expect(checkOrderTotal([row(33, 150), row(-50)])).toEqual([]);
    expect(checkOrderTotal([row(33, 150), row(-51)])).toHaveLength(1);
  });
});
