// A clock a sandbox may move forward: the ManualClock of tests and the OffsetClock of `npm start` both are.
import type { Clock } from "./clock.js";

export interface AdvanceableClock extends Clock {
  /** Moves this clock's time forward by `ms` and wakes every sleeper that is then due. */
  advance(ms: number): void;
}

export function isAdvanceableClock(clock: Clock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advance === "function";
}
