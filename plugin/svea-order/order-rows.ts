// Turns the host's rows into Svea order items exactly: hundredths for quantities and percentages, VAT-inclusive minor units for prices.
import { fieldProblem } from "../../common/field-problem-text.js";
import { divRound, parseDecimal, pow10, rescale, rowTotalMinor, type Decimal } from "../../common/money.js";
import type { OrderItem } from "../../common/svea-instore-types.js";
import type { OrderRow } from "../host-contract/host-contract-types.js";
import { formatAmount, inLocale, vatListInLocale } from "./amount-format.js";
import type { CountryRules } from "./country-rules.js";
import type { OrderFindings } from "./order-findings.js";
import { cutToLimit, SVEA_TEXT_LIMITS } from "./text-limits.js";

const MAX_QUANTITY = 9_999_999n; // hundredths, Svea's 7 digits
/** Svea's largest unit price: 13 digits of minor units. */
export const MAX_UNIT_PRICE = 9_999_999_999_999n;
/**
 * The most an order's total, and any one row's total (either way), may be: the unit price's 13 digits of minor units
 * (99,999,999,999.99 SEK). Svea documents no limit on a total; without one, 10 rows of 99,999.99 × 99,999,999,999.99
 * came to more than Svea's .NET long holds, and Payment Admin's amounts (JSON numbers) past 2^53 are not exact. The
 * project's choice (README "Choices where Svea documents nothing"), far below Number.MAX_SAFE_INTEGER.
 */
export const MAX_TOTAL = MAX_UNIT_PRICE;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export interface RowContext {
  currency: string;
  /** Minor-unit digits of the currency (2 for SEK). */
  digits: number;
  country: CountryRules;
  countryCode: string;
  pricesIncludeVat: boolean;
}

/** One item for Svea, with the exact amount the host's row stands for. */
export interface ConvertedRow {
  item: OrderItem;
  /** The row's exact VAT-inclusive amount after discount, in minor units: exactNumerator / 10^exactScale. */
  exactNumerator: bigint;
  exactScale: number;
}

/** The items Svea receives for the host's rows; refusals and fix-ups go to `findings`. */
export function convertRows(rows: readonly OrderRow[], ctx: RowContext, findings: OrderFindings): ConvertedRow[] {
  const out: ConvertedRow[] = [];
  // Svea's rowNumber (the host's, or the row's position) is how a paid row is found again to credit or deliver it:
  // two rows with one number would make a credit of one take the other (another price, another VAT rate).
  const firstWith = new Map<number, number>();
  rows.forEach((row, index) => {
    const rowNumber = row.rowNumber ?? index + 1;
    const first = firstWith.get(rowNumber);
    if (first === undefined) firstWith.set(rowNumber, index);
    else findings.refuse("row-number-duplicate", `rows[${index}].rowNumber`, "uniqueRowNumber", { row: index + 1, rowNumber: String(rowNumber), other: first + 1 });
    const converted = convertRow(row, index, ctx, findings);
    if (converted) out.push(converted);
  });
  return out;
}

function convertRow(row: OrderRow, index: number, ctx: RowContext, findings: OrderFindings): ConvertedRow | undefined {
  const field = (name: string) => `rows[${index}].${name}`;
  const shown = index + 1;
  const errorsBefore = findings.errors.length;

  const quantity = parseDecimal(row.quantity);
  if (quantity.units === 0n) {
    findings.notice("row-skipped", "info", field("quantity"), { row: shown, name: row.name });
    return undefined;
  }
  const hundredths = rescale(quantity, 2);
  if (quantity.units < 0n) findings.refuse("quantity-negative", field("quantity"), "minimum", { row: shown });
  else if (!hundredths.exact || hundredths.value > MAX_QUANTITY)
    findings.refuse("quantity-invalid", field("quantity"), "hundredths", { row: shown, quantity: inLocale(String(row.quantity), findings.locale) });

  const vat = vatHundredthsOf(row.vatPercent, ctx.country);
  if (vat === undefined)
    findings.refuse("vat-invalid", field("vatPercent"), "countryVatRate", {
      row: shown,
      vat: inLocale(String(row.vatPercent), findings.locale),
      country: ctx.countryCode,
      valid: vatListInLocale(ctx.country.vatHundredths, findings.locale),
    });

  const discount = discountHundredthsOf(row.discountPercent);
  if (discount === undefined)
    findings.refuse("discount-invalid", field("discountPercent"), "percent", { row: shown, discount: inLocale(String(row.discountPercent), findings.locale) });

  const rowNumber = row.rowNumber ?? shown;
  if (!Number.isInteger(rowNumber) || rowNumber < INT32_MIN || rowNumber > INT32_MAX)
    findings.refuse("order-invalid", field("rowNumber"), "int32", { field: field("rowNumber"), problem: fieldProblem({ path: field("rowNumber"), rule: "int32", message: "" }, findings.locale) });

  if (findings.errors.length > errorsBefore || vat === undefined || discount === undefined) return undefined;

  const unitPrice = parseDecimal(row.unitPrice);
  const price = grossUnitPrice(unitPrice, vat, ctx);
  if (price.value > MAX_UNIT_PRICE || price.value < -MAX_UNIT_PRICE) {
    // Svea's limit, and the price as typed, written as the clerk's language writes decimals.
    const limit = formatAmount(MAX_UNIT_PRICE, ctx.currency, findings.locale);
    findings.refuse("price-invalid", field("unitPrice"), "range", { row: shown, price: inLocale(String(row.unitPrice), findings.locale), limit });
    return undefined;
  }
  if (price.rounded)
    findings.notice("price-rounded", "warning", field("unitPrice"), {
      row: shown,
      from: inLocale(String(row.unitPrice), findings.locale),
      to: formatAmount(price.value, ctx.currency, findings.locale),
      currency: ctx.currency,
    });

  // Notices in field order (name, unit, article number); keys added in sorted order for the fingerprint (see assembleRequest).
  const name = itemName(row, index, findings);
  const unit = itemUnit(row, index, ctx, findings);
  const articleNumber = row.articleNumber?.trim() ? cutText(row.articleNumber, "articleNumber", index, findings) : undefined;
  const item = {} as OrderItem;
  if (articleNumber !== undefined) item.articleNumber = articleNumber;
  if (discount > 0) item.discountPercent = discount;
  item.name = name;
  item.quantity = Number(hundredths.value);
  item.rowNumber = rowNumber;
  item.unit = unit;
  item.unitPrice = Number(price.value);
  item.vatPercent = vat;

  const amount = rowTotalMinor(item);
  if (amount > MAX_TOTAL || amount < -MAX_TOTAL) {
    const show = (minor: bigint) => formatAmount(minor, ctx.currency, findings.locale);
    findings.refuse("row-total-too-large", `rows[${index}]`, "maximum", { row: shown, amount: show(amount), max: show(MAX_TOTAL) });
    return undefined;
  }
  return { item, ...exactRowAmount(unitPrice, vat, hundredths.value, discount, ctx) };
}

function vatHundredthsOf(value: OrderRow["vatPercent"], country: CountryRules): number | undefined {
  const vat = rescale(parseDecimal(value), 2);
  if (!vat.exact) return undefined;
  const n = Number(vat.value);
  return country.vatHundredths.includes(n) ? n : undefined;
}

function discountHundredthsOf(value: OrderRow["discountPercent"]): number | undefined {
  if (value === null || value === undefined) return 0;
  const d = rescale(parseDecimal(value), 2);
  return d.exact && d.value >= 0n && d.value <= 10000n ? Number(d.value) : undefined;
}

/**
 * The VAT-inclusive unit price in minor units, rounded half away from zero from the exact decimal:
 * gross prices are rescaled; net prices become net × (100 + VAT) / 100 in one exact step.
 * `rounded` is true when the host's price had more decimals than the currency and that changed the value;
 * the ordinary rounding of a net price to a gross one is the documented conversion, not a fix-up.
 */
function grossUnitPrice(price: Decimal, vat: number, ctx: RowContext): { value: bigint; rounded: boolean } {
  const tooPrecise = !rescale(price, ctx.digits).exact;
  if (ctx.pricesIncludeVat) {
    const r = rescale(price, ctx.digits);
    return { value: r.value, rounded: !r.exact };
  }
  const numerator = price.units * BigInt(10000 + vat) * pow10(ctx.digits);
  const denominator = pow10(price.scale) * 10000n;
  const value = divRound(numerator, denominator);
  return { value, rounded: tooPrecise && value * denominator !== numerator };
}

/** The host row's exact amount (no rounding anywhere), as numerator / 10^scale minor units. */
function exactRowAmount(
  price: Decimal,
  vat: number,
  quantityHundredths: bigint,
  discount: number,
  ctx: RowContext,
): { exactNumerator: bigint; exactScale: number } {
  const vatFactor = ctx.pricesIncludeVat ? 10000n : BigInt(10000 + vat);
  return {
    exactNumerator: price.units * vatFactor * pow10(ctx.digits) * quantityHundredths * BigInt(10000 - discount),
    exactScale: price.scale + 10, // 10^4 VAT × 10^2 quantity × 10^4 discount
  };
}

// A whitespace-only text, or one whose first character alone is over the limit, gets the default with a notice.
function itemName(row: OrderRow, index: number, findings: OrderFindings): string {
  const name = row.name.trim() ? cutText(row.name, "name", index, findings) : "";
  if (name.trim()) return name;
  const fallback = cutToLimit(row.articleNumber?.trim() || `#${row.rowNumber ?? index + 1}`, SVEA_TEXT_LIMITS.name).text || "-";
  findings.notice("name-defaulted", "warning", `rows[${index}].name`, { row: index + 1, name: fallback });
  return fallback;
}

function itemUnit(row: OrderRow, index: number, ctx: RowContext, findings: OrderFindings): string {
  const unit = row.unit?.trim() ? cutText(row.unit, "unit", index, findings) : "";
  if (unit.trim()) return unit;
  findings.notice("unit-defaulted", "info", `rows[${index}].unit`, { row: index + 1, unit: ctx.country.defaultUnit });
  return ctx.country.defaultUnit;
}

const CUT_NOTICE = {
  name: "name-truncated",
  unit: "unit-truncated",
  articleNumber: "article-number-truncated",
  merchantData: "merchant-data-truncated",
} as const;

function cutText(text: string, name: keyof typeof SVEA_TEXT_LIMITS, index: number, findings: OrderFindings): string {
  const max = SVEA_TEXT_LIMITS[name];
  const cut = cutToLimit(text, max);
  if (cut.cut) findings.notice(CUT_NOTICE[name], "warning", `rows[${index}].${name}`, { row: index + 1, max, to: cut.text });
  return cut.text;
}
