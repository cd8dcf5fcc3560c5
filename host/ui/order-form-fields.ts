// The order form's fields in and out: a posted form becomes a HostOrder (total computed exactly from the rows), or errors naming the field.
import { currencyMinorDigits, MoneyError, netOrderTotalMinor, orderTotalMinor, formatMinor, toHundredths, toMinorUnits, type PricedRow } from "../../common/money.js";
import type { CustomerCard, HostOrder, Locale, OrderRow, Refusal } from "../../plugin/host-contract/host-contract-types.js";
import { fieldProblem } from "../../common/field-problem-text.js";
import { schema as customerCardSchema } from "../../schemas/generated/host/customer-card.js";
import { fieldControl } from "./field-controls.js";
import { displayDecimal } from "./format-amount.js";
import { uiMessage } from "./ui-messages.js";

export type FormBody = Record<string, string | File | (string | File)[]>;

/** How many rows the form offers: the order's own plus this many empty ones. */
export const EMPTY_ROWS = 2;

export const ROW_FIELDS = ["articleNumber", "name", "quantity", "unit", "unitPrice", "discountPercent", "vatPercent"] as const;
export type RowField = (typeof ROW_FIELDS)[number];

/** The row fields that hold numbers: only these are shown and read with a Swedish decimal comma (an article number "100.25" is text). */
export const DECIMAL_ROW_FIELDS: ReadonlySet<RowField> = new Set(["quantity", "unitPrice", "discountPercent", "vatPercent"]);

/** The row fields that make up the total. */
const AMOUNT_ROW_FIELDS = ["quantity", "unitPrice", "discountPercent", "vatPercent"] as const satisfies readonly RowField[];

/** The order schema's country code rule, from the schema itself (customer-card.schema.json). */
const COUNTRY_CODE = new RegExp(customerCardSchema.properties.countryCode.pattern);

export const CUSTOMER_FIELDS = ["name", "mobilePhone", "countryCode", "email", "nationalId", "postalCode"] as const;

export const rowFieldName = (index: number, field: RowField) => `rows.${index}.${field}`;

export interface ParsedOrderForm {
  /** The order as typed, with its total computed when every amount could be read (else the total it had). */
  order: HostOrder;
  /** false: some row's amount could not be read, so `order.total` is not the total of what was typed. */
  totalKnown: boolean;
  errors: Refusal[];
}

function text(body: FormBody, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first.trim() : "";
}

/**
 * A number as the clerk typed it, in the wire's spelling: a Swedish clerk writes the decimal comma ("49,90"), which
 * becomes "49.90". Only a single comma between digits is read so; in English a comma stays what it is (refused).
 */
export function decimalText(typed: string, locale: Locale): string {
  return locale === "sv" && /^[+-]?\d+,\d+$/.test(typed) ? typed.replace(",", ".") : typed;
}

/** The order form's fields that hold numbers (a row's quantity, price, discount and VAT), for decimalsRetyped. */
export function isOrderDecimalField(name: string): boolean {
  const field = /^rows\.\d+\.(\w+)$/.exec(name)?.[1];
  return field !== undefined && DECIMAL_ROW_FIELDS.has(field as RowField);
}

/**
 * A form typed on a page in `from`, as it would have been typed in `to`: its numbers (the fields `isDecimal` names)
 * written as `to` writes them ("59,90" in Swedish is "59.90" in English); anything that is no number as it is. A
 * refused form shown again after a language switch is read so, and so its host checks are made again.
 */
export function decimalsRetyped<T>(body: Record<string, T>, from: Locale, to: Locale, isDecimal: (name: string) => boolean): Record<string, T | string> {
  if (from === to) return body;
  return Object.fromEntries(Object.entries(body).map(([name, value]) => [name, isDecimal(name) && typeof value === "string" ? displayDecimal(decimalText(value.trim(), from), to) : value]));
}

/** The value a row field is shown with: decimals may be numbers in a stored order. */
export function rowFieldText(row: OrderRow | undefined, field: RowField): string {
  const value = row?.[field];
  return value === undefined || value === null ? "" : String(value);
}

/**
 * `offeredMethods`: the payment methods the form's list offers. A posted value outside it (a hand-made post) is
 * refused, unless it is the one the order already has (stored through the API with another method: it keeps saving).
 */
export function parseOrderForm(body: FormBody, base: HostOrder, locale: Locale, offeredMethods?: readonly string[]): ParsedOrderForm {
  const errors: Refusal[] = [];
  // The message names the field as the form labels it ("Rad 1: À-pris"); `field` keeps the path for the page's links.
  const invalid = (field: string, rule: string, problem: string) =>
    errors.push({ code: "form-invalid", field, rule, message: uiMessage(locale, "form-field-invalid", { field: fieldControl(field, locale, false, "")?.label ?? field, problem }) });

  // As typed: the order's rule takes "se" as SE (the plugin reads it so), and a refused code comes back as the clerk wrote it.
  const customer: CustomerCard = { ...base.customer, countryCode: text(body, "customer.countryCode") };
  for (const field of CUSTOMER_FIELDS) {
    if (field === "countryCode") continue;
    const value = text(body, `customer.${field}`);
    if (value !== "") customer[field] = value;
    else if (field === "name") delete customer.name;
    else customer[field] = null;
  }
  const customerType = text(body, "customer.customerType");
  if (customerType === "private" || customerType === "company") customer.customerType = customerType;
  if (customer.countryCode === "") invalid("customer.countryCode", "required", uiMessage(locale, "problem-required"));
  // The order schema's rule, checked here so its refusal names the field as the form's others do.
  else if (!COUNTRY_CODE.test(customer.countryCode)) invalid("customer.countryCode", "pattern", fieldProblem({ path: "customer.countryCode", rule: "pattern", message: "", params: { pattern: COUNTRY_CODE.source } }, locale));

  // An unknown currency is named as such, once; its rows' prices are not then refused as "no number".
  const currency = currencyOf(body, base);
  const currencyKnown = isKnownCurrency(currency);
  if (!currencyKnown) invalid("currency", "enum", uiMessage(locale, "problem-currency-unknown", { value: currency.length > 24 ? `${currency.slice(0, 20)}…` : currency }));

  const rows: OrderRow[] = [];
  const priced: PricedRow[] = [];
  const rowCount = Object.keys(body).filter((k) => /^rows\.\d+\.name$/.test(k)).length;
  // A row the order had keeps its number (posted beside it: an ERP's own 10, 20 renumbered 1, 2 would change what Svea
  // was sent, and a save that changed nothing would re-issue the link). A new row, or a number posted twice, follows the
  // highest in use; a post that carries no numbers at all (a page from before them) numbers its rows by place.
  const postedRowNumber = (i: number): number | undefined => {
    const posted = text(body, `rows.${i}.rowNumber`);
    return /^[1-9]\d{0,8}$/.test(posted) ? Number(posted) : undefined;
  };
  const claimedBy = new Map<number, number>();
  for (let i = 0; i < rowCount; i++) {
    const n = postedRowNumber(i);
    if (n !== undefined && !claimedBy.has(n)) claimedBy.set(n, i);
  }
  const usedRowNumbers = new Set<number>();
  let nextRowNumber = Math.max(0, ...claimedBy.keys()) + 1;
  const rowNumberOf = (i: number, place: number): number => {
    const posted = postedRowNumber(i);
    const byPlace = claimedBy.size === 0 && !usedRowNumbers.has(place);
    const chosen = posted !== undefined && claimedBy.get(posted) === i ? posted : byPlace ? place : nextRowNumber;
    usedRowNumbers.add(chosen);
    nextRowNumber = Math.max(nextRowNumber, chosen + 1);
    return chosen;
  };
  for (let i = 0; i < rowCount; i++) {
    const value = (field: RowField) => text(body, rowFieldName(i, field));
    const decimal = (field: RowField) => decimalText(value(field), locale);
    if (ROW_FIELDS.every((f) => value(f) === "")) continue;
    const row: OrderRow = {
      rowNumber: rowNumberOf(i, rows.length + 1),
      articleNumber: value("articleNumber") || null,
      name: value("name"),
      quantity: decimal("quantity") || "1",
      unit: value("unit") || null,
      unitPrice: decimal("unitPrice"),
      discountPercent: decimal("discountPercent") || null,
      vatPercent: decimal("vatPercent"),
    };
    rows.push(row);
    // A refusal names the row by its place among the rows kept, where the refused page shows it: an emptied row before
    // it is dropped, so the place it was posted at (`i`) would name and mark the row below.
    const at = rows.length - 1;
    if (row.name === "") invalid(rowFieldName(at, "name"), "required", uiMessage(locale, "problem-required"));
    const amount = (field: RowField, read: (v: string) => { value: bigint; exact: boolean }, digits: number): number | undefined => {
      const raw = rowFieldText(row, field);
      if (raw === "") return undefined;
      // Messages quote the field as the clerk typed it (a Swede's "0,333"), not as it is read ("0.333").
      const typed = value(field);
      const quoted = typed.length > 24 ? `${typed.slice(0, 20)}…` : typed;
      try {
        const { value, exact } = read(raw);
        // The total is the sum of what was typed, to the öre: an amount it could only round is refused, not rounded.
        if (!exact) {
          invalid(rowFieldName(at, field), "multipleOf", uiMessage(locale, "problem-too-many-decimals", { value: quoted, digits }));
          return undefined;
        }
        // Exact as a bigint, but the total is summed in safe integers: a 400-digit price is refused, not a crash.
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
          invalid(rowFieldName(at, field), "maximum", uiMessage(locale, "problem-too-large", { value: quoted }));
          return undefined;
        }
        return Number(value);
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
        invalid(rowFieldName(at, field), "decimal", uiMessage(locale, "problem-decimal", { value: typed }));
        return undefined;
      }
    };
    for (const field of ["unitPrice", "vatPercent"] as const) {
      if (rowFieldText(row, field) === "") invalid(rowFieldName(at, field), "required", uiMessage(locale, "problem-required"));
    }
    const unitPrice = currencyKnown ? amount("unitPrice", (v) => toMinorUnits(v, currency), currencyMinorDigits(currency)) : undefined;
    const quantity = amount("quantity", toHundredths, 2);
    const vatPercent = amount("vatPercent", toHundredths, 2);
    const discountPercent = amount("discountPercent", toHundredths, 2);
    if (unitPrice !== undefined && quantity !== undefined && vatPercent !== undefined) priced.push({ unitPrice, quantity, vatPercent, discountPercent: discountPercent ?? null });
  }
  if (rows.length === 0) invalid("rows", "minItems", uiMessage(locale, "problem-no-rows"));

  // The form shows the order's own price basis; a post without it (an older page) keeps it.
  const basis = text(body, "pricesIncludeVat");
  const pricesIncludeVat = basis === "true" ? true : basis === "false" ? false : base.pricesIncludeVat;
  const paymentMethod = text(body, "paymentMethod");
  if (offeredMethods && paymentMethod !== "" && paymentMethod !== base.paymentMethod && !offeredMethods.includes(paymentMethod)) {
    invalid("paymentMethod", "enum", uiMessage(locale, "problem-not-offered", { value: paymentMethod.length > 24 ? `${paymentMethod.slice(0, 20)}…` : paymentMethod }));
  }
  const number = text(body, "number");
  if (number === "") invalid("number", "required", uiMessage(locale, "problem-required"));
  const totalKnown = rows.length > 0 && priced.length === rows.length;
  // The total is the ERP's own: a save that changed none of what it is made of keeps it, so an order whose ERP rounds
  // otherwise (once, per VAT step) is not changed, its link replaced and the customer texted, by a save of nothing.
  const sameAmounts =
    currency === base.currency &&
    pricesIncludeVat === base.pricesIncludeVat &&
    rows.length === base.rows.length &&
    rows.every((row, i) => AMOUNT_ROW_FIELDS.every((field) => rowFieldText(row, field) === rowFieldText(base.rows[i], field)));
  const computed = () => formatMinor(pricesIncludeVat ? orderTotalMinor(priced) : netOrderTotalMinor(priced), currency);
  const total = !totalKnown || sameAmounts ? base.total : computed();
  const order: HostOrder = {
    ...base,
    number: number || base.number,
    paymentMethod: paymentMethod || base.paymentMethod,
    currency,
    pricesIncludeVat,
    customer,
    rows,
    total,
  };
  return { order, totalKnown, errors };
}

/** Whether `currency` is an ISO 4217 code the money functions know. */
function isKnownCurrency(currency: string): boolean {
  try {
    currencyMinorDigits(currency);
    return true;
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return false;
  }
}

function currencyOf(body: FormBody, base: HostOrder): string {
  // As posted: the select sends the code itself, and a hand-made "sek" is refused as unknown rather than changed unsaid.
  return text(body, "currency") || base.currency;
}
