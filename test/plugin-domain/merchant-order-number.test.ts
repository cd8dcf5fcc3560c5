// The merchantOrderNumber scheme: short, safe alphabet, one number per (order, link sequence), new after a restore.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { clientRequestValidators } from "../../common/svea-instore-schemas.js";
import { makeMerchantOrderNumber, MERCHANT_ORDER_NUMBER_PATTERN } from "../../plugin/svea-order/index.js";

const NOW = Date.UTC(2025, 2, 14, 9, 30, 0);

describe("makeMerchantOrderNumber", () => {
  test("keeps a short plain ERP number readable", () => {
    expect(makeMerchantOrderNumber("1001", 0, NOW)).toBe(`1001-0-${Math.floor(NOW / 1000).toString(36).padStart(7, "0")}`);
  });

  test("two links of one order in the same second differ", () => {
    expect(makeMerchantOrderNumber("1001", 1, NOW)).not.toBe(makeMerchantOrderNumber("1001", 2, NOW + 300));
  });

  test("a restored database re-issuing a sequence later gets a new number", () => {
    expect(makeMerchantOrderNumber("1001", 3, NOW + 60_000)).not.toBe(makeMerchantOrderNumber("1001", 3, NOW));
  });

  test("numbers with other characters or over the room get a readable prefix and a hash", () => {
    const slash = makeMerchantOrderNumber("2002/B", 0, NOW);
    expect(slash).toMatch(/^2002_B-[0-9a-z]{10}-0-[0-9a-z]{7}$/);
    const long = makeMerchantOrderNumber("ORDER-2025-000000000000123456789", 12, NOW);
    expect(long.length).toBeLessThanOrEqual(32);
    expect(long).toMatch(/^ORDER_2025-[0-9a-z]{10}-c-[0-9a-z]{7}$/);
    expect(makeMerchantOrderNumber("Örebro beställning", 0, NOW)).toMatch(/^Orebro_/);
  });

  test("long numbers that share a long prefix still differ", () => {
    const a = makeMerchantOrderNumber(`${"9".repeat(40)}1`, 0, NOW);
    const b = makeMerchantOrderNumber(`${"9".repeat(40)}2`, 0, NOW);
    expect(a).not.toBe(b);
  });

  test("passes Svea's schema", () => {
    expect(clientRequestValidators.merchantOrderNumber(makeMerchantOrderNumber("x".repeat(100), 5, NOW)).ok).toBe(true);
  });

  test("refuses inputs it cannot encode", () => {
    expect(() => makeMerchantOrderNumber("1", -1, NOW)).toThrow(RangeError);
    expect(() => makeMerchantOrderNumber("1", 1.5, NOW)).toThrow(RangeError);
    expect(() => makeMerchantOrderNumber("", 0, NOW)).toThrow(RangeError);
    expect(() => makeMerchantOrderNumber("1", 0, Number.NaN)).toThrow(RangeError);
  });

  const orderNumber = fc.oneof(
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
  );
  const sequence = fc.oneof(fc.nat({ max: 50 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }));
  const time = fc.integer({ min: 0, max: Date.UTC(2400, 0, 1) });

  test("property: at most 32 characters of [A-Za-z0-9_-]", () => {
    fc.assert(
      fc.property(orderNumber, sequence, time, (n, s, now) => {
        const out = makeMerchantOrderNumber(n, s, now);
        expect(out).toMatch(MERCHANT_ORDER_NUMBER_PATTERN);
      }),
      { numRuns: 2000 },
    );
  });

  test("property: injective over (order number, sequence) at one moment", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(orderNumber, sequence), { minLength: 2, maxLength: 60, selector: ([n, s]) => `${n}\u0000${s}` }), time, (pairs, now) => {
        const numbers = pairs.map(([n, s]) => makeMerchantOrderNumber(n, s, now));
        expect(new Set(numbers).size).toBe(pairs.length);
      }),
      { numRuns: 500 },
    );
  });

  test("property: numbers that differ only in characters the scheme replaces never collide", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{1,12}$/), fc.constantFrom("-", "/", ".", " ", "_"), fc.constantFrom("-", "/", ".", " "), (stem, a, b) => {
        fc.pre(a !== b);
        expect(makeMerchantOrderNumber(`${stem}${a}1`, 0, NOW)).not.toBe(makeMerchantOrderNumber(`${stem}${b}1`, 0, NOW));
      }),
    );
  });
});
