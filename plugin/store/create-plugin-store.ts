// Picks the plugin's store: the host's storage when it lends one, otherwise the embedded journaled lowdb store.
import type { HostStorage } from "../host-contract/plugin-api.js";
import { DocumentPluginStore } from "./document-plugin-store.js";
import { JournalPluginStore, type JournalPluginStoreOptions } from "./journal-plugin-store.js";
import type { FsyncPolicy } from "./journal-segment-writer.js";
import { LowdbDocumentStorage, type LowdbDocumentStorageOptions } from "./lowdb-document-storage.js";
import type { PluginStore } from "./plugin-store.js";
import { PostgresPluginStore, type PostgresPluginStoreOptions } from "./postgres-plugin-store.js";
import { envSetting } from "../../common/env-setting.js";

export function createHostStoragePluginStore(storage: HostStorage): PluginStore {
  return new DocumentPluginStore(storage);
}

/** Lets an operator choose the embedded store's fsync policy without a code change (activate passes no options). */
export const FSYNC_ENV_VARIABLE = "SVEA_INSTORE_STORE_FSYNC";
const FSYNC_POLICIES: readonly FsyncPolicy[] = ["never", "batched", "always"];

/**
 * The embedded store: in-memory state, an append-only journal, and a lowdb snapshot it is compacted into. The fsync
 * policy is `options.fsync`, else the SVEA_INSTORE_STORE_FSYNC environment variable, else "never".
 */
export function createEmbeddedPluginStore(options: JournalPluginStoreOptions = {}, env: NodeJS.ProcessEnv = process.env): JournalPluginStore {
  if (options.fsync !== undefined) return new JournalPluginStore(options);
  const fromEnv = fsyncPolicyFromEnv(env);
  return new JournalPluginStore(fromEnv === undefined ? options : { ...options, fsync: fromEnv });
}

/** SVEA_INSTORE_STORE_FSYNC's policy, undefined when unset or empty; throws naming the variable when it is none of them. */
export function fsyncPolicyFromEnv(env: NodeJS.ProcessEnv): FsyncPolicy | undefined {
  const fromEnv = envSetting(env, FSYNC_ENV_VARIABLE);
  if (fromEnv === undefined) return undefined;
  if (!(FSYNC_POLICIES as readonly string[]).includes(fromEnv)) {
    throw new Error(`${FSYNC_ENV_VARIABLE} must be one of ${FSYNC_POLICIES.join(", ")} (got "${fromEnv.slice(0, 100)}")`);
  }
  return fromEnv as FsyncPolicy;
}

/** The name activate and hosts already use for the embedded store; now the journaled one (it migrates the sharded layout). */
export function createLowdbPluginStore(options: JournalPluginStoreOptions = {}): JournalPluginStore {
  return createEmbeddedPluginStore(options);
}

/**
 * The earlier embedded store: documents in 64 lowdb shard files, each rewritten (temp + rename) per write. Kept for
 * comparison and for hosts that want it; the embedded default takes over its data dir on first open.
 */
export function createShardedLowdbPluginStore(options: LowdbDocumentStorageOptions = {}): PluginStore {
  const storage = new LowdbDocumentStorage(options);
  return new DocumentPluginStore(storage, () => storage.close());
}

/** The store for hosts on several machines: one PostgreSQL database every node shares (see PostgresPluginStore). */
export function createPostgresPluginStore(options: PostgresPluginStoreOptions): PostgresPluginStore {
  return new PostgresPluginStore(options);
}
