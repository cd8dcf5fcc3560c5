// Makes Svea's total equal the host's VAT-inclusive total to the öre, with a rounding row when per-row rounding cannot.
import { MoneyError, orderTotalMinor, pow10, toMinorUnits } from "../../common/money.js";
import type { OrderItem } from "../../common/svea-instore-types.js";
import type { Decimal as HostDecimal } from "../host-contract/host-contract-types.js";
import { formatAmount, inLocale } from "./amount-format.js";
import { SVEA_INSTORE_COUNTRIES, type CountryRules } from "./country-rules.js";
import type { OrderFindings } from "./order-findings.js";
import { MAX_TOTAL, type ConvertedRow } from "./order-rows.js";

export interface TotalContext {
  currency: string;
  country: CountryRules;
  /** The host's unit prices include VAT; without it a net unit price rounded per unit is off by VAT more once VAT is added. */
  pricesIncludeVat: boolean;
}

/** The host's total in minor units (what Svea is asked to charge), and the rounding row that makes Svea's rows add up to it. */
export interface CheckedTotal {
  totalMinor: bigint;
  roundingRow: OrderItem | undefined;
}

/**
 * Refuses a host total above MAX_TOTAL, naming `total` and the limit; true when it is within it or unreadable (left to
 * checkTotal's own refusal). Checked whatever the rows' own problems, so the clerk sees every limit at once.
 */
export function checkTotalSize(hostTotal: HostDecimal, currency: string, findings: OrderFindings): boolean {
  const host = hostTotalMinor(hostTotal, currency);
  if (host === undefined || host <= MAX_TOTAL) return true;
  const show = (minor: bigint) => formatAmount(minor, currency, findings.locale);
  findings.refuse("total-too-large", "total", "maximum", { total: show(host), max: show(MAX_TOTAL) });
  return false;
}

/**
 * Checks the host's total against its rows and returns it with the rounding row to add, if any; undefined on a refusal.
 *
 * - The host's total must be a whole number of minor units and above zero (and at most MAX_TOTAL: checkTotalSize).
 * - It must lie close to the exact sum of its rows (no rounding anywhere): within 1½ minor units per row, plus ½ per
 *   unit of quantity of a row whose exact unit price (VAT-inclusive, after its discount) is not whole minor units
 *   (× (1 + VAT) when the host's prices exclude VAT: rounded before VAT is added).
 *   That covers an ERP that rounds per row, per unit, per VAT step or once, and catches a total that does not belong
 *   to its rows (`total-mismatch`). Per-unit rounding cannot happen to a whole-öre unit price, so 10,000 units at
 *   1.00 allow 1½ öre, not 50 SEK: a gap that large is no rounding, and must not reach Svea as a 0 % rounding row.
 * - Whatever per-row rounding then leaves between Svea's total and the host's becomes one rounding row:
 *   quantity 1, VAT 0 %, unit price = the difference (may be negative).
 */
export function checkTotal(
  hostTotal: HostDecimal,
  rows: readonly ConvertedRow[],
  ctx: TotalContext,
  findings: OrderFindings,
  /** Every host row's number, sent or not (a quantity-0 text row is not): the rounding row takes none of them. */
  hostRowNumbers: readonly number[] = rows.map((r) => r.item.rowNumber ?? 0),
): CheckedTotal | undefined {
  const host = hostTotalMinor(hostTotal, ctx.currency);
  const show = (minor: bigint) => formatAmount(minor, ctx.currency, findings.locale);
  if (host === undefined) {
    findings.refuse("total-invalid", "total", "minorUnits", { total: inLocale(String(hostTotal), findings.locale), currency: ctx.currency });
    return undefined;
  }
  if (host <= 0n) {
    findings.refuse("total-not-positive", "total", "exclusiveMinimum", { total: show(host) });
    return undefined;
  }
  if (rows.length === 0) {
    findings.refuse("no-rows", "rows", "minItems");
    return undefined;
  }

  const exact = exactSum(rows);
  const deviation = host * exact.denominator - exact.numerator;
  const abs = deviation < 0n ? -deviation : deviation;
  // Worked out only when the total is off at all (most totals are exact): a bigint test per row.
  if (abs !== 0n && 200n * 10000n * abs > rows.reduce((sum, r) => sum + perRowAllowance(r, ctx.pricesIncludeVat), 0n) * exact.denominator) {
    findings.refuse("total-mismatch", "total", "rowsTotal", {
      total: show(host),
      rows: show(roundedHalfAway(exact.numerator, exact.denominator)),
    });
    return undefined;
  }

  const difference = host - orderTotalMinor(rows.map((r) => r.item));
  if (difference === 0n) return { totalMinor: host, roundingRow: undefined };
  // Keys added in sorted order for the fingerprint (see assembleRequest).
  const item = { name: ctx.country.roundingRowName, quantity: 100 } as OrderItem;
  item.rowNumber = freeRowNumber(hostRowNumbers);
  item.unit = ctx.country.defaultUnit;
  item.unitPrice = Number(difference);
  item.vatPercent = 0;
  findings.notice("rounding-row-added", "info", "total", { name: item.name, amount: show(difference), total: show(host) });
  return { totalMinor: host, roundingRow: item };
}

/**
 * The rounding row's number: the one after the highest host row's, or (a host that numbers a row 2,147,483,647, Svea's
 * largest) the lowest positive number no row has. It always has one: crediting every row finds it by its number. A
 * row left out (quantity 0) keeps its number too: a credit or delivery naming it must not reach the rounding row.
 */
function freeRowNumber(hostRowNumbers: readonly number[]): number {
  const taken = new Set(hostRowNumbers);
  const next = Math.max(0, ...taken) + 1;
  if (next <= 2_147_483_647) return next;
  let free = 1;
  while (taken.has(free)) free++;
  return free;
}

/**
 * A row's allowance, in 1/200 of a minor unit scaled by 10^4: 1½ minor units, plus, per unit of quantity when its exact
 * unit price is not whole minor units at some step (rounded per unit by the host), ½ with prices including VAT, and
 * ½ × (1 + VAT) + ½ with net prices: a net unit price rounded before VAT is added is off by ½ × (1 + VAT) once it is
 * added, and by ½ more when the ERP rounds the gross unit price too. The ERP that rounds a net unit price of 16.915 to
 * 16.92 and adds 25 % VAT to 20 of them is 12 öre from the exact 422.88, and is right.
 */
function perRowAllowance(row: ConvertedRow, pricesIncludeVat: boolean): bigint {
  const perUnit = hasFractionalUnitPrice(row, pricesIncludeVat) ? BigInt(row.item.quantity) * (pricesIncludeVat ? 10000n : 20000n + BigInt(row.item.vatPercent)) : 0n;
  return perUnit + 300n * 10000n;
}

/**
 * Whether one unit of the row costs a fraction of a minor unit exactly (a net price, a discount, more decimals) at any
 * step an ERP may round it: before or after its discount (11,878.125 less 13.28 % is 10,300.71 even), and for net
 * prices before or after VAT (7.992 net is 9.99 with 25 %, yet the ERP rounds it to 7.99 first).
 */
function hasFractionalUnitPrice(row: ConvertedRow, pricesIncludeVat: boolean): boolean {
  const quantity = BigInt(row.item.quantity);
  if (quantity === 0n) return false;
  // exactNumerator / 10^exactScale is the row's amount for `quantity` hundredths of a unit, its discount's factor
  // (10000 - discount hundredths, over 10^4) and, for net prices, its VAT factor (10000 + VAT hundredths, over 10^4)
  // included: dividing one out (exactly) gives the amount before that step.
  const fractional = (numerator: bigint, scale: number) => (numerator * 100n) % (pow10(scale) * quantity) !== 0n;
  const steps: [numerator: bigint, scale: number][] = [[row.exactNumerator, row.exactScale]];
  const keep = 10000n - BigInt(row.item.discountPercent ?? 0);
  if (keep !== 0n && keep !== 10000n) steps.push([row.exactNumerator / keep, row.exactScale - 4]);
  if (!pricesIncludeVat) {
    const vat = 10000n + BigInt(row.item.vatPercent);
    for (const [numerator, scale] of [...steps]) steps.push([numerator / vat, scale - 4]);
  }
  return steps.some(([numerator, scale]) => fractional(numerator, scale));
}

const ROUNDING_ROW_NAMES: ReadonlySet<string> = new Set(Object.values(SVEA_INSTORE_COUNTRIES).map((c) => c.roundingRowName));

/** Whether an item is a rounding row as checkTotal makes one: a country's rounding-row name, 0 % VAT, quantity 1. */
export function isRoundingRow(item: OrderItem): boolean {
  return item.vatPercent === 0 && item.quantity === 100 && ROUNDING_ROW_NAMES.has(item.name);
}

/** The host's total in whole minor units of `currency`, or undefined when it is not a decimal or has more digits. */
export function hostTotalMinor(total: HostDecimal, currency: string): bigint | undefined {
  try {
    const minor = toMinorUnits(total, currency);
    return minor.exact ? minor.value : undefined;
  } catch (error) {
    if (error instanceof MoneyError) return undefined;
    throw error;
  }
}

function exactSum(rows: readonly ConvertedRow[]): { numerator: bigint; denominator: bigint } {
  const scale = Math.max(...rows.map((r) => r.exactScale));
  let numerator = 0n;
  for (const r of rows) numerator += r.exactNumerator * pow10(scale - r.exactScale);
  return { numerator, denominator: pow10(scale) };
}

function roundedHalfAway(numerator: bigint, denominator: bigint): bigint {
  const neg = numerator < 0n;
  const abs = neg ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return neg ? -q : q;
}
