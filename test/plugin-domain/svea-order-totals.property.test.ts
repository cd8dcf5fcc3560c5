// Property: for random orders, whichever way the ERP rounds its total, Svea charges exactly the host's total,
// every item passes Svea's schema, and a rounding row appears only when needed and only with a tiny amount.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { orderTotalMinor } from "../../common/money.js";
import { clientRequestValidators } from "../../common/svea-instore-schemas.js";
import type { HostOrder, OrderRow } from "../../plugin/host-contract/host-contract-types.js";
import { buildSveaOrder, SVEA_INSTORE_COUNTRIES } from "../../plugin/svea-order/index.js";
import { testSettings } from "./test-settings.js";

// An exact fraction, written independently of the implementation's bookkeeping.
interface Fraction {
  n: bigint;
  d: bigint;
}
const frac = (n: bigint, d: bigint = 1n): Fraction => ({ n, d });
const mul = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.n, a.d * b.d);
const add = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.d + b.n * a.d, a.d * b.d);
const roundHalfAway = (a: Fraction): bigint => {
  const neg = a.n < 0n !== a.d < 0n;
  const n = a.n < 0n ? -a.n : a.n;
  const d = a.d < 0n ? -a.d : a.d;
  const q = (2n * n + d) / (2n * d);
  return neg ? -q : q;
};
const decimalText = (units: bigint, scale: number): string => {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return neg ? `-${text}` : text;
};
const decimalOf = (text: string): Fraction => {
  const [w = "0", f = ""] = text.replace("-", "").split(".");
  const n = BigInt(w + f) * (text.startsWith("-") ? -1n : 1n);
  return frac(n, 10n ** BigInt(f.length));
};

interface GeneratedRow {
  price: string;
  quantity: string;
  discount?: string;
  vat: number; // hundredths
}

type Rounding = "per-row" | "once" | "per-unit-like-svea" | "net-row-then-vat";

/** The VAT-inclusive minor units of one row, exact. */
function exactRow(r: GeneratedRow, includeVat: boolean): Fraction {
  const gross = includeVat ? decimalOf(r.price) : mul(decimalOf(r.price), frac(BigInt(10000 + r.vat), 10000n));
  const discount = r.discount ? decimalOf(r.discount) : frac(0n);
  const keep = add(frac(1n), mul(discount, frac(-1n, 100n)));
  return mul(mul(mul(gross, frac(100n)), decimalOf(r.quantity)), keep);
}

/** The total as an ERP would print it. */
function hostTotal(rows: GeneratedRow[], includeVat: boolean, how: Rounding): bigint {
  switch (how) {
    case "once":
      return roundHalfAway(rows.reduce((sum, r) => add(sum, exactRow(r, includeVat)), frac(0n)));
    case "per-unit-like-svea":
      return rows.reduce((sum, r) => {
        const unit = roundHalfAway(mul(includeVat ? decimalOf(r.price) : mul(decimalOf(r.price), frac(BigInt(10000 + r.vat), 10000n)), frac(100n)));
        const gross = roundHalfAway(mul(frac(unit), decimalOf(r.quantity)));
        const off = r.discount ? roundHalfAway(mul(frac(gross), mul(decimalOf(r.discount), frac(1n, 100n)))) : 0n;
        return sum + gross - off;
      }, 0n);
    case "net-row-then-vat":
      if (!includeVat)
        return rows.reduce((sum, r) => {
          const discount = r.discount ? decimalOf(r.discount) : frac(0n);
          const keep = add(frac(1n), mul(discount, frac(-1n, 100n)));
          const netRow = roundHalfAway(mul(mul(mul(decimalOf(r.price), frac(100n)), decimalOf(r.quantity)), keep));
          return sum + roundHalfAway(mul(frac(netRow), frac(BigInt(10000 + r.vat), 10000n)));
        }, 0n);
      return rows.reduce((sum, r) => sum + roundHalfAway(exactRow(r, includeVat)), 0n);
    case "per-row":
      return rows.reduce((sum, r) => sum + roundHalfAway(exactRow(r, includeVat)), 0n);
  }
}

const countries = Object.entries(SVEA_INSTORE_COUNTRIES);

const rowArb = (vatRates: readonly number[]) =>
  fc.record(
    {
      price: fc
        .tuple(
          fc.oneof({ weight: 9, arbitrary: fc.bigInt({ min: 0n, max: 2_000_000n }) }, { weight: 1, arbitrary: fc.bigInt({ min: -50_000n, max: -1n }) }),
          fc.constantFrom(0, 2, 2, 2, 2, 1, 3, 4),
        )
        .map(([units, scale]) => decimalText(units, scale)),
      quantity: fc.oneof(
        fc.integer({ min: 1, max: 20 }).map(String),
        fc.integer({ min: 1, max: 99_999 }).map((h) => decimalText(BigInt(h), 2)),
        fc.integer({ min: 1, max: 999 }).map((t) => decimalText(BigInt(t), 1)),
      ),
      discount: fc.option(fc.integer({ min: 0, max: 10_000 }).map((h) => decimalText(BigInt(h), 2)), { nil: undefined }),
      vat: fc.constantFrom(...vatRates),
    },
    { requiredKeys: ["price", "quantity", "vat"] },
  );

const orderArb = fc.constantFrom(...countries).chain(([countryCode, rules]) =>
  fc.record({
    countryCode: fc.constant(countryCode),
    currency: fc.constant(rules.currency),
    includeVat: fc.boolean(),
    rows: fc.array(rowArb(rules.vatHundredths), { minLength: 1, maxLength: 8 }),
    rounding: fc.constantFrom<Rounding>("per-row", "once", "per-unit-like-svea", "net-row-then-vat"),
    locale: fc.constantFrom("sv" as const, "en" as const),
  }),
);

const PHONES: Record<string, string> = { SE: "+46701234567", NO: "+4741234567", FI: "+358401234567", DK: "+4520123456" };
const settings = testSettings();

type GeneratedOrder = typeof orderArb extends fc.Arbitrary<infer T> ? T : never;

function hostOrder(o: GeneratedOrder, total: bigint): HostOrder {
  const rows: OrderRow[] = o.rows.map((r, i) => ({
    name: `Vara ${i + 1}`,
    quantity: r.quantity,
    unit: "st",
    unitPrice: r.price,
    vatPercent: decimalText(BigInt(r.vat), 2),
    ...(r.discount !== undefined ? { discountPercent: r.discount } : {}),
  }));
  return {
    id: "o",
    number: "1",
    paymentMethod: "svea-instore",
    currency: o.currency,
    pricesIncludeVat: o.includeVat,
    customer: { countryCode: o.countryCode, mobilePhone: PHONES[o.countryCode]! },
    rows,
    total: decimalText(total, 2),
  };
}

describe("Svea's total equals the host's total", () => {
  test("property: exact to the öre, schema-valid, rounding row only when needed and tiny", () => {
    fc.assert(
      fc.property(orderArb, (o) => {
        const total = hostTotal(o.rows, o.includeVat, o.rounding);
        fc.pre(total > 0n);
        const result = buildSveaOrder({
          order: hostOrder(o, total),
          settings,
          merchantOrderNumber: "1-0-abcdefg",
          callbackUri: "https://erp.example.se/cb/1",
          locale: o.locale,
        });
        if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
        const items = result.request.orderItems;
        expect(orderTotalMinor(items)).toBe(total);
        expect(clientRequestValidators.createOrderRequest(result.request).ok).toBe(true);
        for (const item of items) expect(clientRequestValidators.orderItem(item).ok).toBe(true);

        const roundingRows = items.filter((i) => i.name === SVEA_INSTORE_COUNTRIES[o.countryCode as "SE"].roundingRowName);
        const rowItems = items.slice(0, o.rows.length);
        expect(rowItems).toHaveLength(o.rows.length);
        const withoutRounding = orderTotalMinor(rowItems);
        expect(roundingRows).toHaveLength(withoutRounding === total ? 0 : 1);
        expect(result.notices.some((n) => n.code === "rounding-row-added")).toBe(withoutRounding !== total);
        if (roundingRows[0]) {
          // Tiny: within ½ minor unit per unit of quantity plus 3 per row.
          const allowanceTimes200 = rowItems.reduce((s, i) => s + BigInt(i.quantity) + 600n, 0n);
          const amount = BigInt(roundingRows[0].unitPrice);
          expect(200n * (amount < 0n ? -amount : amount) <= allowanceTimes200).toBe(true);
          expect(roundingRows[0]).toMatchObject({ quantity: 100, vatPercent: 0 });
        }
        // An ERP that rounds the way Svea does never needs a rounding row.
        if (o.rounding === "per-unit-like-svea") expect(roundingRows).toHaveLength(0);
        // Nor does per-row rounding of whole-öre gross prices without discounts.
        const plainGross = o.includeVat && o.rows.every((r) => !r.discount && !/\.\d{3}/.test(r.price));
        if (o.rounding === "per-row" && plainGross) expect(roundingRows).toHaveLength(0);
      }),
      { numRuns: 1500 },
    );
  });

  test("property: a host total off by more than the rounding allowance is refused as total-mismatch", () => {
    fc.assert(
      fc.property(orderArb, fc.integer({ min: 1, max: 5 }), fc.boolean(), (o, extraPerRow, up) => {
        const exactTotal = hostTotal(o.rows, o.includeVat, "once");
        // Beyond ½ minor unit per unit (× (1 + VAT) + ½, so below 2, for net prices) and 1½ per row.
        const perUnit = o.includeVat ? 1n : 2n;
        const quantitySum = o.rows.reduce((s, r) => s + (roundHalfAway(mul(decimalOf(r.quantity), frac(1n))) + 1n) * perUnit, 0n);
        const off = quantitySum + 2n * BigInt(o.rows.length) + BigInt(extraPerRow);
        const total = up ? exactTotal + off : exactTotal - off;
        fc.pre(total > 0n);
        const result = buildSveaOrder({ order: hostOrder(o, total), settings, merchantOrderNumber: "m", callbackUri: "https://e.example/cb", locale: o.locale });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.map((e) => [e.code, e.field])).toEqual([["total-mismatch", "total"]]);
      }),
      { numRuns: 500 },
    );
  });
});
