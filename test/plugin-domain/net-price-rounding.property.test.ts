// ERPs that round a net unit price (before VAT, after its discount, then the gross unit price again), beside the styles
// of svea-order-totals.property.test.ts: each such total is accepted, and Svea's total is the host's to the öre.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { orderTotalMinor } from "../../common/money.js";
import type { HostOrder, OrderRow } from "../../plugin/host-contract/host-contract-types.js";
import { buildSveaOrder, SVEA_INSTORE_COUNTRIES } from "../../plugin/svea-order/index.js";
import { testSettings } from "../plugin-domain/test-settings.js";
import { MAX_TOTAL } from "../../plugin/svea-order/order-rows.js";

interface F { n: bigint; d: bigint }
const fr = (n: bigint, d = 1n): F => ({ n, d });
const mul = (a: F, b: F): F => fr(a.n * b.n, a.d * b.d);
const rnd = (a: F): bigint => { const neg = (a.n < 0n) !== (a.d < 0n); const n = a.n < 0n ? -a.n : a.n; const d = a.d < 0n ? -a.d : a.d; const q = (2n * n + d) / (2n * d); return neg ? -q : q; };
const txt = (u: bigint, s: number) => { const neg = u < 0n; const d = (neg ? -u : u).toString().padStart(s + 1, "0"); const t = s === 0 ? d : `${d.slice(0, -s)}.${d.slice(-s)}`; return neg ? `-${t}` : t; };
const dec = (t: string): F => { const [w = "0", f = ""] = t.replace("-", "").split("."); return fr(BigInt(w + f) * (t.startsWith("-") ? -1n : 1n), 10n ** BigInt(f.length)); };

type Style = "net-unit-then-vat-row" | "net-unit-then-gross-unit" | "gross-unit-after-discount" | "net-unit-after-discount-then-vat-row";
interface Row { price: string; quantity: string; discount?: string; vat: number }

function total(rows: Row[], style: Style): bigint {
  let sum = 0n;
  for (const r of rows) {
    const keep = fr(10000n - BigInt(Math.round(Number(r.discount ?? "0") * 100)), 10000n);
    const vatF = fr(BigInt(10000 + r.vat), 10000n);
    const q = dec(r.quantity);
    const price100 = mul(dec(r.price), fr(100n)); // minor units, net
    switch (style) {
      case "net-unit-then-vat-row": sum += rnd(mul(mul(mul(fr(rnd(price100)), q), keep), vatF)); break;
      case "net-unit-then-gross-unit": sum += rnd(mul(mul(fr(rnd(mul(fr(rnd(price100)), vatF))), q), keep)); break;
      case "net-unit-after-discount-then-vat-row": sum += rnd(mul(mul(fr(rnd(mul(price100, keep))), q), vatF)); break;
      case "gross-unit-after-discount": sum += rnd(mul(fr(rnd(mul(mul(price100, vatF), keep))), q)); break;
    }
  }
  return sum;
}

const PHONES: Record<string, string> = { SE: "+46701234567", NO: "+4741234567", FI: "+358401234567", DK: "+4520123456" };
const settings = testSettings();

const arb = fc.constantFrom(...Object.entries(SVEA_INSTORE_COUNTRIES)).chain(([cc, rules]) =>
  fc.record({
    cc: fc.constant(cc),
    currency: fc.constant(rules.currency),
    style: fc.constantFrom<Style>("net-unit-then-vat-row", "net-unit-then-gross-unit", "gross-unit-after-discount", "net-unit-after-discount-then-vat-row"),
    rows: fc.array(
      fc.record({
        price: fc.tuple(fc.oneof(fc.bigInt({ min: 1n, max: 2_000_000n }), fc.bigInt({ min: 1n, max: 7_900_000_000_000n })), fc.constantFrom(2, 3, 4)).map(([u, s]) => txt(u, s)),
        quantity: fc.oneof(fc.integer({ min: 1, max: 200 }).map(String), fc.integer({ min: 1, max: 99_999 }).map((h) => txt(BigInt(h), 2))),
        discount: fc.option(fc.integer({ min: 1, max: 9_999 }).map((h) => txt(BigInt(h), 2)), { nil: undefined }),
        vat: fc.constantFrom(...rules.vatHundredths),
      }, { requiredKeys: ["price", "quantity", "vat"] }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
);

describe("an ERP that rounds unit prices per unit, net or gross", () => {
  test("every such total is accepted, and Svea's total equals it", () => {
    fc.assert(
      fc.property(arb, (o) => {
        const includeVat = o.style === "gross-unit-after-discount";
        // gross-unit-after-discount: the price includes VAT, so the ERP's computation takes no VAT factor
        const rows = includeVat ? o.rows.map((r) => ({ ...r, vat: r.vat })) : o.rows;
        const t = includeVat ? total(rows.map((r) => ({ ...r, vat: 0 })), o.style) : total(rows, o.style);
        // Within the largest total a payment link may be for (its rows, all positive, each within it too).
        fc.pre(t > 0n && t <= MAX_TOTAL);
        const order: HostOrder = {
          id: "o", number: "1", paymentMethod: "svea-instore", currency: o.currency, pricesIncludeVat: includeVat,
          customer: { countryCode: o.cc, mobilePhone: PHONES[o.cc]! },
          rows: rows.map((r, i): OrderRow => ({ name: `V${i}`, unit: "st", quantity: r.quantity, unitPrice: r.price, vatPercent: txt(BigInt(r.vat), 2), ...(r.discount ? { discountPercent: r.discount } : {}) })),
          total: txt(t, 2),
        };
        const res = buildSveaOrder({ order, settings, merchantOrderNumber: "m-1", callbackUri: "https://e.example/cb", locale: "en" });
        if (!res.ok) throw new Error(`refused ${o.style}: ${res.errors.map((e) => e.message).join("; ")}`);
        expect(orderTotalMinor(res.request.orderItems)).toBe(t);
      }),
      { numRuns: 3000, seed: 4242 },
    );
  });
});
