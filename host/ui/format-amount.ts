// Amounts as the clerk reads them: the wire's decimal point becomes a comma in Swedish ("215,90 SEK", "1,5").
import type { Decimal, Locale } from "../../plugin/host-contract/host-contract-types.js";

export function displayAmount(amount: Decimal, currency: string, locale: Locale): string {
  return `${displayDecimal(String(amount), locale)} ${currency}`;
}

/** A decimal as the clerk writes it: "49.90" is "49,90" in Swedish; anything else (a name, a number the form refused) as it is. */
export function displayDecimal(text: string, locale: Locale): string {
  return locale === "sv" && /^-?\d+\.\d+$/.test(text) ? text.replace(".", ",") : text;
}
