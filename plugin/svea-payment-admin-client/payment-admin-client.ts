// The narrow interface the plugin's after-payment use cases depend on; the HTTP client and test fakes both satisfy it.
import type { PaymentAdminCreditCreated, PaymentAdminDeliveryCreated, PaymentAdminOrder } from "../../common/svea-payment-admin-types.js";

export interface PaymentAdminCallOptions {
  signal?: AbortSignal;
}

/** Every method rejects only with PaymentAdminError. Orders are keyed by Svea's paymentOrderId. */
export interface SveaPaymentAdminClient {
  /** The order with its rows (Svea's row ids), deliveries and status. Retried while Svea is unavailable. */
  getOrder(paymentOrderId: number, options?: PaymentAdminCallOptions): Promise<PaymentAdminOrder>;
  /** Delivers these rows; an empty list delivers everything not yet delivered. Never retried blindly. */
  deliver(paymentOrderId: number, orderRowIds: readonly number[], options?: PaymentAdminCallOptions): Promise<PaymentAdminDeliveryCreated>;
  /** Cancels an order nothing of which is delivered (`PATCH {"isCancelled":true}`). Safe to retry. */
  cancel(paymentOrderId: number, options?: PaymentAdminCallOptions): Promise<void>;
  /** Credits whole delivered rows of one delivery. Never retried blindly. */
  credit(paymentOrderId: number, deliveryId: number, orderRowIds: readonly number[], options?: PaymentAdminCallOptions): Promise<PaymentAdminCreditCreated>;
}
