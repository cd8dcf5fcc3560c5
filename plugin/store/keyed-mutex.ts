// In-process mutual exclusion per key, re-entrant for the holder's own flow while it holds the key, with a give-up signal while waiting.
import { HeldLocks } from "./held-locks.js";

export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly held = new HeldLocks();

  /**
   * Runs `fn` once every earlier holder of `key` has finished. Rejects with `onAbort()` if `signal` fires first. A
   * signal given as a function is read only when the call has to wait behind a holder: a free key is taken at once,
   * so nothing can give up, and a lazily made signal (a save's deadline) is never made.
   */
  async run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal | (() => AbortSignal | undefined), onAbort?: () => Error): Promise<T> {
    if (this.held.holds(key)) return fn();

    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    const cleanUp = () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };

    if (previous) {
      try {
        await waitOrAbort(previous, typeof signal === "function" ? signal() : signal, onAbort);
      } catch (error) {
        // A waiter that gives up still keeps its place until its predecessor is done, so order is never broken.
        void previous.then(cleanUp);
        throw error;
      }
    } else {
      // Nobody holds the key (the usual case): one tick as before, and the check an abort listener would make
      // without adding and removing one.
      await null;
      if (typeof signal === "object" && signal.aborted) {
        cleanUp();
        throw onAbort ? onAbort() : signal.reason;
      }
    }
    try {
      return await this.held.holding(key, fn);
    } finally {
      cleanUp();
    }
  }
}

function waitOrAbort(promise: Promise<void>, signal?: AbortSignal, onAbort?: () => Error): Promise<void> {
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
