// The embedded store's files: key-value documents spread over a few lowdb JSON shards, each written atomically.
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { Low } from "lowdb";
import { DataFile, JSONFile } from "lowdb/node";
import type { HostStorage } from "../host-contract/plugin-api.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { PRIVATE_DIR_MODE } from "../../common/private-file-modes.js";

export interface LowdbDocumentStorageOptions {
  /** The store's main file; shards live beside it as `<name>.shard-NN.json`. Default ./data/svea-instore-plugin.json. */
  file?: string;
  /** How many shard files the documents are spread over. Fixed once the store exists (kept in the main file). */
  shardCount?: number;
}

type Shard = Low<Record<string, unknown>>;
interface MainDocument {
  format: 1;
  shardCount: number;
}

export const DEFAULT_STORE_FILE = "./data/svea-instore-plugin.json";
export const DEFAULT_SHARD_COUNT = 64;

/**
 * Why shards: a save writes its order's document a few times (intent before each Svea call, the answer after). One
 * JSON file holding every order would be rewritten whole each time and grow with history; a shard holds ~1/N of the
 * orders, so a write stays small. lowdb (via steno) writes each shard to a temp file and renames it, so a crash never
 * leaves a torn file, and coalesces writes that arrive while one is in flight. It does not fsync: a power cut may lose
 * the last writes (a process crash does not). Use the host's storage or a database where that matters.
 */
export class LowdbDocumentStorage implements HostStorage {
  private readonly keyLocks = new KeyedMutex();
  private shards: Shard[] | undefined;
  private opening: Promise<Shard[]> | undefined;
  readonly file: string;

  constructor(private readonly options: LowdbDocumentStorageOptions = {}) {
    this.file = options.file ?? DEFAULT_STORE_FILE;
  }

  async read<T>(key: string): Promise<T | undefined> {
    const shard = await this.shardFor(key);
    return shard.data[key] as T | undefined;
  }

  async update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>): Promise<T> {
    return this.keyLocks.run(key, async () => {
      const shard = await this.shardFor(key);
      const next = await fn(shard.data[key] as T | undefined);
      shard.data[key] = next;
      await shard.write();
      return next;
    });
  }

  /** Waits for writes in flight; lowdb keeps nothing else open. */
  async close(): Promise<void> {
    const shards = await this.opening;
    if (shards) await Promise.all(shards.map((s) => s.write()));
  }

  private async shardFor(key: string): Promise<Shard> {
    this.opening ??= this.open();
    const shards = this.shards ?? (await this.opening);
    return shards[fnv1a(key) % shards.length]!;
  }

  private async open(): Promise<Shard[]> {
    await mkdir(dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const main = new Low<MainDocument>(new JSONFile<MainDocument>(this.file), {
      format: 1,
      shardCount: this.options.shardCount ?? DEFAULT_SHARD_COUNT,
    });
    const existed = await fileExists(this.file);
    await main.read();
    if (!existed) await main.write();
    const stem = basename(this.file).replace(/\.json$/, "");
    const shards = await Promise.all(
      Array.from({ length: main.data.shardCount }, async (_, i) => {
        // Compact JSON: shards are machine files, and indentation would double what every write stringifies.
        const shard = new Low<Record<string, unknown>>(
          new DataFile(join(dirname(this.file), `${stem}.shard-${String(i).padStart(2, "0")}.json`), { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }),
          {},
        );
        await shard.read();
        return shard;
      }),
    );
    this.shards = shards;
    return shards;
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

/** A stable, fast string hash (32-bit FNV-1a) so a key always lands in the same shard. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
