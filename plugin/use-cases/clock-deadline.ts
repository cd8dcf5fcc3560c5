// A deadline on the injected clock, as an AbortSignal: saves answer in time even in tests that drive a ManualClock.
import type { Clock } from "../../common/clock.js";

export interface Deadline {
  /** Aborts with DeadlineExceededError once the deadline has passed. Made, with its timer, on first read. */
  readonly signal: AbortSignal;
  /**
   * `{ signal }` for a Svea call or the order's lock, with the signal read only when used: a Svea client that answers
   * without waiting, or a lock that is free, never makes one (an AbortSignal and a timer cost a save several
   * microseconds, a tenth of its own work).
   */
  readonly options: { readonly signal: AbortSignal };
  /** True once the deadline has passed. */
  readonly expired: boolean;
  /** Stops the timer; call when the work is done. */
  dispose(): void;
}

// abort() without a reason builds a DOMException with a stack trace, a large share of a save's own work; the timer's
// rejection is swallowed below, so one shared reason serves every deadline.
const DISPOSED = Object.freeze(new Error("deadline disposed"));

export function clockDeadline(clock: Clock, ms: number): Deadline {
  return clock.timer ? new TimerDeadline(clock as Required<Clock>, ms) : sleepDeadline(clock, ms);
}

/**
 * On a clock with a cancellable timer (the system clock's): nothing but the due time until someone reads the signal
 * (a lock waiter, a Svea client); then one AbortController and one timer for the time left, or an abort at once if
 * the deadline has passed. `expired` compares the clock with the due time, so it holds without a timer too.
 */
class TimerDeadline implements Deadline {
  private controller: AbortController | undefined;
  private cancel: (() => void) | undefined;
  private fired = false;
  private disposed = false;
  private readonly due: number;

  constructor(
    private readonly clock: Required<Clock>,
    private readonly ms: number,
  ) {
    this.due = clock.now() + ms;
  }

  /** The deadline itself: its `signal` is a getter on the class, so no object with an accessor is built per save. */
  get options(): { readonly signal: AbortSignal } {
    return this;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      const left = this.due - this.clock.now();
      if (!this.disposed) {
        if (left <= 0) this.expire();
        else this.cancel = this.clock.timer(left, () => this.expire());
      }
    }
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.fired || (!this.disposed && this.clock.now() >= this.due);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel?.();
  }

  private expire(): void {
    this.fired = true;
    this.controller?.abort(new DeadlineExceededError(this.ms));
  }
}

/** On a clock without a timer (ManualClock): a sleep on the clock, started at once, that dispose wakes. */
function sleepDeadline(clock: Clock, ms: number): Deadline {
  const deadline = new AbortController();
  const stop = new AbortController();
  clock.sleep(ms, stop.signal).then(
    () => deadline.abort(new DeadlineExceededError(ms)),
    () => undefined,
  );
  return {
    signal: deadline.signal,
    options: { signal: deadline.signal },
    get expired() {
      return deadline.signal.aborted;
    },
    dispose: () => stop.abort(DISPOSED),
  };
}

export class DeadlineExceededError extends Error {
  readonly code = "deadline-exceeded";
  constructor(readonly ms: number) {
    super(`the save deadline of ${ms} ms passed`);
    this.name = "DeadlineExceededError";
  }
}
