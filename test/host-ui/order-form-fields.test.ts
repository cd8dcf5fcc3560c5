// The order form's fields: a posted form becomes a HostOrder whose total is exact, or errors that name the field.
import { describe, expect, it } from "vitest";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { creditRefusalAsTyped, fieldControl } from "../../host/ui/field-controls.js";
import { decimalText, parseOrderForm } from "../../host/ui/order-form-fields.js";

const base: HostOrder = {
  id: "ord-1",
  number: "1",
  paymentMethod: "svea-instore",
  currency: "SEK",
  pricesIncludeVat: true,
  customer: { id: "cust-9", countryCode: "SE" },
  rows: [],
  total: "0.00",
  status: "open",
};

const form = (fields: Record<string, string>) => ({ number: "1001", currency: "SEK", paymentMethod: "svea-instore", "customer.countryCode": "se", ...fields });

describe("parseOrderForm", () => {
  it("refuses an amount it could only round (a quantity of 0,333, a price of 10.005 SEK), naming the field, rather than total it wrongly", () => {
    const { errors, totalKnown } = parseOrderForm(
      form({ "rows.0.name": "Tyg", "rows.0.quantity": "0,333", "rows.0.unitPrice": "100", "rows.0.vatPercent": "25", "rows.1.name": "Knapp", "rows.1.unitPrice": "10.005", "rows.1.vatPercent": "25" }),
      base,
      "sv",
    );
    expect(totalKnown).toBe(false);
    expect(errors.map((e) => [e.field, e.rule, e.message])).toEqual([
      // Quoted as typed: "0.333" would read as three hundred and thirty-three to a Swede.
      ["rows.0.quantity", "multipleOf", 'Rad 1: Antal: "0,333" har för många decimaler (högst 2)'],
      ["rows.1.unitPrice", "multipleOf", 'Rad 2: À-pris: "10.005" har för många decimaler (högst 2)'],
    ]);
  });

  it("computes the total in minor units (0.10 × 3 is 0.30, a 12.5 % discount rounds half away from zero) and keeps what the form does not show", () => {
    const { order, errors } = parseOrderForm(
      form({
        "customer.name": "Karin",
        "customer.mobilePhone": "0701234567",
        "customer.email": "",
        "rows.0.name": "Knapp",
        "rows.0.quantity": "3",
        "rows.0.unitPrice": "0.10",
        "rows.0.vatPercent": "25",
        "rows.1.name": "Kaffe",
        "rows.1.quantity": "1",
        "rows.1.unitPrice": "59.90",
        "rows.1.discountPercent": "12.5",
        "rows.1.vatPercent": "12",
        "rows.2.name": "",
      }),
      base,
      "en",
    );
    expect(errors).toEqual([]);
    // 59.90 − 12.5 % = 52.4125 → 52.41; plus 0.30.
    expect(order.total).toBe("52.71");
    expect(order.rows.map((r) => r.rowNumber)).toEqual([1, 2]);
    expect(order.currency).toBe("SEK");
    expect(order.customer).toEqual({ id: "cust-9", countryCode: "se", name: "Karin", mobilePhone: "0701234567", email: null, nationalId: null, postalCode: null });
    expect(order.status).toBe("open");
  });

  it("keeps a currency as posted (the select sends the code): a lower-case one is refused naming the currency, not upper-cased unsaid", () => {
    const { order, errors } = parseOrderForm(form({ currency: "sek", "rows.0.name": "Kaffe", "rows.0.quantity": "1", "rows.0.unitPrice": "10", "rows.0.vatPercent": "12" }), base, "en");
    expect(order.currency).toBe("sek");
    expect(errors.map((e) => [e.field, e.code])).toEqual([["currency", "form-invalid"]]);
    expect(errors[0]!.message).toContain("sek");
  });

  it("keeps the order's own price basis: net prices stay net, their total is VAT-inclusive, and a save that changed no amount keeps the ERP's total", () => {
    const screws = { rowNumber: 1, articleNumber: "SKR-4", name: "Skruv", quantity: "300", unit: "st", unitPrice: "1.37", discountPercent: null, vatPercent: "25" };
    const net: HostOrder = { ...base, pricesIncludeVat: false, rows: [screws], total: "513.75" };
    const typed = { "pricesIncludeVat": "false", "rows.0.articleNumber": "SKR-4", "rows.0.name": "Skruv", "rows.0.quantity": "300", "rows.0.unit": "st", "rows.0.unitPrice": "1,37", "rows.0.vatPercent": "25" };
    const unchanged = parseOrderForm(form(typed), net, "sv");
    expect(unchanged.errors).toEqual([]);
    expect(unchanged.order).toMatchObject({ pricesIncludeVat: false, total: "513.75", rows: [screws] });
    // An ERP that rounds each unit to 1.71 gross sent 513.00 (the plugin adds the rounding row): a save of nothing keeps it.
    expect(parseOrderForm(form(typed), { ...net, total: "513.00" }, "sv").order.total).toBe("513.00");
    // A changed amount is totalled on the order's basis: 301 × 1.37 × 1.25 = 515.4625 → 515.46 (not 412.37 as gross prices).
    expect(parseOrderForm(form({ ...typed, "rows.0.quantity": "301" }), net, "sv").order).toMatchObject({ pricesIncludeVat: false, total: "515.46" });
    // The clerk switches the basis: the same prices are now gross.
    expect(parseOrderForm(form({ ...typed, pricesIncludeVat: "true" }), net, "sv").order).toMatchObject({ pricesIncludeVat: true, total: "411.00" });
    // A post without the field (a page from before it) keeps the order's basis.
    const { pricesIncludeVat: _omitted, ...withoutBasis } = typed;
    expect(parseOrderForm(form(withoutBasis), net, "sv").order).toMatchObject({ pricesIncludeVat: false, total: "513.75" });
    expect(fieldControl("pricesIncludeVat", "en", false, "SEK")).toEqual({ id: "pricesIncludeVat", label: "Unit prices are" });
  });

  it("reads only the amounts with a decimal comma: an article number, name or unit that looks like a decimal stays as typed", () => {
    const { order, errors } = parseOrderForm(form({ "rows.0.articleNumber": "100,25", "rows.0.name": "1,5", "rows.0.unit": "2,5", "rows.0.unitPrice": "10,00", "rows.0.vatPercent": "25" }), base, "sv");
    expect(errors).toEqual([]);
    expect(order.rows[0]).toMatchObject({ articleNumber: "100,25", name: "1,5", unit: "2,5", unitPrice: "10.00" });
  });

  it("names the field and the rule of what it cannot read, in the clerk's language", () => {
    const { errors } = parseOrderForm(form({ "rows.0.name": "Kaffe", "rows.0.unitPrice": "12,5x", "rows.0.vatPercent": "" }), base, "sv");
    expect(errors).toEqual([
      { code: "form-invalid", field: "rows.0.vatPercent", rule: "required", message: "Rad 1: Moms %: måste fyllas i" },
      { code: "form-invalid", field: "rows.0.unitPrice", rule: "decimal", message: 'Rad 1: À-pris: "12,5x" är inget tal (skriv t.ex. 59,90)' },
    ]);
  });

  it("reads a Swedish clerk's decimal comma as the wire's point, and an English clerk's comma not at all", () => {
    const typed = { "rows.0.name": "Kaffe", "rows.0.quantity": "1,5", "rows.0.unitPrice": "49,90", "rows.0.vatPercent": "12" };
    const sv = parseOrderForm(form(typed), base, "sv");
    expect(sv.errors).toEqual([]);
    expect(sv.order.rows[0]).toMatchObject({ quantity: "1.5", unitPrice: "49.90", vatPercent: "12" });
    expect(sv.order.total).toBe("74.85");
    const en = parseOrderForm(form(typed), base, "en");
    expect(en.errors.map((e) => `${e.field}/${e.rule}`)).toEqual(["rows.0.unitPrice/decimal", "rows.0.quantity/decimal"]);
    expect(decimalText("1,000,5", "sv")).toBe("1,000,5");
  });

  it("maps every field a refusal can name to the control the page shows, by its label", () => {
    expect(fieldControl("rows[2].unitPrice", "en", false, "SEK")).toEqual({ id: "row-2-unitPrice", label: "Row 3: Unit price" });
    expect(fieldControl("rows.0.name", "sv", false, "SEK")).toEqual({ id: "row-0-name", label: "Rad 1: Benämning" });
    expect(fieldControl("customer.mobilePhone", "en", false, "SEK")?.id).toBe("customer-mobilePhone");
    expect(fieldControl("currency", "en", false, "SEK")?.id).toBe("currency");
    expect(fieldControl("total", "sv", false, "SEK")).toEqual({ id: "order-total", label: "Summa" });
    expect(fieldControl("amount", "en", true, "NOK")).toEqual({ id: "credit-amount", label: "Amount to credit, incl. VAT (NOK)" });
    // The order's rows as a whole (none at all): the rows section by its heading, its first row's first input to type in.
    expect(fieldControl("rows", "en", false, "SEK")).toEqual({ id: "row-0-articleNumber", label: "Order rows" });
    expect(fieldControl("rows", "sv", false, "SEK")).toEqual({ id: "row-0-articleNumber", label: "Orderrader" });
    // No control of its own: a credit request's own row list, an unknown name.
    for (const field of ["customer.__proto__", "rows[0].toString"]) expect(fieldControl(field, "en", false, "SEK")).toBeUndefined();
    expect(fieldControl("rows[0].quantity", "en", true, "SEK")).toBeUndefined();
  });

  it("names a refused row credit by the order row the clerk typed into, not by its place in the request", () => {
    const refusal = { code: "credit-quantity-too-large", message: "Rad 2 …", field: "rows[0].quantity", rule: "maximum" };
    const typed = creditRefusalAsTyped(refusal, { rows: [{ row: 1, quantity: "5" }] });
    expect(typed).toEqual({ ...refusal, field: "credit.1" });
    expect(fieldControl(typed.field!, "sv", true, "SEK")).toEqual({ id: "credit-row-1", label: "Rad 2: Antal att kreditera" });
    // Anything else is left as the plugin named it.
    expect(creditRefusalAsTyped({ ...refusal, field: "amount" }, { amount: "x" }).field).toBe("amount");
    expect(creditRefusalAsTyped(refusal, {}).field).toBe("rows[0].quantity");
  });

  it("keeps the country code as typed (the order's rule takes se as SE; nothing is changed unsaid), and refuses one that is no two-letter code by its label", () => {
    const lower = parseOrderForm(form({ "rows.0.name": "Kaffe", "rows.0.unitPrice": "10", "rows.0.vatPercent": "25" }), base, "en");
    expect(lower.errors).toEqual([]);
    expect(lower.order.customer.countryCode).toBe("se");
    for (const locale of ["sv", "en"] as const) {
      const typed = parseOrderForm(form({ "customer.countryCode": "Sverige", "rows.0.name": "Kaffe", "rows.0.unitPrice": "10", "rows.0.vatPercent": "25" }), base, locale);
      expect(typed.order.customer.countryCode).toBe("Sverige");
      expect(typed.errors.map((e) => [e.field, e.rule, e.message])).toEqual([
        ["customer.countryCode", "pattern", locale === "sv" ? "Land (ISO, t.ex. SE): måste vara en landskod med två bokstäver, t.ex. SE" : "Country (ISO, e.g. SE): must be a two-letter country code, such as SE"],
      ]);
    }
  });

  it("refuses an order without rows or without a country", () => {
    const { errors } = parseOrderForm(form({ "customer.countryCode": "", "rows.0.name": "" }), base, "en");
    expect(errors.map((e) => `${e.field}/${e.rule}`)).toEqual(["customer.countryCode/required", "rows/minItems"]);
    // Named by the rows section's heading, not the path "rows".
    expect(errors[1]?.message).toBe("Order rows: the order needs at least one row");
    expect(parseOrderForm(form({ "rows.0.name": "" }), base, "sv").errors.map((e) => e.message)).toContain("Orderrader: ordern behöver minst en rad");
  });

  it("shows the total of what was typed beside a refusal when every amount reads, and no total when one does not", () => {
    const rows = { "rows.0.name": "", "rows.0.quantity": "3", "rows.0.unitPrice": "0.10", "rows.0.vatPercent": "25" };
    const blankName = parseOrderForm(form(rows), { ...base, total: "99.00" }, "en");
    expect(blankName.errors.map((e) => e.field)).toEqual(["rows.0.name"]);
    expect(blankName.totalKnown).toBe(true);
    expect(blankName.order.total).toBe("0.30");
    const unreadable = parseOrderForm(form({ ...rows, "rows.0.name": "Knapp", "rows.0.unitPrice": "ten" }), { ...base, total: "99.00" }, "en");
    expect(unreadable.totalKnown).toBe(false);
    expect(unreadable.order.total).toBe("99.00");
  });
});
