// Amounts in the clerk's language for messages: 1250n SEK → "12,50 SEK" (sv) or "12.50 SEK" (en), never via a float.
import { formatMinor } from "../../common/money.js";
import type { Locale } from "../host-contract/host-contract-types.js";
import { formatVatHundredths } from "./country-rules.js";

export function formatAmount(minor: bigint, currency: string, locale: Locale): string {
  return `${inLocale(formatMinor(minor, currency), locale)} ${currency}`;
}

/** A decimal text ("1.25") as the clerk writes it: "1,25" in Swedish, "1.25" in English. */
export function inLocale(decimal: string, locale: Locale): string {
  return locale === "sv" ? decimal.replace(".", ",") : decimal;
}

/** A VAT rate in hundredths (1350) as the clerk writes it: "13,5" in Swedish, "13.5" in English. */
export function vatInLocale(hundredths: number, locale: Locale): string {
  return inLocale(formatVatHundredths(hundredths), locale);
}

/**
 * VAT rates as a list the clerk can read back: "0, 10, 13.5, 25.5" in English; in Swedish, whose decimals take the
 * comma, a list holding one with decimals is joined with semicolons ("0; 10; 13,5; 25,5"), never "13,5, 25,5".
 */
export function vatListInLocale(hundredths: readonly number[], locale: Locale): string {
  const separator = locale === "sv" && hundredths.some((rate) => rate % 100 !== 0) ? "; " : ", ";
  return hundredths.map((rate) => vatInLocale(rate, locale)).join(separator);
}
