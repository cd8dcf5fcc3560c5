// The Svea Instore client's public surface: the interface, the fetch-based factory, its options and its errors.
export type { CallOptions, CancelResult, CreateOrderOptions, CreateOrderResult, PollSlotStore, SveaInstoreClient } from "./svea-instore-client.js";
export { createSveaInstoreClient, SVEA_ACCEPT_HEADER } from "./http-svea-instore-client.js";
export {
  SVEA_INSTORE_BASE_URLS,
  SveaClientOptionsError,
  type SveaClientLogger,
  type SveaEnvironment,
  type SveaInstoreClientOptions,
} from "./svea-instore-client-options.js";
export { InMemoryPollSlotStore } from "./in-memory-poll-slot-store.js";
export {
  SveaAuthError,
  SveaDuplicateOrderError,
  SveaInstoreError,
  SveaNotFoundError,
  SveaRateLimitedError,
  SveaUnavailableError,
  SveaUnexpectedResponseError,
  SveaValidationError,
  isSveaInstoreError,
  type Locale,
  type LocalizedMessages,
  type SveaCallKind,
  type SveaErrorCode,
  type UnavailableCause,
} from "./svea-instore-errors.js";
