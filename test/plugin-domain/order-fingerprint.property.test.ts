// Property: the one-pass canonical JSON behind order fingerprints writes exactly what the per-object sort it replaced
// wrote, so links stored before the change keep matching (a changed text would re-issue every waiting link).
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { CreateOrderRequest } from "../../common/svea-instore-types.js";
import { buildSveaOrder } from "../../plugin/svea-order/index.js";
import { canonicalJson, orderFingerprint } from "../../plugin/svea-order/order-fingerprint.js";
import { testSettings } from "./test-settings.js";

/** The earlier implementation, verbatim: the reference the fast one must equal. */
function referenceCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function referenceFingerprint(request: CreateOrderRequest): string {
  const { merchantOrderNumber: _n, callbackUri: _c, ...payment } = request;
  return createHash("sha256").update(referenceCanonicalJson(payment), "utf8").digest("hex");
}

// Keys that sort differently as integers and as text, unicode, and keys shared across nesting levels.
const key = fc.oneof(fc.string(), fc.constantFrom("10", "9", "0", "a", "B", "ä", "\u{1F600}", "__proto__", "name", "orderItems"));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(key, fc.oneof(tie("value"), fc.constant(undefined)), { maxKeys: 6 }),
  ),
})).value;

const item = fc.record(
  {
    articleNumber: fc.string({ maxLength: 12 }),
    name: fc.string({ minLength: 1, maxLength: 40 }),
    quantity: fc.integer({ min: 1, max: 9_999_999 }),
    unitPrice: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    discountPercent: fc.integer({ min: 0, max: 10_000 }),
    vatPercent: fc.constantFrom(0, 600, 1200, 2500),
    unit: fc.string({ minLength: 1, maxLength: 4 }),
    rowNumber: fc.integer({ min: 1, max: 1000 }),
  },
  { requiredKeys: ["name", "quantity", "unitPrice", "vatPercent", "unit"] },
);
const request: fc.Arbitrary<CreateOrderRequest> = fc.record(
  {
    merchantOrderNumber: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
    countryCode: fc.constantFrom("SE", "NO", "FI", "DK"),
    currency: fc.constantFrom("SEK", "NOK", "EUR", "DKK"),
    mobilePhoneNumber: fc.constantFrom("+46701234567", "+4791234567"),
    orderItems: fc.array(item, { minLength: 1, maxLength: 25 }),
    callbackUri: fc.webUrl(),
    termsUri: fc.webUrl(),
    confirmationUri: fc.webUrl(),
    merchantName: fc.string({ maxLength: 20 }),
    deferredDelivery: fc.boolean(),
    minutesUntilLinkExpires: fc.integer({ min: 1, max: 100_000 }),
    tags: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
    presetValues: fc.array(
      fc.record({ attributeName: fc.constantFrom("NationalId", "EmailAddress", "PostalCode", "IsCompany"), value: fc.string() }),
      { maxLength: 4 },
    ),
  },
  { requiredKeys: ["merchantOrderNumber", "countryCode", "currency", "orderItems", "callbackUri", "termsUri"] },
) as fc.Arbitrary<CreateOrderRequest>;

/** The same data with every object's keys inserted in sorted order (integer-like keys still enumerate first). */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) Object.defineProperty(out, k, { value: sortedDeep((value as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

describe("order fingerprint", () => {
  test("canonical JSON equals the per-object sort for any JSON data, with keys in any order or already sorted", () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
        expect(canonicalJson(sortedDeep(value))).toBe(referenceCanonicalJson(value));
      }),
      { numRuns: 3000 },
    );
  });

  test("a request with its keys sorted at every level takes the native path to the same fingerprint", () => {
    fc.assert(
      fc.property(request, (r) => {
        const sorted = sortedDeep(r) as CreateOrderRequest;
        expect(orderFingerprint(sorted)).toBe(referenceFingerprint(r));
      }),
      { numRuns: 300 },
    );
  });

  test("property: every request buildSveaOrder makes, with any optional part present or not, keeps its keys in order", () => {
    const row = fc.record(
      {
        articleNumber: fc.stringMatching(/^[A-Z0-9-]{1,10}$/),
        rowNumber: fc.integer({ min: 1, max: 99 }),
        unit: fc.constantFrom("st", "kg"),
        discountPercent: fc.constant("10"),
        quantity: fc.constantFrom("1", 1),
      },
      { requiredKeys: ["quantity"] },
    );
    const customer = fc.record(
      {
        email: fc.constantFrom("a@b.se", "x".repeat(60) + "@b.se"),
        nationalId: fc.constant("199001011234"),
        postalCode: fc.constant("11122"),
        customerType: fc.constantFrom("private" as const, "company" as const),
      },
      { requiredKeys: [] },
    );
    const extras = fc.record(
      { merchantName: fc.constant("Butiken"), confirmationUri: fc.constant("https://shop.example/ok"), tags: fc.constant(["pos"]) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), customer, extras, fc.boolean(), (rows, card, settingsExtras, rounded) => {
        // 10.00 a row, 9.00 with its 10 % discount; one öre more makes the rounding row.
        const cents = rows.reduce((sum, r) => sum + (r.discountPercent ? 900 : 1000), 0) + (rounded ? 1 : 0);
        const built = buildSveaOrder({
          order: {
            id: "o-1",
            number: "1001",
            paymentMethod: "svea-instore",
            currency: "SEK",
            pricesIncludeVat: true,
            // Row numbers of their own (a shared one is refused): each row's given number in a range of its own, above the positions.
            rows: rows.map((r, i) => ({ ...r, ...(r.rowNumber === undefined ? {} : { rowNumber: 100 * (i + 1) + r.rowNumber }), name: `Vara ${i + 1}`, unitPrice: "10.00", vatPercent: "25" })),
            total: (cents / 100).toFixed(2),
            customer: { countryCode: "SE", mobilePhone: "0701234567", ...card },
          },
          settings: testSettings(settingsExtras),
          merchantOrderNumber: "m-1",
          callbackUri: "https://erp.example/cb/m-1/t",
          locale: "sv",
        });
        if (!built.ok) throw new Error(JSON.stringify(built.errors));
        expect(built.request.orderItems.length).toBe(rows.length + (rounded ? 1 : 0));
        expect(JSON.stringify(built.request)).toBe(referenceCanonicalJson(built.request));
        expect(built.fingerprint).toBe(referenceFingerprint(built.request));
      }),
      { numRuns: 400 },
    );
  });

  test("the fingerprint of any create request equals the earlier implementation's", () => {
    fc.assert(
      fc.property(request, (r) => {
        expect(orderFingerprint(r)).toBe(referenceFingerprint(r));
      }),
      { numRuns: 500 },
    );
  });

  test("keys sort by code unit, not as integers, and merchantOrderNumber and callbackUri are left out", () => {
    expect(canonicalJson({ b: 1, 10: [{ z: null, a: "x" }], 9: true, a: { c: 1, b: undefined } })).toBe(
      '{"10":[{"a":"x","z":null}],"9":true,"a":{"c":1},"b":1}',
    );
    const base = { countryCode: "SE", currency: "SEK", termsUri: "https://t.example", orderItems: [] } as unknown as CreateOrderRequest;
    expect(orderFingerprint({ ...base, merchantOrderNumber: "a", callbackUri: "https://a.example" })).toBe(
      orderFingerprint({ ...base, merchantOrderNumber: "b", callbackUri: "https://b.example" }),
    );
    expect(orderFingerprint(base)).toBe(createHash("sha256").update('{"countryCode":"SE","currency":"SEK","orderItems":[],"termsUri":"https://t.example"}').digest("hex"));
  });
});
