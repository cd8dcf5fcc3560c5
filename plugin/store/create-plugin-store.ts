// Picks the plugin's store: the host's storage when it lends one, otherwise the embedded lowdb file.
import type { HostStorage } from "../host-contract/plugin-api.js";
import { DocumentPluginStore } from "./document-plugin-store.js";
import { LowdbDocumentStorage, type LowdbDocumentStorageOptions } from "./lowdb-document-storage.js";
import type { PluginStore } from "./plugin-store.js";

export function createHostStoragePluginStore(storage: HostStorage): PluginStore {
  return new DocumentPluginStore(storage);
}

export function createLowdbPluginStore(options: LowdbDocumentStorageOptions = {}): PluginStore {
  const storage = new LowdbDocumentStorage(options);
  return new DocumentPluginStore(storage, () => storage.close());
}
