// An after-payment refusal: its code, the message in the clerk's language, the field at fault where there is one, and
// the rule broken, as order.save's refusals name theirs beside the field (a host can tell an amount with too many
// decimals from one over what was paid by the rule, not only by the message).
import type { Locale, Refusal } from "../../host-contract/host-contract-types.js";
import { t, type MessageKey } from "../../i18n/index.js";
import type { RefusalCode } from "../../svea-order/order-findings.js";

/** The rule each after-payment refusal code says was broken. */

export const AFTER_PAYMENT_REFUSAL_RULES = {
  "not-paid": "paid",
  "account-not-configured": "accountConfigured",
  "payment-admin-not-configured": "paymentAdminConfigured",
  "order-busy": "orderLock",
  "order-taken-over": "orderLock",
  "already-annulled": "notAnnulled",
  "cancel-may-land": "cancelSettled",
  "cancel-may-land-unread": "cancelSettled",
  "cancel-landed": "paymentStands",
  "other-payment-stands": "requestId",
  "request-id-reused": "unique",
  "earlier-action-carried-out": "notCarriedOut",
  "after-payment-pending": "outcomeKnown",
  "after-payment-unknown-outcome": "outcomeKnown",
  "after-payment-svea": "sveaAccepted",
  "annul-confirmation-required": "confirm",
  "nothing-to-deliver": "undeliveredRows",
  "deliver-row-unknown": "paidRowExists",
  "deliver-row-changed": "paidRow",
  "deliver-row-delivered": "notDelivered",
  "credit-what": "oneOf",
  "credit-nothing": "oneOf",
  "credit-row-unknown": "paidRowExists",
  "credit-row-changed": "paidRow",
  "credit-row-done": "rowRemaining",
  "credit-row-exceeds": "rowRemaining",
  "credit-row-whole": "wholeRow",
  "credit-quantity-invalid": "hundredths",
  "credit-negative": "minimum",
  // Refined where the amount is read (minorUnits, exclusiveMinimum or maximum); this is its default.
  "credit-amount-invalid": "minorUnits",
  "credit-vat-required": "required",
  "credit-vat-invalid": "creditVatRate",
  "credit-exceeds-rate": "rateRemaining",
  "credit-exceeds-paid": "paidRemaining",
} as const satisfies Partial<Record<RefusalCode, string>>;

export type AfterPaymentRefusalCode = keyof typeof AFTER_PAYMENT_REFUSAL_RULES;

export function refusal(
  locale: Locale,
  code: AfterPaymentRefusalCode,
  params?: Record<string, string | number>,
  field?: string,
  options: { rule?: string; message?: MessageKey } = {},
): Refusal {
  const rule = options.rule ?? AFTER_PAYMENT_REFUSAL_RULES[code];
  return { code, rule, message: t(locale, options.message ?? `refusal.${code}`, params), ...(field ? { field } : {}) };
}
