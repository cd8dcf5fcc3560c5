// Picks the plugin's store: the host's storage when it lends one, otherwise the embedded journaled lowdb store.
import type { HostStorage } from "../host-contract/plugin-api.js";
import { DocumentPluginStore } from "./document-plugin-store.js";
import { JournalPluginStore, type JournalPluginStoreOptions } from "./journal-plugin-store.js";
import { LowdbDocumentStorage, type LowdbDocumentStorageOptions } from "./lowdb-document-storage.js";
import type { PluginStore } from "./plugin-store.js";

export function createHostStoragePluginStore(storage: HostStorage): PluginStore {
  return new DocumentPluginStore(storage);
}

/** The embedded store: in-memory state, an append-only journal, and a lowdb snapshot it is compacted into. */
export function createEmbeddedPluginStore(options: JournalPluginStoreOptions = {}): JournalPluginStore {
  return new JournalPluginStore(options);
}

/** The name activate and hosts already use for the embedded store; now the journaled one (it migrates the sharded layout). */
export const createLowdbPluginStore = createEmbeddedPluginStore;

/**
 * The earlier embedded store: documents in 64 lowdb shard files, each rewritten (temp + rename) per write. Kept for
 * comparison and for hosts that want it; the embedded default takes over its data dir on first open.
 */
export function createShardedLowdbPluginStore(options: LowdbDocumentStorageOptions = {}): PluginStore {
  const storage = new LowdbDocumentStorage(options);
  return new DocumentPluginStore(storage, () => storage.close());
}
