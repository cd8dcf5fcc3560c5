// The injected clock: everything that depends on time reads it from here, so tests advance time instead of sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: calls `fn` after `ms` of this clock's time unless the returned cancel is called first. What sleep does,
   * without the promise and the AbortSignal (the save deadlines' shared window timers).
   */
  timer?(ms: number, fn: () => void, options?: TimerOptions): () => void;
}

export interface TimerOptions {
  /** false: the timer alone does not keep the process running (Node's `unref`). Default true. */
  keepAlive?: boolean;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  timer: (ms, fn, options) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    if (options?.keepAlive === false) timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to. Sleepers wake when `advance` passes their deadline. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { until: number; resolve: () => void }[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.current = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper = { until: this.current + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        "abort",
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward and wakes every sleeper that is due. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(time: number | Date): void {
    this.current = typeof time === "number" ? time : time.getTime();
    const due = this.sleepers.filter((s) => s.until <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.until > this.current);
    for (const s of due) s.resolve();
  }

  /** How many sleepers are waiting: lets a test advance exactly when something is paused. */
  get pending(): number {
    return this.sleepers.length;
  }
}
