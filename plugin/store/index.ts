// The plugin's storage: one interface, a lowdb file implementation and one over the host's storage.
export { createHostStoragePluginStore, createLowdbPluginStore } from "./create-plugin-store.js";
export { DocumentPluginStore } from "./document-plugin-store.js";
export { KeyedMutex } from "./keyed-mutex.js";
export { DEFAULT_STORE_FILE, LowdbDocumentStorage, type LowdbDocumentStorageOptions } from "./lowdb-document-storage.js";
export {
  OrderBusyError,
  currentLink,
  hasOpenWork,
  type CallbackInboxEntry,
  type IntentEnd,
  type IntentKind,
  type IntentRecord,
  type LinkFlag,
  type LinkReason,
  type LinkRecord,
  type NewIntent,
  type OrderLockOptions,
  type OrderPaymentRecord,
  type PluginStore,
} from "./plugin-store.js";
