// The rules Svea checks against the merchant's Instore account, beyond the JSON Schema: country, currency, VAT, order total.
import type { FieldError } from "../common/json-schema-validator.js";
import { checkOrderTotal } from "../common/order-total-rule.js";
import type { CreateOrderRequest, OrderItem } from "../common/svea-instore-types.js";
import type { CountryConfig, Merchants } from "./merchants-config.js";
import type { MerchantConfig } from "./mock-svea-schemas.js";

export type RulesResult = { ok: true; country: CountryConfig; currency: string } | { ok: false; errors: FieldError[] };

/** VAT rates are per country; a row whose rate the country does not have is refused, naming the row. */
export function checkVatRates(items: readonly OrderItem[], country: CountryConfig, listPath: string): FieldError[] {
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    if (!country.vatPercents.includes(item.vatPercent)) {
      const valid = country.vatPercents.map((v) => `${v / 100} %`).join(", ");
      errors.push({ path: `${listPath}[${i}].vatPercent`, rule: "vatRate", message: `${item.vatPercent / 100} % is not a VAT rate of ${country.countryCode} (valid: ${valid})` });
    }
  });
  return errors;
}

export function checkCreateOrderRules(merchants: Merchants, merchant: MerchantConfig, request: CreateOrderRequest): RulesResult {
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
  errors.push(...checkVatRates(request.orderItems, country, "orderItems"), ...checkOrderTotal(request.orderItems));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, country, currency: country.currency };
}
