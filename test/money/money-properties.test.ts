// fast-check properties of common/money.ts: round trips and rounding laws over many generated amounts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divRound, formatHundredths, formatMinor, grossFromNet, parseDecimal, rescale, rowTotalMinor, toHundredths, toMinorUnits } from "../../common/money.js";

const RUNS = { numRuns: 300 };
const bigAmount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const currency = fc.constantFrom("SEK", "EUR", "NOK", "JPY", "KWD");

describe("money properties", () => {
  it("formatMinor then toMinorUnits gives back the same minor units, exactly", () => {
    fc.assert(
      fc.property(bigAmount, currency, (minor, code) => {
        expect(toMinorUnits(formatMinor(minor, code), code)).toEqual({ value: minor, exact: true });
      }),
      RUNS,
    );
  });

  it("formatHundredths then toHundredths gives back the same hundredths, exactly", () => {
    fc.assert(
      fc.property(bigAmount, (hundredths) => {
        expect(toHundredths(formatHundredths(hundredths))).toEqual({ value: hundredths, exact: true });
      }),
      RUNS,
    );
    expect([formatHundredths(150), formatHundredths(5), formatHundredths(-1), formatHundredths(0)]).toEqual(["1.50", "0.05", "-0.01", "0.00"]);
  });

  it("parseDecimal of a number agrees with the number's own spelling", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e25, max: 1e25 }), (x) => {
        const { units, scale } = parseDecimal(x);
        // Reading the exact decimal back as a float lands on the same float (=== so -0 and 0 agree).
        expect(Number(`${units}e-${scale}`) === x).toBe(true);
      }),
      RUNS,
    );
  });

  it("divRound is within half a unit, and rounds exact halves away from zero", () => {
    fc.assert(
      fc.property(bigAmount, fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.boolean(), (n, d, negDen) => {
        const den = negDen ? -d : d;
        const q = divRound(n, den);
        const twiceError = 2n * (q * den - n); // 2 × (q − n/den) × den
        const abs = (v: bigint) => (v < 0n ? -v : v);
        expect(abs(twiceError) <= abs(den)).toBe(true);
        if (abs(twiceError) === abs(den)) expect(abs(q * den) > abs(n)).toBe(true);
        expect(divRound(-n, den)).toBe(-q);
      }),
      RUNS,
    );
  });

  it("rescale is exact exactly when no digits are lost", () => {
    fc.assert(
      fc.property(bigAmount, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (units, from, to) => {
        const { value, exact } = rescale({ units, scale: from }, to);
        const back = rescale({ units: value, scale: to }, from).value;
        expect(exact).toBe(to >= from ? true : back === units);
        if (exact) expect(back).toBe(units);
      }),
      RUNS,
    );
  });

  it("a row total never depends on floats: scaling the quantity by 100 scales the total by 100 (no discount)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999_999, max: 9_999_999_999_999 }), fc.integer({ min: 1, max: 99_999 }), (unitPrice, units) => {
        expect(rowTotalMinor({ unitPrice, quantity: units * 100, vatPercent: 2500 })).toBe(BigInt(unitPrice) * BigInt(units));
      }),
      RUNS,
    );
  });

  it("a percentage discount never makes a row larger, nor flips its sign", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }),
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.integer({ min: 0, max: 10_000 }),
        (unitPrice, quantity, discountPercent) => {
          const full = rowTotalMinor({ unitPrice, quantity, vatPercent: 2500 });
          const discounted = rowTotalMinor({ unitPrice, quantity, discountPercent, vatPercent: 2500 });
          const abs = (v: bigint) => (v < 0n ? -v : v);
          expect(abs(discounted) <= abs(full)).toBe(true);
          expect(discounted === 0n || discounted < 0n === full < 0n).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it("grossFromNet adds the VAT within half a minor unit, and is monotonic", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.constantFrom(0, 600, 1200, 2500), (net, vat) => {
        const gross = grossFromNet(net, vat);
        const exactTimes10000 = net * BigInt(10000 + vat);
        const diff = gross * 10000n - exactTimes10000;
        expect(diff <= 5000n && diff >= -5000n).toBe(true);
        expect(grossFromNet(net + 1n, vat) >= gross).toBe(true);
      }),
      RUNS,
    );
  });
});
