// Reads a data dir written by the earlier sharded lowdb layout (format 1), so the journaled store takes it over intact.
import { basename, dirname, join } from "node:path";
import { readFileIfPresent } from "../../common/read-file-if-present.js";
import { parseStoreFile } from "./durable-json-file.js";
import { JournalCorruptError, STORE_FILE_ADVICE } from "./journal-segment-reader.js";
import type { OrderPaymentRecord } from "./plugin-store.js";
import { namingStoreFile } from "./store-file-error.js";

export interface ShardedLayoutMain {
  format: 1;
  shardCount: number;
}

export interface MigratedState {
  orders: Map<string, OrderPaymentRecord>;
  links: Map<string, string>;
  pollSlots: Map<string, number>;
  /** Shard files read, to be removed once the state is safely in the new snapshot. */
  shardFiles: string[];
}

export function isShardedLayoutMain(data: unknown): data is ShardedLayoutMain {
  const d = data as Partial<ShardedLayoutMain> | null;
  return d?.format === 1 && typeof d.shardCount === "number";
}

/** Collects the documents `orders/<id>`, `links/<merchantOrderNumber>` and `poll/<merchantOrderNumber>` of every shard. */
export async function readShardedLayout(mainFile: string, main: ShardedLayoutMain): Promise<MigratedState> {
  const stem = basename(mainFile).replace(/\.json$/, "");
  const state: MigratedState = { orders: new Map(), links: new Map(), pollSlots: new Map(), shardFiles: [] };
  for (let i = 0; i < main.shardCount; i++) {
    const path = join(dirname(mainFile), `${stem}.shard-${String(i).padStart(2, "0")}.json`);
    // lowdb creates a shard file only on its first write.
    const text = await namingStoreFile(path, "read", () => readFileIfPresent(path));
    if (text === null) continue;
    // Damage is named like the snapshot's (file, line, column, what to do), never quoting a customer's data.
    const documents = parseStoreFile<unknown>(path, text);
    if (typeof documents !== "object" || documents === null || Array.isArray(documents)) {
      throw new JournalCorruptError(`${path} does not hold a shard of the earlier layout: it must be a JSON object. ${STORE_FILE_ADVICE}`);
    }
    state.shardFiles.push(path);
    for (const [key, value] of Object.entries(documents)) {
      const slash = key.indexOf("/");
      const kind = key.slice(0, slash);
      const id = key.slice(slash + 1);
      if (kind === "orders") state.orders.set(id, value as OrderPaymentRecord);
      else if (kind === "links") state.links.set(id, value as string);
      else if (kind === "poll") state.pollSlots.set(id, value as number);
      // `index/open-work/*` is derived: the journaled store rebuilds it from the orders.
    }
  }
  return state;
}
