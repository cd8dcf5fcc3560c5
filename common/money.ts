// Exact money arithmetic shared by the plugin and the mock: decimal parsing, minor units, VAT and Svea row totals.
// Every intermediate is a bigint; a float never touches a price.

/** Thrown when a value cannot be read as an exact decimal amount. */
export class MoneyError extends Error {
  override readonly name = "MoneyError";
  constructor(
    readonly reason: "not-a-decimal" | "unknown-currency" | "too-precise" | "out-of-range",
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** An exact decimal: `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** Reads `"12.50"`, `"-3"`, `12.5` exactly. Numbers go through their shortest decimal spelling, never through arithmetic. */
export function parseDecimal(value: string | number): Decimal {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new MoneyError("not-a-decimal", `${value} is not a finite number`);
    text = String(value);
    if (/e/i.test(text)) text = expandExponent(text);
  } else {
    text = value.trim();
  }
  const small = smallDecimal(text);
  if (small) return small;
  const m = DECIMAL.exec(text);
  if (!m) throw new MoneyError("not-a-decimal", `"${String(value)}" is not a decimal number`);
  const [, sign, whole, frac = ""] = m;
  const units = BigInt(`${whole}${frac}`) * (sign === "-" ? -1n : 1n);
  return { units, scale: frac.length };
}

/**
 * The common case, read without the pattern and without parsing a BigInt from text (both showed in a save's
 * profile): what DECIMAL accepts, with at most 15 digits, so the digits add up exactly in a float. Anything else
 * (longer, or not a decimal) is left to the pattern. A test checks both ways agree.
 */
function smallDecimal(text: string): Decimal | undefined {
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 43 || first === 45) {
    negative = first === 45;
    i = 1;
  }
  let n = 0;
  let digits = 0;
  let scale = -1; // -1 until the decimal point
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0 && digits > 0) {
      scale = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15 || scale === 0) return undefined;
  const units = BigInt(n);
  return { units: negative ? -units : units, scale: scale < 0 ? 0 : scale };
}

function expandExponent(text: string): string {
  const [mantissa = "", expText = "0"] = text.toLowerCase().split("e");
  const exp = Number(expText);
  const neg = mantissa.startsWith("-");
  const [w = "", f = ""] = mantissa.replace(/^[-+]/, "").split(".");
  const digits = w + f;
  const point = w.length + exp;
  let out: string;
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? "-" : "") + out;
}

/** Integer division rounding half away from zero (commercial rounding). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) return divRound(-numerator, -denominator);
  const neg = numerator < 0n;
  const abs = neg ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return neg ? -q : q;
}

const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 41 }, (_, k) => 10n ** BigInt(k));

/** 10^k as a bigint (a table for the usual exponents); a negative or fractional k throws as `10n ** BigInt(k)` does. */
export function pow10(k: number): bigint {
  return POWERS_OF_TEN[k] ?? 10n ** BigInt(k);
}

/** Rescales a decimal to `scale` places. `exact` is false when rounding (half away from zero) changed the value. */
export function rescale(d: Decimal, scale: number): { value: bigint; exact: boolean } {
  if (d.scale <= scale) return { value: d.units * pow10(scale - d.scale), exact: true };
  const divisor = pow10(d.scale - scale);
  const value = divRound(d.units, divisor);
  return { value, exact: value * divisor === d.units };
}

const minorDigitsCache = new Map<string, number>();
let currencies: ReadonlySet<string> | undefined;

function knownCurrencies(): ReadonlySet<string> {
  return (currencies ??= new Set(Intl.supportedValuesOf("currency")));
}

/** Minor-unit digits of an ISO 4217 currency (SEK 2, JPY 0), from the runtime's ICU data. */
export function currencyMinorDigits(currency: string): number {
  const cached = minorDigitsCache.get(currency);
  if (cached !== undefined) return cached;
  // Intl formats any three letters as a 2-digit currency, so a made-up code must be refused against the known list.
  if (!/^[A-Z]{3}$/.test(currency) || !knownCurrencies().has(currency))
    throw new MoneyError("unknown-currency", `"${currency}" is not an ISO 4217 code`);
  let digits: number;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new MoneyError("unknown-currency", `"${currency}" is not an ISO 4217 code`);
  }
  minorDigitsCache.set(currency, digits);
  return digits;
}

/** A decimal amount in a currency's major unit ("12.50" SEK) as minor units (1250). */
export function toMinorUnits(amount: string | number, currency: string): { value: bigint; exact: boolean } {
  return rescale(parseDecimal(amount), currencyMinorDigits(currency));
}

/** A decimal quantity ("1.5") as Svea's hundredths (150). */
export function toHundredths(value: string | number): { value: bigint; exact: boolean } {
  return rescale(parseDecimal(value), 2);
}

/** Minor units as a decimal string in the major unit: 1250n, SEK → "12.50". */
export function formatMinor(minor: bigint | number, currency: string): string {
  return formatScaled(minor, currencyMinorDigits(currency));
}

/** Svea's hundredths (of a quantity) as a decimal string: 150 → "1.50". */
export function formatHundredths(hundredths: bigint | number): string {
  return formatScaled(hundredths, 2);
}

/** An integer `value` / 10^digits as a decimal string, exactly (no float division). */
function formatScaled(value: bigint | number, digits: number): string {
  const v = BigInt(value);
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const frac = abs.slice(abs.length - digits);
  return `${neg ? "-" : ""}${whole}${digits > 0 ? `.${frac}` : ""}`;
}

/** A net (VAT-exclusive) amount plus VAT in hundredths of a percent (2500 = 25 %), rounded half away from zero. */
export function grossFromNet(netMinor: bigint, vatHundredths: number): bigint {
  return divRound(netMinor * BigInt(10000 + vatHundredths), 10000n);
}

/** The VAT contained in a VAT-inclusive amount. */
export function vatOfGross(grossMinor: bigint, vatHundredths: number): bigint {
  return divRound(grossMinor * BigInt(vatHundredths), BigInt(10000 + vatHundredths));
}

/** The fields of a Svea order row that decide its amount. */
export interface PricedRow {
  quantity: number;
  unitPrice: number;
  discountPercent?: number | null;
  discountAmount?: number | null;
  vatPercent: number;
}

/**
 * How this project computes a Svea row total (Svea documents no rounding; see README "Choices"):
 * unitPrice × quantity / 100, rounded half away from zero; then discountPercent (hundredths of a percent)
 * taken off that and rounded again, or discountAmount (minor units, whole row) subtracted.
 */
export function rowTotalMinor(row: PricedRow): bigint {
  const gross = divRound(BigInt(row.unitPrice) * BigInt(row.quantity), 100n);
  if (row.discountPercent) return gross - divRound(gross * BigInt(row.discountPercent), 10000n);
  if (row.discountAmount) return gross - BigInt(row.discountAmount);
  return gross;
}

/** The order total Svea charges: the sum of the row totals. */
export function orderTotalMinor(rows: readonly PricedRow[]): bigint {
  let total = 0n;
  for (const row of rows) total += rowTotalMinor(row);
  return total;
}

/**
 * The VAT-inclusive total of rows priced net (VAT-exclusive), summed exactly and rounded once, half away from zero:
 * Σ unitPrice × quantity × (1 − discountPercent) × (1 + VAT). 300 × 1.37 at 25 % is 513.75.
 */
export function netOrderTotalMinor(rows: readonly Omit<PricedRow, "discountAmount">[]): bigint {
  let numerator = 0n;
  for (const row of rows) numerator += BigInt(row.unitPrice) * BigInt(row.quantity) * BigInt(10000 - (row.discountPercent ?? 0)) * BigInt(10000 + row.vatPercent);
  return divRound(numerator, 100n * 10000n * 10000n);
}

/** The VAT per rate over the rows, for receipts and the checkout page. */
export function vatByRate(rows: readonly PricedRow[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const row of rows) out.set(row.vatPercent, (out.get(row.vatPercent) ?? 0n) + vatOfGross(rowTotalMinor(row), row.vatPercent));
  return out;
}
