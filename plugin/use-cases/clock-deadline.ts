// A deadline on the injected clock, as an AbortSignal: saves answer in time even in tests that drive a ManualClock.
import type { Clock } from "../../common/clock.js";

export interface Deadline {
  signal: AbortSignal;
  /** True once the deadline has passed. */
  readonly expired: boolean;
  /** Stops the timer; call when the work is done. */
  dispose(): void;
}

// abort() without a reason builds a DOMException with a stack trace, a large share of a save's own work; the timer's
// rejection is swallowed below, so one shared reason serves every deadline.
const DISPOSED = Object.freeze(new Error("deadline disposed"));

export function clockDeadline(clock: Clock, ms: number): Deadline {
  const deadline = new AbortController();
  const expire = () => deadline.abort(new DeadlineExceededError(ms));
  // A clock with a cancellable timer (the system clock) spares every save a second AbortController, a promise and an
  // abort event; a clock without one (ManualClock) is slept on.
  let dispose: () => void;
  if (clock.timer) {
    dispose = clock.timer(ms, expire);
  } else {
    const stop = new AbortController();
    clock.sleep(ms, stop.signal).then(expire, () => undefined);
    dispose = () => stop.abort(DISPOSED);
  }
  return {
    signal: deadline.signal,
    get expired() {
      return deadline.signal.aborted;
    },
    dispose,
  };
}

export class DeadlineExceededError extends Error {
  readonly code = "deadline-exceeded";
  constructor(readonly ms: number) {
    super(`the save deadline of ${ms} ms passed`);
    this.name = "DeadlineExceededError";
  }
}
