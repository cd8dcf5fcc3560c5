// The plugin's use cases: each decides one thing, with its dependencies passed in as interfaces.
export { checkPayment } from "./check-payment.js";
export { clockDeadline, DeadlineExceededError, type Deadline } from "./clock-deadline.js";
export { deleteOrder } from "./delete-order.js";
export { expireLinks, type ExpireLinksSummary } from "./expire-links.js";
export { AccountNotConfiguredError, linkAfterStatus } from "./link-operations.js";
export { toPaymentStateUpdate, toPaymentView } from "./payment-view.js";
export { paymentViews } from "./payment-views.js";
export { pickingFilter } from "./picking-filter.js";
export { processCallback, type CallbackOutcome } from "./process-callback.js";
export { reconcile, type ReconcileSummary } from "./reconcile.js";
export { refuse, saveOrder } from "./save-order.js";
export { nearMissPaymentMethod } from "./payment-method-near-miss.js";
export { classifySveaFailure, type SveaFailure } from "./svea-failure.js";
export { SVEA_INSTORE_PAYMENT_METHOD, STATUS_POLL_GAP_MS, type UseCaseDeps } from "./use-case-deps.js";
export { verifyCredentials } from "./verify-credentials.js";
