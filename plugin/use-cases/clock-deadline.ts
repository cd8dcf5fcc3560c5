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
  const stop = new AbortController();
  clock.sleep(ms, stop.signal).then(
    () => deadline.abort(new DeadlineExceededError(ms)),
    () => undefined,
  );
  return {
    signal: deadline.signal,
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
