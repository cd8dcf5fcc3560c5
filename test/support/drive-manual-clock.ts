// Drives a shared ManualClock while work that sleeps on it (retry back-off, save deadlines, Svea's poll gap) finishes.
import type { ManualClock } from "../../common/clock.js";

/**
 * Moves the clock `stepMs` at a time whenever something sleeps on it, as real time would, until `work` settles.
 * Bounded: gives up driving after `maxSteps` polls of 10 ms real time (the work's own outcome is still returned).
 */
export async function driveClockWhile<T>(work: Promise<T>, clock: ManualClock, stepMs = 1000, maxSteps = 3000): Promise<T> {
  let settled = false;
  const watched = work.finally(() => {
    settled = true;
  });
  for (let i = 0; i < maxSteps && !settled; i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (!settled && clock.pending > 0) clock.advance(stepMs);
  }
  return watched;
}
