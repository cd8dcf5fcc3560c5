// The plugin's storage: one interface; the embedded journaled store, the earlier sharded lowdb store, and one over the host's storage.
export {
  FSYNC_ENV_VARIABLE,
  createEmbeddedPluginStore,
  createHostStoragePluginStore,
  createLowdbPluginStore,
  createPostgresPluginStore,
  createShardedLowdbPluginStore,
} from "./create-plugin-store.js";
export { StoreLockedError } from "./data-dir-lock.js";
export { DocumentPluginStore } from "./document-plugin-store.js";
export {
  DEFAULT_COMPACT_AFTER_BYTES,
  DEFAULT_FSYNC_POLICY,
  JournalPluginStore,
  type JournalPluginStoreOptions,
  type StoreSnapshot,
} from "./journal-plugin-store.js";
export { JournalCorruptError } from "./journal-segment-reader.js";
export type { FsyncPolicy } from "./journal-segment-writer.js";
export { StoreStoppedError, type StoreHealth } from "./store-stopped-error.js";
export { StoreTooLargeError } from "./durable-json-file.js";
export { StoreFileError, type StoreFileAction } from "./store-file-error.js";
export { KeyedMutex } from "./keyed-mutex.js";
export { DEFAULT_STORE_FILE, LowdbDocumentStorage, type LowdbDocumentStorageOptions } from "./lowdb-document-storage.js";
export { paymentSummaryOf, type OrderPaymentSummary, type SummaryState } from "./order-payment-summary.js";
export { isSettledInFull, mayBeRefundedInFull } from "./after-payment-record.js";
export { isUnconfirmed, orphanedCreates, unsettledCreate, type UnsettledCreate } from "./unsettled-create.js";
export {
  OrderBusyError,
  OrderTakenOverError,
  currentLink,
  hasLeftOverWork,
  expiredHeldActive,
  expiredMayBeActive,
  hasOpenWork,
  isOpenIntent,
  lateCreateWatched,
  type CallbackInboxEntry,
  type IntentEnd,
  type IntentKind,
  type IntentRecord,
  type LinkAmount,
  type LinkFlag,
  type LinkReason,
  type LinkRecord,
  type NewIntent,
  type OrderLockOptions,
  type OrderPaymentRecord,
  type PluginStore,
} from "./plugin-store.js";
export { POSTGRES_MIGRATIONS, migratePostgresSchema } from "./postgres-migrations.js";
export { OrderLeaseLostError } from "./postgres-order-lease.js";
export { PostgresStoreError } from "./postgres-connection-secret.js";
export { DEFAULT_LEASE_MS, DEFAULT_POLL_MARGIN_MS, DEFAULT_POSTGRES_SCHEMA, PostgresPluginStore, type PostgresPluginStoreOptions } from "./postgres-plugin-store.js";
export { FIRINGS_KEPT_MS } from "./schedule-firing-claims.js";
