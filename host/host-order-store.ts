// The reference host's own order book in lowdb: each HostOrder with its last save's notices and the plugin-reported payment state.
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Low, Memory } from "lowdb";
import type { Clock } from "../common/clock.js";
import { describeJsonSyntaxError } from "../common/json-syntax-position.js";
import type { HostOrder, Locale, Notice, PaymentStateUpdate } from "../plugin/host-contract/host-contract-types.js";
import type { HostStorage, PluginLogger } from "../plugin/host-contract/plugin-api.js";
import type { DataDirLockTiming } from "../common/data-dir-lock.js";
import { HostOrderFile } from "./host-order-file.js";
import { HostOrderFileError } from "./host-order-file-error.js";
import { lockHostOrderFile } from "./host-order-file-lock.js";
import { HostStartupError } from "./host-startup-error.js";
import { startupMessage } from "./host-startup-messages.js";
import { KeyedSerialQueue } from "./keyed-serial-queue.js";
import { PRIVATE_DIR_MODE } from "../common/private-file-modes.js";

/** The payment state as the plugin last reported it through `orders.setPaymentState`. */
export type HostPaymentState = PaymentStateUpdate & { updatedAt: string };

/** One order as the host keeps it. */
export interface HostOrderRecord {
  order: HostOrder;
  savedAt: string;
  /** What the plugin told the clerk on the last accepted save or delete. */
  lastNotices: Notice[];
  /**
   * The language `lastNotices` were given in (the clerk's on that save or delete), so a page in the other one marks
   * them (lang). Absent on a record stored before it was kept: no claim is made about its notices' language.
   */
  noticesLocale?: Locale;
  /** Set when the clerk deleted (cancelled) the order; the row stays so its history can be shown. */
  deletedAt: string | null;
  payment: HostPaymentState | null;
}

interface HostData {
  orders: Record<string, Omit<HostOrderRecord, "payment">>;
  // Kept apart from orders: the plugin may report a state during the first save, before the order itself is stored.
  payments: Record<string, HostPaymentState>;
  pluginStorage: Record<string, unknown>;
}

export interface HostOrderStore {
  get(orderId: string): Promise<HostOrderRecord | undefined>;
  list(): Promise<HostOrderRecord[]>;
  /** `noticesLocale`: the language `notices` are in (see HostOrderRecord.noticesLocale); none claims none. */
  save(order: HostOrder, notices: Notice[], noticesLocale?: Locale): Promise<HostOrderRecord>;
  /**
   * Puts back what `save` replaced when the plugin refused the order saved ahead of its hook: `previous` (the record
   * before), or no order at all. Only if the order is still the one `written` stored; a later save is left alone.
   */
  restore(written: HostOrderRecord, previous: HostOrderRecord | undefined): Promise<void>;
  markDeleted(orderId: string, notices: Notice[], noticesLocale?: Locale): Promise<HostOrderRecord | undefined>;
  setPaymentState(update: PaymentStateUpdate): Promise<void>;
  /**
   * Runs `work` while no other save or delete of this order runs, on any node sharing this order book (an ERP's row
   * lock). A save on one node racing a delete on another would otherwise bring the deleted order back with a new link.
   */
  withOrderLock<T>(orderId: string, work: () => Promise<T>): Promise<T>;
  /** The storage the host lends the plugin: one document per key, updated under a per-key lock. */
  readonly pluginStorage: HostStorage;
}

/** The lowdb order book: it holds its file's lock until closed. */
export interface FileHostOrderStore extends HostOrderStore {
  /** Waits for the writes under way and gives the file's lock back; every later write is refused. Safe to call twice. */
  close(): Promise<void>;
}

export interface HostOrderStoreOptions {
  /** JSON file to keep the orders in; `null` keeps them in memory (tests). */
  file: string | null;
  clock: Clock;
  /** Told of a stale lock taken over, a lock lost to another process, a failed refresh of the lock. */
  logger?: PluginLogger;
  /** The file lock's heartbeat and stale window (tests). */
  lock?: DataDirLockTiming;
}

const emptyData = (): HostData => ({ orders: {}, payments: {}, pluginStorage: {} });

/**
 * Opens the order book. A file is this process's alone while open (`<file>.lock`, see host-order-file-lock.ts): a
 * second host on it would keep its own copy and overwrite this one's orders and payment states with every write, so
 * its open is refused with HostStartupError `data-dir-in-use`.
 */
export async function openHostOrderStore(options: HostOrderStoreOptions): Promise<FileHostOrderStore> {
  /** Why writes are refused from now on: the lock went to another process, or the store was closed. */
  let refusing: "LOCK_LOST" | "CLOSED" | undefined;
  let release: (() => Promise<void>) | undefined;
  if (options.file) {
    await mkdir(dirname(options.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    release = await lockHostOrderFile(options.file, { logger: options.logger, lock: options.lock, onLost: () => void (refusing ??= "LOCK_LOST") });
  }
  const db = new Low<HostData>(options.file ? new HostOrderFile<HostData>(options.file) : new Memory<HostData>(), emptyData());
  try {
    await readOrderFile(db, options.file);
  } catch (error) {
    await release?.();
    throw error;
  }
  // What the file holds: reads see only written data, and a failed write leaves it as it was, so the caller's error
  // means nothing happened (no order a later write would store, no plugin document taken for one already recorded).
  let committed: HostData = { ...emptyData(), ...db.data };
  const data = () => committed;
  const storageLocks = new KeyedSerialQueue();
  // One process owns the file (its lock keeps others off), so an in-process queue is every node's lock.
  const orderLocks = new KeyedSerialQueue();
  // One write at a time: each writes the data as the last successful write left it, plus its own entry.
  const writes = new KeyedSerialQueue();
  const nowIso = () => new Date(options.clock.now()).toISOString();
  // Callers get copies, so nothing they do reaches the stored documents without a write.
  const copy = <T>(value: T): T => structuredClone(value);

  /**
   * Writes `section[key]` as `change` makes it from the stored entry (`undefined` removes it; the entry itself changes
   * nothing), and makes it the stored data only once the file holds it.
   */
  const commit = <S extends keyof HostData>(section: S, key: string, change: (current: HostData[S][string] | undefined) => HostData[S][string] | undefined) =>
    writes.run("file", async () => {
      if (refusing) throw new HostOrderFileError(options.file ?? "(memory)", { code: refusing });
      const current = own(committed[section] as Record<string, HostData[S][string]>, key);
      const value = change(current);
      if (value === current) return;
      if (!options.file) {
        // In memory no write can fail, so the entry changes in place: a copy of the whole section per change made a
        // long run (the soak's thousands of orders, each saved and reported several times) quadratic.
        const entries = committed[section] as Record<string, HostData[S][string]>;
        if (value === undefined) delete entries[key];
        else put(entries, key, value);
        return;
      }
      const entries = { ...committed[section] };
      if (value === undefined) delete entries[key];
      else put(entries, key, value);
      const next: HostData = { ...committed, [section]: entries };
      db.data = next;
      try {
        await db.write();
        committed = next;
      } catch (error) {
        // One typed error with the file and the code: the host logs it as one line, without the write's stack.
        throw new HostOrderFileError(options.file ?? "(memory)", error);
      } finally {
        db.data = committed;
      }
    });

  const record = (orderId: string): HostOrderRecord | undefined => {
    const stored = own(data().orders, orderId);
    if (!stored) return undefined;
    return copy({ ...stored, payment: own(data().payments, orderId) ?? null });
  };

  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= writes.run("file", async () => {
        // In memory nothing outlives the store and no other process can write it: only a file's writes stop.
        if (options.file) refusing ??= "CLOSED";
        await release?.();
      })),
    async get(orderId) {
      return record(orderId);
    },
    async list() {
      return Object.keys(data().orders)
        .map((id) => record(id)!)
        .sort((a, b) => a.order.number.localeCompare(b.order.number, "sv", { numeric: true }));
    },
    async save(order, notices, noticesLocale) {
      await commit("orders", order.id, () => ({ order: copy(order), savedAt: nowIso(), lastNotices: copy(notices), ...inLocale(noticesLocale), deletedAt: null }));
      return record(order.id)!;
    },
    async restore(written, previous) {
      await commit("orders", written.order.id, (stored) => {
        if (!stored || !sameSave(stored, written)) return stored;
        return previous
          ? { order: copy(previous.order), savedAt: previous.savedAt, lastNotices: copy(previous.lastNotices), ...inLocale(previous.noticesLocale), deletedAt: previous.deletedAt }
          : undefined;
      });
    },
    async markDeleted(orderId, notices, noticesLocale) {
      if (!own(data().orders, orderId)) return undefined;
      await commit("orders", orderId, (stored) => {
        if (!stored) return stored;
        const { noticesLocale: _earlier, ...rest } = stored;
        return { ...rest, deletedAt: nowIso(), lastNotices: copy(notices), ...inLocale(noticesLocale) };
      });
      return record(orderId);
    },
    async setPaymentState(update) {
      await commit("payments", update.orderId, () => ({ ...copy(update), updatedAt: nowIso() }));
    },
    withOrderLock: (orderId, work) => orderLocks.run(orderId, work),
    pluginStorage: {
      async read<T>(key: string) {
        const value = own(data().pluginStorage, key);
        return value === undefined ? undefined : copy(value as T);
      },
      update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>) {
        return storageLocks.run(key, async () => {
          const current = own(data().pluginStorage, key);
          const next = await fn(current === undefined ? undefined : copy(current as T));
          await commit("pluginStorage", key, () => copy(next));
          return copy(next);
        });
      },
    },
  };
}

/**
 * Reads the order file into `db`. A damaged file stops the start with one line naming the file and where it breaks:
 * JSON.parse's own message quotes the text around the fault (a customer's details, a plugin document), and its stack
 * tells an operator nothing.
 */
async function readOrderFile(db: Low<HostData>, file: string | null): Promise<void> {
  try {
    await db.read();
  } catch (error) {
    if (!(error instanceof SyntaxError) || !file) throw error;
    const text = await readFile(file, "utf8");
    throw new HostStartupError("data-file-invalid", startupMessage("data-file-not-json", { file, where: { sv: describeJsonSyntaxError(text, "sv"), en: describeJsonSyntaxError(text) } }));
  }
  const read: unknown = db.data;
  const objects = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
  if (file && (!objects(read) || (["orders", "payments", "pluginStorage"] as const).some((key) => read[key] !== undefined && !objects(read[key])))) {
    throw new HostStartupError("data-file-invalid", startupMessage("data-file-shape", { file }));
  }
}

// Ids are the host's or a clerk's text ("__proto__", "constructor"): only an own property is an entry, and an entry is
// always written as one, never through a setter or the prototype of the plain objects lowdb keeps.
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function put<T>(map: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The record's noticesLocale field: present only when the language is known. */
export function inLocale(noticesLocale: Locale | undefined): Pick<HostOrderRecord, "noticesLocale"> {
  return noticesLocale ? { noticesLocale } : {};
}

/** Whether a stored order is still the one a save wrote: the same time and the same order. */
export function sameSave(stored: Pick<HostOrderRecord, "order" | "savedAt">, written: Pick<HostOrderRecord, "order" | "savedAt">): boolean {
  return stored.savedAt === written.savedAt && JSON.stringify(stored.order) === JSON.stringify(written.order);
}
