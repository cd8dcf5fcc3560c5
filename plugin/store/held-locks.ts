// Which locks the current async flow holds, and when a call for a held lock is the host's nested work rather than a wait.
import { AsyncLocalStorage } from "node:async_hooks";

export interface Hold {
  readonly owner: HeldLocks;
  readonly key: string;
  /** Set when the holder's function settled: the lock is no longer this flow's, whatever the flow's context says. */
  released: boolean;
  /** Calls into the host under way inside this hold (see callingHost). */
  hostCalls: number;
  /** The tail of the nested work run inside this hold, one after another; the holder waits for it after a host call. */
  nested: Promise<void>;
  /** The hold this one was taken inside, if it was still held then. */
  readonly outer: Hold | undefined;
}

/** One context for every lock of the process, so a host call marks the holds of every store and lock at once. */
const flow = new AsyncLocalStorage<Hold>();

const DONE = Promise.resolve();

/**
 * The holds of one lock (a KeyedMutex, the PostgreSQL store's leases), tied to the holders' lifetimes.
 *
 * Work a holder starts and does not await (a timer, a promise left running, a host's fire-and-forget save from inside
 * its status callback) inherits the holder's async context, and Node cannot tell it from work the holder awaits. So a
 * call for a lock the flow's context holds is only let in while the holder is inside a call into the host
 * (`callingHost`): that is where a host saves the order it is being told about. Such nested work runs one piece at a
 * time, and the holder waits for all of it before it goes on, so it never runs beside the holder or the next holder.
 * At any other time the call queues like any other caller; the plugin's own code never asks for a lock it holds.
 */
export class HeldLocks {
  /** True while the current flow runs inside an unreleased `holding(key, …)` of this lock (its holder or nested work). */
  holds(key: string): boolean {
    for (let hold = flow.getStore(); hold; hold = hold.outer) if (hold.owner === this && hold.key === key && !hold.released) return true;
    return false;
  }

  /** The hold of `key` whose host call the current flow is inside, if any: a call for `key` is then nested work. */
  hostCallHolding(key: string): Hold | undefined {
    for (let hold = flow.getStore(); hold; hold = hold.outer) {
      if (hold.owner === this && hold.key === key && !hold.released) return hold.hostCalls > 0 ? hold : undefined;
    }
    return undefined;
  }

  /** Runs `fn` as the holder of `key`. The caller has taken the lock; it may release it once this settles. */
  async holding<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const hold: Hold = { owner: this, key, released: false, hostCalls: 0, nested: DONE, outer: stillHeld(flow.getStore()) };
    try {
      return await flow.run(hold, fn);
    } finally {
      hold.released = true;
    }
  }

  /**
   * Runs `fn` as nested work of `hold` once the nested work before it is done (or rejects with `onAbort()` if `signal`
   * fires first). The holder, back from its host call, waits for it.
   */
  async runNested<T>(hold: Hold, fn: () => Promise<T>, signal?: AbortSignal, onAbort?: () => Error): Promise<T> {
    const previous = hold.nested;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    hold.nested = previous.then(() => mine);
    try {
      await waitOrAbort(previous, signal, onAbort);
    } catch (error) {
      void previous.then(done);
      throw error;
    }
    try {
      return await this.holding(hold.key, fn);
    } finally {
      done();
    }
  }
}

/**
 * Calls into the host (its `setPaymentState`, its `get`) from inside the current flow's holds. While the call runs,
 * the host's own calls for those locks are nested work; when it returns, the nested work it started finishes before
 * the holder goes on, awaited by the host or not. Outside any hold it just calls.
 */
export async function callingHost<T>(call: () => Promise<T>): Promise<T> {
  const marked: Hold[] = [];
  for (let hold = flow.getStore(); hold; hold = hold.outer) {
    // The innermost hold of each lock and key only: a nested hold stands for the ones it is nested in.
    if (!hold.released && !marked.some((m) => m.owner === hold!.owner && m.key === hold!.key)) marked.push(hold);
  }
  if (marked.length === 0) return call();
  for (const hold of marked) hold.hostCalls++;
  try {
    return await call();
  } finally {
    for (const hold of marked) hold.hostCalls--;
    // A hold that never let nested work in still has its first, settled tail: no tick spent on it.
    for (const hold of marked) if (hold.nested !== DONE) await hold.nested;
  }
}

/** Waits for `promise`, or rejects with `onAbort()` (else the signal's reason) once `signal` fires. */
export function waitOrAbort(promise: Promise<void>, signal?: AbortSignal, onAbort?: () => Error): Promise<void> {
  if (!signal) return promise;
  const reason = () => (onAbort ? onAbort() : signal.reason);
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<void>((resolve, reject) => {
    const listener = () => reject(reason());
    signal.addEventListener("abort", listener, { once: true });
    promise.then(
      () => {
        signal.removeEventListener("abort", listener);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", listener);
        reject(error);
      },
    );
  });
}

/** The innermost hold not yet released: released ones are skipped, so they can be collected. */
function stillHeld(hold: Hold | undefined): Hold | undefined {
  while (hold?.released) hold = hold.outer;
  return hold;
}
