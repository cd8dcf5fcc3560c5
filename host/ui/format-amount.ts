// Amounts as the clerk reads them: the wire's decimal point becomes a comma in Swedish ("215,90 SEK", "1,5").
import { currencyMinorDigits, MoneyError } from "../../common/money.js";
import type { Decimal, Locale } from "../../plugin/host-contract/host-contract-types.js";

/**
 * An amount with the currency's minor digits, as text only (never through a float): a total the API was given as the
 * JSON number 296.2 (or "296") reads "296,20 SEK", as the form's totals do. More digits than the currency has are shown
 * as given, never cut (the plugin refuses such a total, naming it).
 */
export function displayAmount(amount: Decimal, currency: string, locale: Locale): string {
  return `${displayDecimal(padMinorDigits(String(amount), currency), locale)} ${currency}`;
}

/** A decimal as the clerk writes it: "49.90" is "49,90" in Swedish; anything else (a name, a number the form refused) as it is. */
export function displayDecimal(text: string, locale: Locale): string {
  return locale === "sv" && /^-?\d+\.\d+$/.test(text) ? text.replace(".", ",") : text;
}

function padMinorDigits(text: string, currency: string): string {
  const match = /^(-?\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  let digits: number;
  try {
    digits = currencyMinorDigits(currency);
  } catch (error) {
    if (error instanceof MoneyError) return text;
    throw error;
  }
  const fraction = match[2] ?? "";
  if (fraction.length >= digits) return text;
  return `${match[1]}.${fraction.padEnd(digits, "0")}`;
}
