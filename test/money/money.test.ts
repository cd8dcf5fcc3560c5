// Examples for common/money.ts: exact decimal parsing, rounding, minor units, row and order totals, VAT.
import { describe, expect, it } from "vitest";
import {
  MoneyError,
  currencyMinorDigits,
  divRound,
  formatMinor,
  grossFromNet,
  orderTotalMinor,
  parseDecimal,
  rescale,
  rowTotalMinor,
  toHundredths,
  toMinorUnits,
  vatByRate,
  vatOfGross,
} from "../../common/money.js";

describe("parseDecimal", () => {
  it.each<[string | number, bigint, number]>([
    ["12.50", 1250n, 2],
    ["-3", -3n, 0],
    ["+7.1", 71n, 1],
    [" 42 ", 42n, 0],
    ["0.000", 0n, 3],
    [12.5, 125n, 1],
    [0.1, 1n, 1],
    [0.30000000000000004, 30000000000000004n, 17],
    [1e-7, 1n, 7],
    [-2.5e-8, -25n, 9],
    [1e21, 10n ** 21n, 0],
    [1.5e22, 15n * 10n ** 21n, 0],
    [-0, 0n, 0],
    ["99999999999999999999.99", 9999999999999999999999n, 2],
  ])("%j reads as %s / 10^%s", (input, units, scale) => {
    expect(parseDecimal(input)).toEqual({ units, scale });
  });

  it.each<[string | number]>([["1,5"], ["abc"], [""], ["1.2.3"], [".5"], ["5."], ["1e5"], ["0x10"], ["1 000"], [NaN], [Infinity], [-Infinity]])(
    "refuses %j with a MoneyError not-a-decimal",
    (input) => {
      expect(() => parseDecimal(input)).toThrow(MoneyError);
      try {
        parseDecimal(input);
      } catch (e) {
        expect((e as MoneyError).reason).toBe("not-a-decimal");
      }
    },
  );
});

describe("divRound: half away from zero", () => {
  it.each<[bigint, bigint, bigint]>([
    [5n, 10n, 1n],
    [4n, 10n, 0n],
    [15n, 10n, 2n],
    [25n, 10n, 3n],
    [-5n, 10n, -1n],
    [-15n, 10n, -2n],
    [-4n, 10n, 0n],
    [5n, -10n, -1n],
    [-5n, -10n, 1n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [0n, 7n, 0n],
    [100n, 1n, 100n],
  ])("%s / %s = %s", (n, d, q) => {
    expect(divRound(n, d)).toBe(q);
  });

  it("refuses division by zero", () => {
    expect(() => divRound(1n, 0n)).toThrow(RangeError);
  });
});

describe("rescale", () => {
  it("widens exactly", () => {
    expect(rescale({ units: 125n, scale: 1 }, 3)).toEqual({ value: 12500n, exact: true });
  });
  it("narrows exactly when only zeros go", () => {
    expect(rescale({ units: 12500n, scale: 3 }, 1)).toEqual({ value: 125n, exact: true });
  });
  it("flags a rounded narrowing as inexact, rounding half away from zero", () => {
    expect(rescale({ units: 12345n, scale: 3 }, 2)).toEqual({ value: 1235n, exact: false });
    expect(rescale({ units: -12345n, scale: 3 }, 2)).toEqual({ value: -1235n, exact: false });
    expect(rescale({ units: 12344n, scale: 3 }, 2)).toEqual({ value: 1234n, exact: false });
  });
});

describe("minor units", () => {
  it("SEK has 2 digits, JPY 0, KWD 3", () => {
    expect(currencyMinorDigits("SEK")).toBe(2);
    expect(currencyMinorDigits("JPY")).toBe(0);
    expect(currencyMinorDigits("KWD")).toBe(3);
  });

  it.each(["sek", "SE", "ABC", "XXX", ""])("refuses %j as unknown-currency", (code) => {
    expect(() => currencyMinorDigits(code)).toThrow(expect.objectContaining({ reason: "unknown-currency" }));
  });

  it.each<[string | number, string, bigint, boolean]>([
    ["12.50", "SEK", 1250n, true],
    [0.1, "SEK", 10n, true],
    ["499", "SEK", 49900n, true],
    ["12.345", "SEK", 1235n, false],
    ["-12.345", "SEK", -1235n, false],
    ["1500", "JPY", 1500n, true],
    ["1500.5", "JPY", 1501n, false],
    ["1.234", "KWD", 1234n, true],
  ])("toMinorUnits(%j, %s) = %s (exact %s)", (amount, currency, value, exact) => {
    expect(toMinorUnits(amount, currency)).toEqual({ value, exact });
  });

  it("toHundredths reads quantities", () => {
    expect(toHundredths("1.5")).toEqual({ value: 150n, exact: true });
    expect(toHundredths(2)).toEqual({ value: 200n, exact: true });
    expect(toHundredths("0.333")).toEqual({ value: 33n, exact: false });
  });

  it.each<[bigint | number, string, string]>([
    [1250n, "SEK", "12.50"],
    [5n, "SEK", "0.05"],
    [-5n, "SEK", "-0.05"],
    [-1250, "SEK", "-12.50"],
    [0n, "SEK", "0.00"],
    [1500n, "JPY", "1500"],
    [-1n, "KWD", "-0.001"],
  ])("formatMinor(%s, %s) = %s", (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });
});

describe("VAT", () => {
  it.each<[bigint, number, bigint]>([
    [10000n, 2500, 12500n],
    [10000n, 600, 10600n],
    [10000n, 0, 10000n],
    [1n, 2500, 1n],
    [2n, 2500, 3n], // 2.5 rounds away from zero
    [-2n, 2500, -3n],
    [7999n, 1200, 8959n], // 8958.88
  ])("grossFromNet(%s, %s) = %s", (net, vat, gross) => {
    expect(grossFromNet(net, vat)).toBe(gross);
  });

  it("vatOfGross takes the VAT back out of a gross amount", () => {
    expect(vatOfGross(12500n, 2500)).toBe(2500n);
    expect(vatOfGross(10600n, 600)).toBe(600n);
    expect(vatOfGross(10000n, 0)).toBe(0n);
  });
});

describe("row and order totals", () => {
  it.each<[string, Parameters<typeof rowTotalMinor>[0], bigint]>([
    ["one unit", { quantity: 100, unitPrice: 49900, vatPercent: 2500 }, 49900n],
    ["1.5 units at 120.00", { quantity: 150, unitPrice: 12000, vatPercent: 1200 }, 18000n],
    ["1.5 units at 0.33 rounds 49.5 up", { quantity: 150, unitPrice: 33, vatPercent: 2500 }, 50n],
    ["negative 1.5 × 0.33 rounds away from zero", { quantity: 150, unitPrice: -33, vatPercent: 2500 }, -50n],
    ["10 % off 499.00", { quantity: 100, unitPrice: 49900, discountPercent: 1000, vatPercent: 2500 }, 44910n],
    ["12.5 % off 0.99 rounds the discount", { quantity: 100, unitPrice: 99, discountPercent: 1250, vatPercent: 2500 }, 87n],
    ["100 % off", { quantity: 300, unitPrice: 1000, discountPercent: 10000, vatPercent: 2500 }, 0n],
    ["a 9.00 amount off the whole row", { quantity: 200, unitPrice: 4900, discountAmount: 900, vatPercent: 2500 }, 8900n],
    ["a null discount is none", { quantity: 100, unitPrice: 100, discountPercent: null, discountAmount: null, vatPercent: 0 }, 100n],
    ["13 digits × 7 digits stays exact", { quantity: 9_999_999, unitPrice: 9_999_999_999_999, vatPercent: 2500 }, 999999899999900000n],
  ])("%s", (_label, row, total) => {
    expect(rowTotalMinor(row)).toBe(total);
  });

  it("orderTotalMinor sums the rounded rows of the example request", () => {
    const rows = [
      { quantity: 100, unitPrice: 49900, discountPercent: 1000, vatPercent: 2500 },
      { quantity: 150, unitPrice: 12000, vatPercent: 1200 },
      { quantity: 100, unitPrice: 4900, discountAmount: 900, vatPercent: 2500 },
    ];
    expect(orderTotalMinor(rows)).toBe(44910n + 18000n + 4000n);
    expect(orderTotalMinor([])).toBe(0n);
  });

  it("vatByRate groups the VAT of each rate", () => {
    const vat = vatByRate([
      { quantity: 100, unitPrice: 12500, vatPercent: 2500 },
      { quantity: 100, unitPrice: 10600, vatPercent: 600 },
      { quantity: 200, unitPrice: 6250, vatPercent: 2500 },
    ]);
    expect([...vat.entries()]).toEqual([
      [2500, 5000n],
      [600, 600n],
    ]);
  });
});
