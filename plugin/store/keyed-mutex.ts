// In-process mutual exclusion per key, with a give-up signal while waiting; a host's calls from inside the holder's host call are let in as nested work.
import { HeldLocks, waitOrAbort } from "./held-locks.js";

export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly held = new HeldLocks();

  /**
   * Runs `fn` once every earlier holder of `key` has finished. Rejects with `onAbort()` if `signal` fires first. A
   * signal given as a function is read only when the call has to wait behind a holder: a free key is taken at once,
   * so nothing can give up, and a lazily made signal (a save's deadline) is never made. A call made from inside the
   * holder's call into the host runs as nested work instead (see HeldLocks).
   */
  async run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal | (() => AbortSignal | undefined), onAbort?: () => Error): Promise<T> {
    const inHostCall = this.held.hostCallHolding(key);
    if (inHostCall) return this.held.runNested(inHostCall, fn, typeof signal === "function" ? signal() : signal, onAbort);

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
