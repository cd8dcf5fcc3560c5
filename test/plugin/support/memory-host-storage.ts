// An in-memory HostStorage as a host would lend one: exclusive per-key updates, values copied in and out like a database.
import type { HostStorage } from "../../../plugin/host-contract/plugin-api.js";
import { KeyedMutex } from "../../../plugin/store/keyed-mutex.js";

export class MemoryHostStorage implements HostStorage {
  readonly documents = new Map<string, string>();
  writes = 0;
  /**
   * The next this many updates keep their change, then fail as a full disk would after the host's own memory took it:
   * the contract's "a failed write may or may not have landed".
   */
  landThenFail = 0;
  private readonly locks = new KeyedMutex();

  async read<T>(key: string): Promise<T | undefined> {
    const raw = this.documents.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>): Promise<T> {
    return this.locks.run(key, async () => {
      const next = await fn(await this.read<T>(key));
      this.documents.set(key, JSON.stringify(next));
      this.writes++;
      if (this.landThenFail > 0) {
        this.landThenFail--;
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
      return JSON.parse(JSON.stringify(next)) as T;
    });
  }
}
