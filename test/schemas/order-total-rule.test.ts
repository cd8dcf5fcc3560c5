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

  it("refuses rows whose amounts a JSON number cannot carry exactly: above zero or below zero, each summed apart", () => {
    // 10 rows of 99,999.99 × 99,999,999,999.99: 9,999,998,999,999,000,000 minor units, past int64 and far past 2^53.
    const huge = Array.from({ length: 10 }, () => row(9_999_999_999_999, 9_999_999));
    const errors = checkOrderTotal(huge);
    expect(errors).toEqual([
      {
        path: "orderItems",
        rule: "rowsSum",
        message: "the rows above zero, and those below zero, must each add up to at most 9007199254740991 minor units (they add up to 9999998999999000000 and 0)",
        params: { limit: "9007199254740991", above: "9999998999999000000", below: "0" },
      },
    ]);
    expect(fieldProblem(errors[0]!, "sv")).toBe(
      "raderna över noll, och de under noll, får var för sig summera till högst 9007199254740991 i minsta valutaenhet (de summerar till 9999998999999000000 och 0)",
    );
    // A small total does not hide it: a delivery of the first row alone would be shown as that row's amount.
    const offset = [row(9_999_999_999_999, 1_000_000), row(-9_999_999_999_999, 999_999)];
    expect(checkOrderTotal(offset).map((e) => e.rule)).toEqual(["rowsSum"]);
    // Up to the limit is fine (9,007,199,254,740,991 is 90,071,992,547,409.91 SEK), a minor unit more is not.
    const upTo = (last: number) => [...Array.from({ length: 900 }, () => row(9_999_999_999_999)), row(last)];
    expect(checkOrderTotal(upTo(7_199_254_741_891))).toEqual([]);
    expect(checkOrderTotal(upTo(7_199_254_741_892)).map((e) => e.params)).toEqual([{ limit: "9007199254740991", above: "9007199254740992", below: "0" }]);
  });

  it("rounds each row before summing (150 hundredths of 0.33 is 0.50, not 0.495)", () => {
    expect(checkOrderTotal([row(33, 150), row(-50)])).toEqual([]);
    expect(checkOrderTotal([row(33, 150), row(-51)])).toHaveLength(1);
  });
});
