// Amounts in the clerk's language for messages: 1250n SEK → "12,50 SEK" (sv) or "12.50 SEK" (en), never via a float.
import { formatMinor } from "../../common/money.js";
import type { Locale } from "../host-contract/host-contract-types.js";

export function formatAmount(minor: bigint, currency: string, locale: Locale): string {
  const text = formatMinor(minor, currency);
  return `${locale === "sv" ? text.replace(".", ",") : text} ${currency}`;
}
