// Property: parseDecimal's scan for short decimals and the table of powers of ten answer exactly as the pattern and
// `10n ** BigInt(k)` they stand in for: same value and scale, or the same error.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MoneyError, parseDecimal, pow10, rescale } from "../../common/money.js";

/** The pattern-only parse of a string, as parseDecimal read every string before. */
function referenceParse(text: string): { units: bigint; scale: number } {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new MoneyError("not-a-decimal", `"${text}" is not a decimal number`);
  const [, sign, whole, frac = ""] = m;
  return { units: BigInt(`${whole}${frac}`) * (sign === "-" ? -1n : 1n), scale: frac.length };
}

function outcome(read: () => { units: bigint; scale: number }): string {
  try {
    const d = read();
    return `${d.units}/${d.scale}`;
  } catch (error) {
    return error instanceof MoneyError ? `${error.reason}:${error.message}` : `other:${String(error)}`;
  }
}

const digit = fc.constantFrom(..."0123456789");
const digits = (max: number) => fc.array(digit, { minLength: 0, maxLength: max }).map((d) => d.join(""));
// Near-decimals: signs, points, spaces and other characters where a decimal's parts go, and 14 to 17 digits.
const decimalLike = fc
  .tuple(
    fc.constantFrom("", "+", "-", "--", " ", "0x"),
    digits(17),
    fc.constantFrom("", ".", "..", ",", "e", " "),
    digits(17),
    fc.constantFrom("", " ", "\n", "a", ".", "\u0663"),
  )
  .map((parts) => parts.join(""));

describe("parseDecimal fast path", () => {
  test("strings read exactly as the pattern reads them", () => {
    fc.assert(
      fc.property(fc.oneof(decimalLike, fc.string({ maxLength: 20 }), fc.stringMatching(/^[+-]?\d{1,18}(\.\d{1,18})?$/)), (text) => {
        expect(outcome(() => parseDecimal(text))).toBe(outcome(() => referenceParse(text)));
      }),
      { numRuns: 5000 },
    );
  });

  test("numbers read as their shortest spelling does", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e21, 1e-7, 123.456, Number.MAX_SAFE_INTEGER)), (n) => {
        const spelled = String(n);
        if (/e/i.test(spelled)) return; // exponents are expanded first, the same way on both paths
        expect(outcome(() => parseDecimal(n))).toBe(outcome(() => referenceParse(spelled)));
      }),
      { numRuns: 3000 },
    );
  });

  test("pow10 equals 10n ** BigInt(k), and rescale agrees with exact arithmetic", () => {
    for (let k = 0; k <= 60; k++) expect(pow10(k)).toBe(10n ** BigInt(k));
    expect(() => pow10(-1)).toThrow(RangeError);
    expect(() => pow10(1.5)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 }), (units, from, to) => {
        const r = rescale({ units, scale: from }, to);
        if (from <= to) {
          expect(r).toEqual({ value: units * 10n ** BigInt(to - from), exact: true });
        } else {
          const divisor = 10n ** BigInt(from - to);
          expect(r.exact).toBe(units % divisor === 0n);
          // Half away from zero: |value × divisor − units| ≤ divisor / 2, ties away from zero.
          const diff = r.value * divisor - units;
          expect(2n * (diff < 0n ? -diff : diff) <= divisor).toBe(true);
          if (2n * (diff < 0n ? -diff : diff) === divisor) expect(r.value < 0n ? diff < 0n : diff > 0n).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
