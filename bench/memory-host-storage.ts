// A HostStorage kept in memory, as a host with a database would lend one: isolates the plugin's own work from file I/O.
import type { HostStorage } from "../plugin/index.js";

export class MemoryHostStorage implements HostStorage {
  private readonly documents = new Map<string, unknown>();
  private readonly queues = new Map<string, Promise<unknown>>();

  async read<T>(key: string): Promise<T | undefined> {
    return this.documents.get(key) as T | undefined;
  }

  /** Updates of one key run one after another, as the contract asks; different keys do not wait for each other. */
  update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      const next = await fn(this.documents.get(key) as T | undefined);
      this.documents.set(key, next);
      return next;
    });
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }
}
