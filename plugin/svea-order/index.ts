// Building the Svea Instore order for a payment link: the request, its fingerprint and the merchantOrderNumber.
export { buildSveaOrder, type BuildResult, type BuildSveaOrderInput } from "./build-svea-order.js";
export { countryRulesOf, formatVatHundredths, SVEA_INSTORE_COUNTRIES, type CountryRules, type SveaInstoreCountry } from "./country-rules.js";
export { makeMerchantOrderNumber, MERCHANT_ORDER_NUMBER_MAX, MERCHANT_ORDER_NUMBER_PATTERN } from "./merchant-order-number.js";
export { orderFingerprint } from "./order-fingerprint.js";
export { maskNationalId } from "./preset-values.js";
export { cutToLimit, SVEA_TEXT_LIMITS } from "./text-limits.js";
export { formatAmount, inLocale, vatInLocale, vatListInLocale } from "./amount-format.js";
export { hostTotalMinor, isRoundingRow } from "./order-total-check.js";
export { MAX_UNIT_PRICE } from "./order-rows.js";
