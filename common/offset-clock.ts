// Real time plus an offset a sandbox control may add to: time runs on as usual, and jumps ahead when told (a link's 48 hours in one click).
import type { AdvanceableClock } from "./advanceable-clock.js";
import { systemClock, type Clock, type TimerOptions } from "./clock.js";

interface Sleeper {
  until: number;
  wake: () => void;
}

export class OffsetClock implements AdvanceableClock {
  private offset = 0;
  private readonly sleepers = new Set<Sleeper>();

  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  /** How far ahead of real time this clock runs. */
  get advancedBy(): number {
    return this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`an offset clock only moves forward, not by ${ms} ms`);
    this.offset += ms;
    const now = this.now();
    for (const s of [...this.sleepers]) if (s.until <= now) s.wake();
  }

  // Wakes on the real timer or on an advance past the deadline, whichever comes first.
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const cancel = this.timer(ms, () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
      const onAbort = () => {
        cancel();
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  timer(ms: number, fn: () => void, options?: TimerOptions): () => void {
    let cancelBase: () => void = () => {};
    const sleeper: Sleeper = {
      until: this.now() + Math.max(0, ms),
      wake: () => {
        if (!this.sleepers.delete(sleeper)) return;
        cancelBase();
        fn();
      },
    };
    this.sleepers.add(sleeper);
    cancelBase = (this.base.timer ?? systemClock.timer!)(ms, sleeper.wake, options);
    return () => {
      this.sleepers.delete(sleeper);
      cancelBase();
    };
  }
}
