// buildSveaOrder by example: exact items, every refusal naming its field, every fix-up reported, presets, fingerprint.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { orderTotalMinor } from "../../common/money.js";
import { clientRequestValidators } from "../../common/svea-instore-schemas.js";
import type { HostOrder, Locale, OrderRow } from "../../plugin/host-contract/host-contract-types.js";
import type { ResolvedSettings } from "../../plugin/settings/index.js";
import { buildSveaOrder, maskNationalId, type BuildResult } from "../../plugin/svea-order/index.js";
import { SVEA_INSTORE_COUNTRIES } from "../../plugin/svea-order/country-rules.js";
import { testSettings } from "./test-settings.js";

const fixture = (name: string): HostOrder => JSON.parse(readFileSync(new URL(`../../fixtures/host-orders/${name}.json`, import.meta.url), "utf8"));

function order(rows: OrderRow[], total: string, extra: Partial<HostOrder> = {}): HostOrder {
  return {
    id: "ord-1",
    number: "1",
    paymentMethod: "svea-instore",
    currency: "SEK",
    pricesIncludeVat: true,
    customer: { mobilePhone: "+46701234567", countryCode: "SE" },
    rows,
    total,
    ...extra,
  };
}

const row = (extra: Partial<OrderRow> = {}): OrderRow => ({ name: "Vara", quantity: "1", unit: "st", unitPrice: "100.00", vatPercent: "25", ...extra });

function build(o: HostOrder, locale: Locale = "en", settings: ResolvedSettings = testSettings()): BuildResult {
  return buildSveaOrder({ order: o, settings, merchantOrderNumber: "1-0-abcdefg", callbackUri: "https://erp.example.se/cb/1-0-abcdefg/t0ken", locale });
}

function ok(result: BuildResult) {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  expect(clientRequestValidators.createOrderRequest(result.request)).toEqual({ ok: true, value: result.request });
  return result;
}

function refused(result: BuildResult) {
  if (result.ok) throw new Error("accepted");
  return result.errors;
}

describe("a typical Swedish order (fixture se-mixed-rows)", () => {
  const result = ok(build(fixture("se-mixed-rows"), "sv"));

  test("every row becomes an exact Svea item; the text row is skipped", () => {
    expect(result.request.orderItems).toEqual([
      { name: "Kaffe mellanrost 500 g", quantity: 200, unitPrice: 5990, vatPercent: 1200, unit: "st", rowNumber: 1, articleNumber: "KAF-500" },
      {
        name: "Soffbord i massiv ek med förvaring och g",
        quantity: 100,
        unitPrice: 349900,
        vatPercent: 2500,
        discountPercent: 1000,
        unit: "st",
        rowNumber: 2,
        articleNumber: "BORD-EK",
      },
      { name: "Lagrad ost", quantity: 125, unitPrice: 18900, vatPercent: 1200, unit: "kg", rowNumber: 4, articleNumber: "OST-LAG" },
      { name: "Rabattkupong", quantity: 100, unitPrice: -5000, vatPercent: 2500, unit: "st", rowNumber: 5 },
    ]);
    expect(orderTotalMinor(result.request.orderItems)).toBe(345515n);
  });

  test("request fields come from the card and the settings", () => {
    const { orderItems: _items, presetValues, ...rest } = result.request;
    expect(rest).toEqual({
      merchantOrderNumber: "1-0-abcdefg",
      countryCode: "SE",
      currency: "SEK",
      mobilePhoneNumber: "+46701234567",
      callbackUri: "https://erp.example.se/cb/1-0-abcdefg/t0ken",
      termsUri: "https://shop.example.se/villkor",
      deferredDelivery: false,
      minutesUntilLinkExpires: 2880,
    });
    expect(presetValues).toEqual([
      { attributeName: "NationalId", value: "198001011234" },
      { attributeName: "EmailAddress", value: "anna@example.se" },
      { attributeName: "PostalCode", value: "411 01" },
      { attributeName: "IsCompany", value: "False" },
    ]);
  });

  test("every fix-up is a notice naming its field, in Swedish", () => {
    expect(result.notices.map((n) => [n.code, n.field])).toEqual([
      ["phone-normalised", "customer.mobilePhone"],
      ["name-truncated", "rows[1].name"],
      ["row-skipped", "rows[2].quantity"],
    ]);
    expect(result.notices[0]?.message).toBe("Mobilnumret skrevs om för Svea: 070-123 45 67 → +46701234567.");
    expect(result.notices[1]?.message).toContain("40 tecken");
  });

  test("the national id appears in no notice", () => {
    expect(JSON.stringify(result.notices)).not.toContain("198001011234");
  });
});

describe("prices without VAT (fixture se-net-prices)", () => {
  const result = ok(build(fixture("se-net-prices")));

  test("net prices become gross per unit, half away from zero from the exact decimal", () => {
    expect(result.request.orderItems.slice(0, 3).map((i) => i.unitPrice)).toEqual([171, 106250, 41870]);
  });

  test("what per-unit rounding loses is one documented rounding row, and Svea's total is the host's", () => {
    expect(result.request.orderItems[3]).toEqual({ name: "Öresavrundning", quantity: 100, unitPrice: 75, vatPercent: 0, unit: "st", rowNumber: 4 });
    expect(orderTotalMinor(result.request.orderItems)).toBe(358870n);
    expect(result.notices.find((n) => n.code === "rounding-row-added")).toMatchObject({
      field: "total",
      message: 'A row "Öresavrundning" of 0.75 SEK was added so that Svea\'s total equals the order total 3588.70 SEK exactly.',
    });
  });

  test("a company card sends IsCompany True", () => {
    expect(result.request.presetValues).toContainEqual({ attributeName: "IsCompany", value: "True" });
  });
});

describe("every fixture order is accepted and charged exactly its total", () => {
  test.each([
    ["se-mixed-rows", 345515n, false],
    ["se-net-prices", 358870n, true],
    ["no-gross-with-discount", 126400n, false],
    ["fi-net-prices", 8018n, true],
    ["dk-gross", 45500n, false],
  ] as const)("%s", (name, total, withRoundingRow) => {
    const result = ok(build(fixture(name)));
    expect(orderTotalMinor(result.request.orderItems)).toBe(total);
    expect(result.notices.some((n) => n.code === "rounding-row-added")).toBe(withRoundingRow);
    expect(result.request.mobilePhoneNumber).toMatch(/^\+\d{8,15}$/);
  });

  test("Finland's rounding row is named in Finnish", () => {
    const items = ok(build(fixture("fi-net-prices"))).request.orderItems;
    expect(items.at(-1)).toMatchObject({ name: "Pyöristys", unitPrice: -1, vatPercent: 0, unit: "kpl" });
    expect(items[0]).toMatchObject({ unitPrice: 789, vatPercent: 1350 });
    expect(items[1]).toMatchObject({ unitPrice: 1506, vatPercent: 2550 });
  });
});

describe("refusals name the field and send nothing", () => {
  test("account not configured", () => {
    const { merchantId: _m, password: _p, ...unconfigured } = testSettings();
    const errors = refused(build(order([row()], "100.00"), "sv", { ...unconfigured, accountConfigured: false } as ResolvedSettings));
    expect(errors).toEqual([expect.objectContaining({ code: "account-not-configured" })]);
    expect(errors[0]?.message).toMatch(/inte konfigurerat/);
  });

  test("a country Svea Instore does not serve", () => {
    const errors = refused(build(order([row()], "100.00", { currency: "USD", customer: { mobilePhone: "+12025550123", countryCode: "US" } })));
    expect(errors).toContainEqual(expect.objectContaining({ code: "country-unsupported", field: "customer.countryCode" }));
    // A Swedish mobile on such a card is not the problem: only the country is named.
    const swedish = refused(build(order([row()], "100.00", { customer: { mobilePhone: "+46701234567", countryCode: "US" } })));
    expect(swedish.map((e) => [e.code, e.field])).toEqual([["country-unsupported", "customer.countryCode"]]);
  });

  test("a currency that does not match the country", () => {
    const errors = refused(build(order([row()], "100.00", { currency: "EUR" })));
    expect(errors).toEqual([expect.objectContaining({ code: "currency-mismatch", field: "currency" })]);
    expect(errors[0]?.message).toContain("SEK");
  });

  test("a VAT rate the country does not have, naming the row", () => {
    const errors = refused(build(order([row(), row(), row({ vatPercent: "24" })], "300.00")));
    expect(errors).toEqual([expect.objectContaining({ code: "vat-invalid", field: "rows[2].vatPercent" })]);
    expect(errors[0]?.message).toBe("The VAT rate 24 % on row 3 is not valid in SE. Valid rates: 0, 6, 12, 25.");
  });

  test("every problem at once: phone, VAT and discount", () => {
    const o = order([row({ vatPercent: "7" }), row({ discountPercent: "120" })], "200.00", {
      customer: { mobilePhone: "08-123 456 78", countryCode: "SE" },
    });
    expect(refused(build(o)).map((e) => [e.code, e.field])).toEqual([
      ["mobile-not-mobile", "customer.mobilePhone"],
      ["vat-invalid", "rows[0].vatPercent"],
      ["discount-invalid", "rows[1].discountPercent"],
    ]);
  });

  test.each([
    ["1.255", "quantity-invalid"],
    ["100000", "quantity-invalid"],
    ["-1", "quantity-negative"],
  ])("quantity %s → %s", (quantity, code) => {
    expect(refused(build(order([row({ quantity })], "100.00")))).toEqual([expect.objectContaining({ code, field: "rows[0].quantity" })]);
  });

  test("a unit price beyond Svea's 13 digits", () => {
    // Its total is beyond the largest an order may have, and is told beside it.
    expect(refused(build(order([row({ unitPrice: "100000000000.00" })], "100000000000.00")))).toEqual([
      expect.objectContaining({ code: "price-invalid", field: "rows[0].unitPrice" }),
      expect.objectContaining({ code: "total-too-large", field: "total" }),
    ]);
    // The limit stated, and the numbers written as the clerk's language writes decimals (a Swede's comma).
    const too = order([row({ unitPrice: "9999999999999.99" })], "9999999999999.99");
    expect(refused(build(too, "sv"))[0]?.message).toBe(
      "Priset 9999999999999,99 på rad 1 går inte att skicka till Svea: ett à-pris inkl. moms får vara högst 99999999999,99 SEK (och lägst −99999999999,99 SEK).",
    );
    expect(refused(build(too, "en"))[0]?.message).toBe(
      "The price 9999999999999.99 on row 1 cannot be sent to Svea: a unit price incl. VAT may be at most 99999999999.99 SEK (and at least −99999999999.99 SEK).",
    );
  });

  test("many units at a whole-öre price allow no per-unit rounding: a gap of kronor is a mismatch, not an 'Öresavrundning' row", () => {
    // 10,000 × 1.00 cannot round to 10,050.00 (it allowed 50 SEK before); 99,999.99 × 0.01 is 1,000.00, never 1,499.99.
    expect(refused(build(order([row({ quantity: "10000", unitPrice: "1.00" })], "10050.00")))[0]).toMatchObject({ code: "total-mismatch" });
    expect(refused(build(order([row({ quantity: "99999.99", unitPrice: "0.01" })], "1499.99")))[0]).toMatchObject({ code: "total-mismatch" });
    // Offsetting rows do not widen it either.
    expect(refused(build(order([row({ quantity: "10000", unitPrice: "100" }), row({ quantity: "9999", unitPrice: "-100" })], "150.00")))[0]).toMatchObject({ code: "total-mismatch" });
    // A per-row rounding of an öre still becomes a reported rounding row.
    const cent = ok(build(order([row({ quantity: "10000", unitPrice: "1.00" })], "10000.01")));
    expect(cent.request.orderItems.at(-1)).toMatchObject({ unitPrice: 1, vatPercent: 0 });
    expect(cent.notices.map((n) => n.code)).toContain("rounding-row-added");
    // An ERP that works in net amounts inside moves whole-öre gross rows too: 3 × 0.99 is 2.97, but with its net
    // rows rounded and VAT taken once per rate (Odoo's "round globally") it totals 2.96 (a money review found 31-41 %
    // of such orders an öre off). An öre per row stays a rounding row, not a mismatch.
    const odoo = ok(build(order([row({ quantity: "3", unitPrice: "0.99" })], "2.96")));
    expect(odoo.request.orderItems.at(-1)).toMatchObject({ unitPrice: -1, vatPercent: 0 });
    // A net price's per-unit rounding is still allowed (the README's 300 screws at 1.37 net: 0.75 SEK).
    const screws = ok(build(order([row({ quantity: "300", unitPrice: "1.37" })], "513.75", { pricesIncludeVat: false })));
    expect(screws.request.orderItems.at(-1)).toMatchObject({ unitPrice: 75, vatPercent: 0 });
    // A unit price whole only after its discount (11,878.125 gross less 13.28 % is 10,300.71) may still have been rounded
    // per unit before it: an ERP rounding the gross unit price first lands 3 öre away on 7.04 units.
    const discounted = ok(build(order([row({ quantity: "7.04", unitPrice: "9502.50", discountPercent: "13.28" })], "72517.03", { pricesIncludeVat: false })));
    expect(orderTotalMinor(discounted.request.orderItems)).toBe(7251703n);
    // A net unit price rounded per unit before VAT is added is off by up to ½ öre × 1.25 per unit at 25 %: 19.90 less
    // 15 % is 16.915 net, which the ERP rounds to 16.92; 20 of them with VAT are 423.00, 12 öre from the exact 422.88.
    for (const [quantity, total] of [
      ["20", "423.00"],
      ["100", "2115.00"],
    ] as const) {
      const net = ok(build(order([row({ quantity, unitPrice: "19.90", discountPercent: "15" })], total, { pricesIncludeVat: false })));
      expect(orderTotalMinor(net.request.orderItems)).toBe(BigInt(total.replace(".", "")));
    }
    // A net price of fractions of an öre whose gross price is whole (7.992 net is 9.99 with 25 %) is rounded per unit by
    // the ERP all the same: 100 × 7.99 × 1.25 is 998.75 (a money review found it refused as total-mismatch).
    const wholeGross = ok(build(order([row({ quantity: "100", unitPrice: "7.992" })], "998.75", { pricesIncludeVat: false })));
    expect(wholeGross.request.orderItems.at(-1)).toMatchObject({ unitPrice: -25, vatPercent: 0 });
    // And an ERP that rounds the net unit price, then the gross one (1.015 → 1.02 → 1.275 → 1.28), is ½ öre more away.
    const twice = ok(build(order([row({ quantity: "100", unitPrice: "1.015" })], "128.00", { pricesIncludeVat: false })));
    expect(orderTotalMinor(twice.request.orderItems)).toBe(12800n);
    // Beyond that it is still no rounding: 20 of them at 424.00 are refused.
    expect(refused(build(order([row({ quantity: "20", unitPrice: "19.90", discountPercent: "15" })], "424.00", { pricesIncludeVat: false })))).toEqual([
      expect.objectContaining({ code: "total-mismatch", field: "total" }),
    ]);
  });

  test("a total that does not belong to the rows", () => {
    const errors = refused(build(order([row(), row()], "210.00"), "sv"));
    expect(errors).toEqual([expect.objectContaining({ code: "total-mismatch", field: "total" })]);
    expect(errors[0]?.message).toContain("210,00 SEK");
    expect(errors[0]?.message).toContain("200,00 SEK");
  });

  test.each(["0", "0.00", "-50.00"])("a total of %s is not sent", (total) => {
    const rows = total === "-50.00" ? [row({ unitPrice: "-50.00" })] : [row({ unitPrice: "0" })];
    expect(refused(build(order(rows, total)))).toEqual([expect.objectContaining({ code: "total-not-positive", field: "total" })]);
  });

  test("a total above 99,999,999,999.99 is refused naming total and the limit, and so is a row's total, at save", () => {
    // 10 rows of 99,999.99 × 99,999,999,999.99: each row within Svea's digits, but the order came to 9,999,998,999,999,000,000
    // minor units (past Svea's .NET long; Payment Admin's amounts past 2^53 are not exact) and was built and sent.
    const huge = order(Array.from({ length: 10 }, () => row({ quantity: "99999.99", unitPrice: "99999999999.99" })), "99999989999990000.00");
    const errors = refused(build(huge));
    expect(errors.map((e) => `${e.code} ${e.field} ${e.rule}`)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `row-total-too-large rows[${i}] maximum`),
      "total-too-large total maximum",
    ]);
    expect(errors[0]!.message).toBe("Row 1 comes to 9999998999999000.00 SEK, more than a row can be: at most 99999999999.99 SEK (or minus as much).");
    expect(errors.at(-1)!.message).toBe("The order total 99999989999990000.00 SEK is more than a payment link can be for: at most 99999999999.99 SEK. Split the order.");
    const sv = refused(build(huge, "sv"));
    expect(sv.at(-1)!.message).toMatch(/^Orderns total .* är mer än en betallänk kan gälla: högst .*\. Dela upp ordern\.$/);
    expect(sv[0]!.message).toMatch(/^Rad 1 blir .*, mer än en rad kan vara: högst .* \(eller minus lika mycket\)\.$/);

    // Rows within the limit whose sum is not: the total alone is refused.
    const twoRows = order([row({ unitPrice: "99999999999.99" }), row({ unitPrice: "0.01" })], "100000000000.00");
    expect(refused(build(twoRows)).map((e) => `${e.code} ${e.field}`)).toEqual(["total-too-large total"]);
    // A negative row as large is refused too (its positive partner alone would be a delivery beyond the limit).
    const trade = order([row({ quantity: "2", unitPrice: "99999999999.99" }), row({ quantity: "2", unitPrice: "-99999999999.00" })], "1.98");
    expect(refused(build(trade)).map((e) => `${e.code} ${e.field}`)).toEqual(["row-total-too-large rows[0]", "row-total-too-large rows[1]"]);

    // Rows each within the limit, above and below zero, adding up past what an amount carries exactly: said of the rows,
    // in the currency, in the clerk's language (not "the order cannot be read" naming orderItems in minor units).
    const wide = order(
      [...Array.from({ length: 1000 }, () => row({ unitPrice: "99999999999.99" })), ...Array.from({ length: 1000 }, () => row({ unitPrice: "-99999999999.99" })), row({ unitPrice: "1.00" })],
      "1.00",
    );
    const sums = refused(build(wide));
    expect(sums.map((e) => `${e.code} ${e.field} ${e.rule}`)).toEqual(["rows-sum-too-large rows rowsSum"]);
    expect(sums[0]!.message).toBe(
      "The rows add up to too much together: the rows above zero come to 99999999999991.00 SEK and those below zero to -99999999999990.00 SEK, but each may come to at most 90071992547409.91 SEK. Split the order.",
    );
    expect(refused(build(wide, "sv"))[0]!.message).toMatch(/^Raderna blir för stora tillsammans: .* högst 90071992547409,91 SEK\. Dela upp ordern\.$/);

    // Up to the limit is sent, with the total Svea charges exact.
    const largest = ok(build(order([row({ unitPrice: "99999999999.98" }), row({ unitPrice: "0.01" })], "99999999999.99")));
    expect(largest.total.minor).toBe(9_999_999_999_999n);
  });

  test("a total with more decimals than the currency", () => {
    expect(refused(build(order([row()], "100.005")))).toEqual([expect.objectContaining({ code: "total-invalid", field: "total" })]);
  });

  test("an order with only text rows", () => {
    expect(refused(build(order([row({ quantity: "0" })], "100.00")))).toEqual([expect.objectContaining({ code: "no-rows", field: "rows" })]);
  });

  test("a malformed order names the field", () => {
    const bad = { ...order([row()], "100.00"), rows: [{ ...row(), quantity: "one" }] } as unknown as HostOrder;
    expect(refused(build(bad))).toEqual([expect.objectContaining({ code: "order-invalid", field: "rows[0].quantity" })]);
  });

  test("the national id never appears in errors", () => {
    const o = order([row({ vatPercent: "7" })], "100.00", {
      customer: { mobilePhone: "12", countryCode: "SE", nationalId: "198001011234", customerType: "private" },
    });
    expect(JSON.stringify(refused(build(o)))).not.toContain("198001011234");
  });
});

describe("fix-ups, each reported", () => {
  test("an empty currency takes the country's", () => {
    const result = ok(build(order([row()], "100.00", { currency: "" })));
    expect(result.request.currency).toBe("SEK");
    expect(result.notices).toContainEqual(expect.objectContaining({ code: "currency-defaulted", field: "currency" }));
  });

  test("a VAT-inclusive price with more decimals than the currency is rounded, with a notice", () => {
    const result = ok(build(order([row({ unitPrice: "99.995" })], "100.00")));
    expect(result.request.orderItems[0]?.unitPrice).toBe(10000);
    expect(result.notices).toContainEqual(expect.objectContaining({ code: "price-rounded", field: "rows[0].unitPrice" }));
    // Both numbers written as a Swede writes decimals.
    expect(ok(build(order([row({ unitPrice: "99.995" })], "100.00"), "sv")).notices.find((n) => n.code === "price-rounded")?.message).toBe(
      "Priset 99,995 på rad 1 har fler decimaler än SEK har; Svea får 100,00 SEK inkl. moms per enhet.",
    );
  });

  test("a net price with two decimals turns gross without a price notice", () => {
    const result = ok(build(order([row({ unitPrice: "10.00" })], "12.50", { pricesIncludeVat: false })));
    expect(result.request.orderItems).toHaveLength(1);
    expect(result.notices).toEqual([]);
  });

  test("an empty unit gets the country's default unit", () => {
    const se = ok(build(order([row({ unit: "" })], "100.00")));
    expect(se.request.orderItems[0]?.unit).toBe("st");
    expect(se.notices).toContainEqual(expect.objectContaining({ code: "unit-defaulted", field: "rows[0].unit" }));
    const no = ok(
      build(order([row({ unit: null })], "100.00", { currency: "NOK", customer: { mobilePhone: "+4741234567", countryCode: "NO" } })),
    );
    expect(no.request.orderItems[0]?.unit).toBe("stk");
  });

  test("long texts are cut at grapheme boundaries and each cut names its field", () => {
    const name = `${"Ä".repeat(38)}👨‍👩‍👧`;
    const result = ok(build(order([row({ name, unit: "styck", articleNumber: "A".repeat(300) })], "100.00")));
    const item = result.request.orderItems[0]!;
    expect(item.name).toBe("Ä".repeat(38));
    expect(item.unit).toBe("styc");
    expect(item.articleNumber).toHaveLength(256);
    expect(result.notices.map((n) => [n.code, n.field])).toEqual([
      ["name-truncated", "rows[0].name"],
      ["unit-truncated", "rows[0].unit"],
      ["article-number-truncated", "rows[0].articleNumber"],
    ]);
  });

  test("non-Latin names pass untouched", () => {
    const result = ok(build(order([row({ name: "緑茶 抹茶 100g" }), row({ name: "Чай" })], "200.00")));
    expect(result.request.orderItems.map((i) => i.name)).toEqual(["緑茶 抹茶 100g", "Чай"]);
    expect(result.notices).toEqual([]);
  });

  test("a blank name takes the article number", () => {
    const result = ok(build(order([row({ name: "  ", articleNumber: "ART-9" })], "100.00")));
    expect(result.request.orderItems[0]?.name).toBe("ART-9");
    expect(result.notices).toContainEqual(expect.objectContaining({ code: "name-defaulted", field: "rows[0].name" }));
  });
});

describe("rows", () => {
  test("the rounding row's number is one no host row has, sent or not: a quantity-0 text row keeps its own", () => {
    const rows = [row({ rowNumber: 1, quantity: "1", unitPrice: "10.00" }), row({ rowNumber: 2, name: "Tack för ditt köp", quantity: "0", unitPrice: "0" })];
    const built = ok(build(order(rows, "10.01")));
    expect(built.request.orderItems.map((i) => i.rowNumber)).toEqual([1, 3]);
    // Unnumbered rows count by position: the third row's number 3 is taken too.
    const unnumbered = ok(build(order([row({ quantity: "1", unitPrice: "10.00" }), row({ quantity: "0" }), row({ quantity: "0" })], "10.01")));
    expect(unnumbered.request.orderItems.map((i) => i.rowNumber)).toEqual([1, 4]);
  });

  test("two rows under one Svea row number are refused, naming the second row's rowNumber: a credit of one would take the other", () => {
    const same = refused(build(order([row({ rowNumber: 1, name: "Dyr", unitPrice: "1000" }), row({ rowNumber: 1, name: "Billig", unitPrice: "10", vatPercent: "6" })], "1010.00")));
    expect(same).toEqual([
      expect.objectContaining({ code: "row-number-duplicate", field: "rows[1].rowNumber", rule: "uniqueRowNumber", message: expect.stringMatching(/^Row 2 has row number 1, which row 1 already has/) }),
    ]);
    // A row without a number takes its position: row 2 here, which the first row claims.
    const mixed = refused(build(order([row({ rowNumber: 2 }), row()], "200.00"), "sv"));
    expect(mixed.map((e) => [e.code, e.field])).toEqual([["row-number-duplicate", "rows[1].rowNumber"]]);
    expect(mixed[0]!.message).toMatch(/^Rad 2 har radnummer 2, som rad 1 redan har/);
    // Numbers of their own, in any order, are fine.
    expect(ok(build(order([row({ rowNumber: 7 }), row({ rowNumber: 5 }), row()], "300.00"))).request.orderItems.map((i) => i.rowNumber)).toEqual([7, 5, 3]);
  });

  test("fractional quantities, discounts and Finland's 25.5 %", () => {
    const o = order([row({ quantity: "1.5", unitPrice: "10.00", vatPercent: "25.5", discountPercent: "12.5" })], "13.13", {
      currency: "EUR",
      customer: { mobilePhone: "+358401234567", countryCode: "FI" },
    });
    const result = ok(build(o));
    expect(result.request.orderItems[0]).toMatchObject({ quantity: 150, unitPrice: 1000, vatPercent: 2550, discountPercent: 1250 });
    expect(orderTotalMinor(result.request.orderItems)).toBe(1313n);
  });

  test("Finland's rates are the ones the mock's demo merchant accepts on a new order: 13.5 % goes through, 24 % (before 2024-09-01) and 14 % (before 2026-01-01) are refused at the save", () => {
    const fi = (vatPercent: string) =>
      build(order([row({ vatPercent })], "100.00", { currency: "EUR", customer: { mobilePhone: "+358401234567", countryCode: "FI" } }));
    expect(ok(fi("13.5")).request.orderItems[0]?.vatPercent).toBe(1350);
    expect(refused(fi("24"))[0]).toMatchObject({ code: "vat-invalid", field: "rows[0].vatPercent", message: "The VAT rate 24 % on row 1 is not valid in FI. Valid rates: 0, 10, 13.5, 25.5." });
    expect(refused(fi("14"))[0]).toMatchObject({ code: "vat-invalid", field: "rows[0].vatPercent" });
    const merchants = JSON.parse(readFileSync(new URL("../../fixtures/mock-svea/merchants.json", import.meta.url), "utf8")) as {
      merchants: { id: string; countries: { countryCode: string; currency: string; vatPercents: number[] }[] }[];
    };
    const demo = merchants.merchants.find((m) => m.id === "demo-merchant")!;
    expect(Object.fromEntries(demo.countries.map((c) => [c.countryCode, { currency: c.currency, vatHundredths: c.vatPercents }]))).toEqual(
      Object.fromEntries(Object.entries(SVEA_INSTORE_COUNTRIES).map(([code, rules]) => [code, { currency: rules.currency, vatHundredths: rules.vatHundredths }])),
    );
  });

  test("a discount row with a negative price is allowed", () => {
    const result = ok(build(order([row(), row({ name: "Rabatt", unitPrice: "-20.00" })], "80.00")));
    expect(result.request.orderItems[1]?.unitPrice).toBe(-2000);
  });

  test("rows without a row number are numbered by position", () => {
    const result = ok(build(order([row({ quantity: "0" }), row()], "100.00")));
    expect(result.request.orderItems[0]?.rowNumber).toBe(2);
  });
});

describe("presets", () => {
  const withCard = (customer: HostOrder["customer"]) => ok(build(order([row()], "100.00", { customer })));

  test("an e-mail over 50 characters or not valid is left out with a notice", () => {
    for (const email of [`${"a".repeat(45)}@example.se`, "not an address"]) {
      const result = withCard({ mobilePhone: "+46701234567", countryCode: "SE", email });
      expect(result.request.presetValues ?? []).not.toContainEqual(expect.objectContaining({ attributeName: "EmailAddress" }));
      expect(result.notices).toContainEqual(expect.objectContaining({ code: "email-omitted", field: "customer.email" }));
    }
  });

  test("a national id without a customer type still sends IsCompany, with a notice", () => {
    const result = withCard({ mobilePhone: "+46701234567", countryCode: "SE", nationalId: "198001011234" });
    expect(result.request.presetValues).toContainEqual({ attributeName: "IsCompany", value: "False" });
    expect(result.notices).toContainEqual(expect.objectContaining({ code: "customer-type-assumed" }));
    expect(JSON.stringify(result.notices)).not.toContain("198001011234");
  });

  test("maskNationalId keeps only the last two characters", () => {
    expect(maskNationalId("198001011234")).toBe("**********34");
    expect(maskNationalId(" 5561234567 ")).toBe("********67");
    expect(maskNationalId("123")).toBe("***");
  });

  test("no card values, no presets", () => {
    expect(withCard({ mobilePhone: "+46701234567", countryCode: "SE" }).request.presetValues).toBeUndefined();
  });
});

describe("settings reach the request", () => {
  test("confirmationUri, merchantName, tags, deferredDelivery and link lifetime", () => {
    const settings = testSettings({
      confirmationUri: "https://shop.example.se/tack",
      merchantName: "Butiken",
      tags: ["store-7"],
      deferredDelivery: true,
      linkLifetimeMinutes: 90,
    });
    const result = ok(build(order([row()], "100.00"), "en", settings));
    expect(result.request).toMatchObject({
      confirmationUri: "https://shop.example.se/tack",
      merchantName: "Butiken",
      tags: ["store-7"],
      deferredDelivery: true,
      minutesUntilLinkExpires: 90,
    });
  });
});

describe("fingerprint and purity", () => {
  const base = order([row(), row({ name: "Annan" })], "200.00");

  test("ignores merchantOrderNumber and callbackUri", () => {
    const a = ok(build(base));
    const b = ok(buildSveaOrder({ order: base, settings: testSettings(), merchantOrderNumber: "other", callbackUri: "https://x.example/cb", locale: "sv" }));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  test("changes with anything Svea receives", () => {
    const a = ok(build(base)).fingerprint;
    expect(ok(build(order([row({ unitPrice: "100.01" }), row({ name: "Annan" })], "200.01"))).fingerprint).not.toBe(a);
    expect(ok(build({ ...base, customer: { mobilePhone: "+46701234568", countryCode: "SE" } })).fingerprint).not.toBe(a);
    expect(ok(build(base, "en", testSettings({ linkLifetimeMinutes: 60 }))).fingerprint).not.toBe(a);
  });

  test("ignores what Svea does not receive (host ids, status, key order)", () => {
    const a = ok(build(base)).fingerprint;
    const { total, rows, ...rest } = base;
    const reordered: HostOrder = { total, rows, ...rest, id: "other", status: "picked" };
    expect(ok(build(reordered)).fingerprint).toBe(a);
  });

  test("never modifies the host's order", () => {
    const given = order([row({ unit: "" })], "100.00", { currency: "" });
    const copy = structuredClone(given);
    build(given);
    expect(given).toEqual(copy);
  });
});
