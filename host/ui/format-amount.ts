// An order's total as the clerk reads it: the wire's decimal point becomes a comma in Swedish ("215,90 SEK").
import type { Decimal, Locale } from "../../plugin/host-contract/host-contract-types.js";

export function displayAmount(amount: Decimal, currency: string, locale: Locale): string {
  const text = String(amount);
  return `${locale === "sv" ? text.replace(".", ",") : text} ${currency}`;
}
