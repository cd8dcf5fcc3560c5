// The Svea Payment Admin client's public surface: the interface, the fetch-based factory, its options and its error.
export type { PaymentAdminCallOptions, SveaPaymentAdminClient } from "./payment-admin-client.js";
export { createSveaPaymentAdminClient } from "./http-payment-admin-client.js";
export { PaymentAdminClientOptionsError, SVEA_PAYMENT_ADMIN_BASE_URLS, type SveaPaymentAdminClientOptions } from "./payment-admin-client-options.js";
export { PaymentAdminError, type PaymentAdminCallKind, type PaymentAdminErrorCode } from "./payment-admin-errors.js";
