// Which locks the current async flow holds, so a nested call for a lock the flow already holds runs at once.
import { AsyncLocalStorage } from "node:async_hooks";

interface Hold {
  readonly key: string;
  /** Set when the holder's function settled: the lock is no longer this flow's, whatever the flow's context says. */
  released: boolean;
  /** The hold this one was taken inside, if it was still held then. */
  readonly outer: Hold | undefined;
}

/**
 * Re-entry for a lock, tied to the holder's lifetime. Work a holder starts and does not await (a timer, a promise left
 * running, a host's fire-and-forget call from inside its status callback) inherits the holder's async context. A
 * context that only listed the held keys let such work skip the lock after the holder had released it, and run beside
 * the next holder of the same order. Each hold is therefore marked released when its holder's function settles, and
 * only holds still held count.
 */
export class HeldLocks {
  private readonly flow = new AsyncLocalStorage<Hold>();

  /** True while the current flow runs inside `holding(key, …)` and that call has not settled. */
  holds(key: string): boolean {
    for (let hold = this.flow.getStore(); hold; hold = hold.outer) if (hold.key === key && !hold.released) return true;
    return false;
  }

  /** Runs `fn` as the holder of `key`. The caller has taken the lock; it may release it once this settles. */
  async holding<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const hold: Hold = { key, released: false, outer: stillHeld(this.flow.getStore()) };
    try {
      return await this.flow.run(hold, fn);
    } finally {
      hold.released = true;
    }
  }
}

/** The innermost hold not yet released: released ones are skipped, so they can be collected. */
function stillHeld(hold: Hold | undefined): Hold | undefined {
  while (hold?.released) hold = hold.outer;
  return hold;
}
