// Hook inputs are copied without structuredClone's serialiser yet exactly as it copies, and an order.save input's order,
// validated once on that private copy, builds the same Svea order as the host's own object validated again.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Validator } from "../../common/json-schema-validator.js";
import { copyPlainData, NestedTooDeepError } from "../../plugin/store/plain-data-copy.js";
import { readHookInput, refusalsFor } from "../../plugin/hook-input.js";
import { isCheckedHostOrder } from "../../plugin/host-contract/checked-host-orders.js";
import { hostContractSchemas, hostContractValidators, hostOrderFields } from "../../plugin/host-contract/host-contract-schemas.js";
import type { HostOrder, OrderSaveInput } from "../../plugin/host-contract/host-contract-types.js";
import { buildSveaOrder } from "../../plugin/svea-order/index.js";
import { testSettings } from "../plugin-domain/test-settings.js";

/** Deep equality that also compares key order, prototypes, array lengths and -0/NaN, and that sharing is absent. */
function expectSameCopy(actual: unknown, expected: unknown): void {
  if (expected === null || typeof expected !== "object") {
    expect(Object.is(actual, expected)).toBe(true);
    return;
  }
  expect(actual !== null && typeof actual === "object").toBe(true);
  expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
  expect(Array.isArray(actual)).toBe(Array.isArray(expected));
  expect(Reflect.ownKeys(actual as object)).toEqual(Reflect.ownKeys(expected));
  for (const key of Reflect.ownKeys(expected)) {
    if (key === "length") continue;
    expectSameCopy((actual as Record<PropertyKey, unknown>)[key], (expected as Record<PropertyKey, unknown>)[key]);
  }
}

describe("copyPlainData", () => {
  test("equals structuredClone for any JSON-like data, and never shares an object with its input", () => {
    const data = fc.anything({
      withNullPrototype: true,
      withBigInt: true,
      withObjectString: true,
      withSparseArray: true,
      withBoxedValues: false,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      maxDepth: 4,
    });
    fc.assert(
      fc.property(data, (value) => {
        const copy = copyPlainData(value);
        expectSameCopy(copy, structuredClone(value));
        if (value !== null && typeof value === "object") expect(copy).not.toBe(value);
      }),
      { numRuns: 3000 },
    );
  });

  test("refuses data nested deeper than 64 levels, plain or not, instead of overflowing the stack; hook input names where", () => {
    const nest = (levels: number, leaf: unknown): unknown => {
      let value = leaf;
      for (let i = 1; i < levels; i++) value = [value];
      return value;
    };
    expect(() => copyPlainData(nest(64, []))).not.toThrow();
    for (const leaf of [[], new Date(0)]) expect(() => copyPlainData(nest(10_000, leaf))).toThrow(NestedTooDeepError);
    const input = { order: { id: "a", customer: { x: nest(10_000, []) } }, locale: "sv" };
    const read = readHookInput("order.save", hostContractValidators.orderSaveInput, input);
    expect(read).toEqual({ ok: false, errors: [expect.objectContaining({ path: `order.customer.x${"[0]".repeat(61)}`, rule: "maxDepth" })] });
    if (!read.ok) expect(refusalsFor(read.errors, "en")[0]).toMatchObject({ code: "order-invalid", field: `customer.x${"[0]".repeat(61)}`, rule: "maxDepth" });
  });

  test("keeps what only structuredClone keeps: shared and cyclic references, array members, dates, a __proto__ key", () => {
    const shared = { a: 1 };
    const copied = copyPlainData({ x: shared, y: shared });
    expect(copied.x).toBe(copied.y);
    expect(copied.x).not.toBe(shared);

    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const cyclicCopy = copyPlainData(cyclic);
    expect(cyclicCopy.self).toBe(cyclicCopy);

    const array = Object.assign([1, 2], { label: "x" });
    expect(Object.keys(copyPlainData(array))).toEqual(["0", "1", "label"]);

    const when = new Date(0);
    expect(copyPlainData({ when }).when).toBeInstanceOf(Date);

    const proto = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const protoCopy = copyPlainData(proto);
    expect(Object.keys(protoCopy)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("equals structuredClone where a fast copy could slip: a hole beside a named member, symbol keys, a polluted Object.prototype", () => {
    // As many keys as elements: one hole, one named member.
    const holed = Object.assign([1, , 3], { label: "x" });
    expectSameCopy(copyPlainData(holed), structuredClone(holed));
    expect(Object.keys(copyPlainData(holed))).toEqual(["0", "2", "label"]);

    const tag = Symbol("tag");
    const withSymbol = { a: 1, [tag]: 2, nested: { [tag]: 3, b: 4 } };
    expectSameCopy(copyPlainData(withSymbol), structuredClone(withSymbol));
    expect(Object.getOwnPropertySymbols(copyPlainData(withSymbol))).toEqual([]);

    const nullProto = Object.assign(Object.create(null) as object, { a: { b: 1 } });
    expectSameCopy(copyPlainData(nullProto), structuredClone(nullProto));

    // What a prototype-pollution bug leaves behind: an enumerable member every object inherits.
    (Object.prototype as Record<string, unknown>).polluted = { inherited: true };
    try {
      for (const plain of [{ a: 1 }, { a: 1, nested: { b: 2 } }]) {
        const copy = copyPlainData(plain);
        expectSameCopy(copy, structuredClone(plain));
        expect(Object.hasOwn(copy, "polluted")).toBe(false);
      }
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  test("throws structuredClone's error for what it cannot copy", () => {
    expect(() => copyPlainData({ f: () => 1 })).toThrow(expect.objectContaining({ name: "DataCloneError" }));
    expect(() => copyPlainData({ s: Symbol("x") })).toThrow(expect.objectContaining({ name: "DataCloneError" }));
    expect(() => copyPlainData({ p: new Proxy({}, {}) })).toThrow(expect.objectContaining({ name: "DataCloneError" }));
  });
});

describe("hook input orders validated once", () => {
  test("hostOrderFields names exactly the members of each hook input that are whole host orders", () => {
    const schemaOf = new Map<Validator<unknown>, object>([
      [hostContractValidators.orderSaveInput, hostContractSchemas.orderSaveInput],
      [hostContractValidators.orderDeleteInput, hostContractSchemas.orderDeleteInput],
      [hostContractValidators.checkPaymentInput, hostContractSchemas.checkPaymentInput],
      [hostContractValidators.pickingFilterInput, hostContractSchemas.pickingFilterInput],
      [hostContractValidators.paymentViewInput, hostContractSchemas.paymentViewInput],
    ]);
    for (const [validator, schema] of schemaOf) {
      const orders = Object.entries((schema as { properties: Record<string, { $ref?: string }> }).properties)
        .filter(([, s]) => s.$ref === hostContractSchemas.order.$id)
        .map(([name]) => name);
      expect(hostOrderFields.get(validator) ?? []).toEqual(orders);
    }
  });

  test("only the private copy of a valid input is marked; the host's object never is", () => {
    const order = hostOrder([{ name: "Kaffe", quantity: "1", unitPrice: "10", vatPercent: "25" }], "10.00");
    const input = { order, previous: structuredClone(order), locale: "sv" };
    const read = readHookInput("order.save", hostContractValidators.orderSaveInput, input);
    if (!read.ok) throw new Error("expected a valid input");
    expect(read.value.order).not.toBe(order);
    expect(isCheckedHostOrder(read.value.order)).toBe(true);
    // order.save's previous is not read, nor checked (schemas/host/order-save-input.schema.json): never marked.
    expect(isCheckedHostOrder(read.value.previous)).toBe(false);
    expect(isCheckedHostOrder(order)).toBe(false);

    const invalid = readHookInput("order.save", hostContractValidators.orderSaveInput, { order: { ...order, currency: "sek" }, locale: "sv" });
    expect(invalid.ok).toBe(false);
  });

  test("property: a hook-validated order builds the same result as the host's order validated again", () => {
    const decimal = fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom("1", "2", "1.5", "12.50", "99.99", "25", "10") },
      { weight: 1, arbitrary: fc.constantFrom("0", "0.333", "-1", "99.999", "1000000", 3, 0.5) },
    );
    const row = fc.record(
      {
        rowNumber: fc.integer({ min: 1, max: 99 }),
        articleNumber: fc.option(fc.constantFrom("A-1", "  ", "X".repeat(300))),
        name: fc.constantFrom("Kaffe", "", "  ", "Ett mycket långt produktnamn som inte ryms i fyrtio tecken"),
        quantity: decimal,
        unit: fc.option(fc.constantFrom("st", "kg", "", "förpackning")),
        unitPrice: decimal,
        discountPercent: fc.option(fc.constantFrom("10", "12.5", "0", "10", "12.5", "0", "150")),
        vatPercent: fc.constantFrom("25", "12", "6", "0", 25, "25", "12", "6", "0", 25, "24"),
      },
      { requiredKeys: ["name", "quantity", "unitPrice", "vatPercent"] },
    );
    const order = fc.record({
      rows: fc.oneof({ weight: 9, arbitrary: fc.array(row, { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant([]) }),
      // Mostly the rows' own sum (so most orders build), sometimes a total that does not belong to them.
      totalOffset: fc.constantFrom(0, 0, 0, 0.01, 5, -1000),
      pricesIncludeVat: fc.boolean(),
      currency: fc.constantFrom("SEK", "SEK", "SEK", "NOK"),
      mobilePhone: fc.constantFrom("070-123 45 67", "+46701234567", "+46701234567", "12345", "08-123 456 78"),
      countryCode: fc.constantFrom("SE", "SE", "se", "NO"),
      email: fc.option(fc.constantFrom("a@b.se", "not-an-email", `${"x".repeat(50)}@b.se`)),
      nationalId: fc.option(fc.constantFrom("199001011234", "")),
      extra: fc.option(fc.string(), { nil: undefined }),
    });
    const rowsSum = (rows: readonly { quantity: string | number; unitPrice: string | number; vatPercent: string | number; discountPercent?: string | number | null }[], gross: boolean) =>
      rows.reduce((sum, r) => sum + Number(r.quantity) * Number(r.unitPrice) * (1 - Number(r.discountPercent ?? 0) / 100) * (gross ? 1 : 1 + Number(r.vatPercent) / 100), 0);
    let built = 0;
    fc.assert(
      fc.property(order, (o) => {
        const host: HostOrder = {
          ...hostOrder(o.rows as HostOrder["rows"], (rowsSum(o.rows, o.pricesIncludeVat) + o.totalOffset).toFixed(2)),
          currency: o.currency,
          pricesIncludeVat: o.pricesIncludeVat,
          customer: { countryCode: o.countryCode, mobilePhone: o.mobilePhone, email: o.email, nationalId: o.nationalId },
          ...(o.extra !== undefined ? { extra: o.extra } : {}),
        };
        const read = readHookInput<OrderSaveInput>("order.save", hostContractValidators.orderSaveInput, { order: host, locale: "en" });
        const direct = build(host);
        if (!read.ok) {
          // The hook refuses before building; building the host's object refuses the same fields.
          expect(direct.ok).toBe(false);
          if (!direct.ok) expect(refusalsFor(read.errors, "en").map((r) => r.field)).toEqual(direct.errors.map((e) => e.field));
          return;
        }
        expect(isCheckedHostOrder(read.value.order)).toBe(true);
        if (direct.ok) built++;
        expect(build(read.value.order)).toEqual(direct);
      }),
      // A fixed seed: the share that builds varies from seed to seed (29 of 400 was seen), so an unseeded run could
      // fail the count below by chance.
      { numRuns: 400, seed: 20261201 },
    );
    // Both ways are exercised: a good share builds, the rest is refused.
    expect(built).toBeGreaterThan(40);
    expect(built).toBeLessThan(360);
  });
});

const settings = testSettings();

function build(order: HostOrder) {
  return buildSveaOrder({ order, settings, merchantOrderNumber: "m-1", callbackUri: "https://erp.example/cb/m-1/t", locale: "en" });
}

function hostOrder(rows: HostOrder["rows"], total: HostOrder["total"]): HostOrder {
  return {
    id: "o-1",
    number: "1001",
    paymentMethod: "svea-instore",
    currency: "SEK",
    pricesIncludeVat: true,
    customer: { countryCode: "SE", mobilePhone: "0701234567" },
    rows,
    total,
  };
}
