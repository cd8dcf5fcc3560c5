// What every use case is given: the store, Svea, the host's orders, time, logging and the settings, as interfaces.
import type { Clock } from "../../common/clock.js";
import type { OrdersPort, PluginLogger } from "../host-contract/plugin-api.js";
import type { ResolvedSettings } from "../settings/index.js";
import type { PluginStore } from "../store/index.js";
import type { SveaInstoreClient } from "../svea-client/svea-instore-client.js";
import type { SveaPaymentAdminClient } from "../svea-payment-admin-client/payment-admin-client.js";

export const SVEA_INSTORE_PAYMENT_METHOD = "svea-instore";

export interface UseCaseDeps {
  store: PluginStore;
  /** Absent when the account is not configured: nothing can be sent to Svea then. */
  svea: SveaInstoreClient | undefined;
  /** Svea Payment Admin, when its credentials are set: deliveries, annulling an undelivered order, settling lost answers. */
  paymentAdmin?: SveaPaymentAdminClient;
  orders: OrdersPort;
  clock: Clock;
  logger: PluginLogger;
  settings: ResolvedSettings;
  /** The callbackUri for a link (carries the HMAC token; never log it). */
  callbackUrlFor(merchantOrderNumber: string): string;
  /** Unique ids for intents; injectable so tests can predict them. */
  newId(): string;
}

/** Svea answers 403 to status polls of one order closer than this. */
export const STATUS_POLL_GAP_MS = 5_000;
