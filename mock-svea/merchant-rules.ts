// The rules Svea checks against the merchant's Instore account, beyond the JSON Schema: country, currency, VAT, order total.
import type { FieldError } from "../common/json-schema-validator.js";
import { checkOrderTotal } from "../common/order-total-rule.js";
import type { CreateOrderRequest, OrderItem } from "../common/svea-instore-types.js";
import type { CountryConfig, Merchants } from "./merchants-config.js";
import type { MerchantConfig } from "./mock-svea-schemas.js";

export type RulesResult = { ok: true; country: CountryConfig; currency: string } | { ok: false; errors: FieldError[] };

/**
 * VAT rates are per country; a row whose rate the country does not have at `at` (a create's time, or the returned
 * order's creation time) is refused, naming the row. A rate that ended (`formerVatPercents`) counts only before its
 * `until`: Finland's 14 % on an order made in 2025 and its return, never on an order made since 2026-01-01.
 */
export function checkVatRates(items: readonly OrderItem[], country: CountryConfig, listPath: string, at: number): FieldError[] {
  const former = country.formerVatPercents ?? [];
  const validAt = new Set([...country.vatPercents, ...former.filter((f) => at < Date.parse(f.until)).map((f) => f.vatPercent)]);
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    if (!validAt.has(item.vatPercent)) {
      const valid = [...validAt].sort((a, b) => a - b).map((v) => `${v / 100} %`).join(", ");
      const ended = former.find((f) => f.vatPercent === item.vatPercent && at >= Date.parse(f.until));
      errors.push({ path: `${listPath}[${i}].vatPercent`, rule: "vatRate", message: `${item.vatPercent / 100} % is not a VAT rate of ${country.countryCode}${ended ? ` since ${ended.until}` : ""} (valid: ${valid})` });
    }
  });
  return errors;
}

export function checkCreateOrderRules(merchants: Merchants, merchant: MerchantConfig, request: CreateOrderRequest, now: number): RulesResult {
  const country = merchants.country(merchant, request.countryCode);
  if (!country) {
    const configured = merchant.countries.map((c) => c.countryCode).join(", ");
    return { ok: false, errors: [{ path: "countryCode", rule: "merchantCountry", message: `${request.countryCode} is not a country of this Instore account (configured: ${configured})` }] };
  }
  const errors: FieldError[] = [];
  // Choice: the only currency accepted is the country's own (Svea settles Instore in the customer's local currency).
  if (request.currency !== undefined && request.currency !== country.currency) {
    errors.push({ path: "currency", rule: "countryCurrency", message: `${request.currency} is not the currency of ${country.countryCode}; use ${country.currency} or omit currency` });
  }
  errors.push(...checkVatRates(request.orderItems, country, "orderItems", now), ...checkOrderTotal(request.orderItems));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, country, currency: country.currency };
}
