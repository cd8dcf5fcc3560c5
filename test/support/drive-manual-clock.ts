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

/**
 * Reads until `done` holds, moving the clock 1 s whenever something sleeps on it (Svea's 5 s status-poll gap), for work
 * the plugin does after answering (callback processing). Bounded: about 3 s of real time; returns the last value read.
 */
export async function readUntil<T>(read: () => Promise<T> | T, done: (value: T) => boolean, clock: ManualClock): Promise<T> {
  let value = await read();
  for (let i = 0; i < 300 && !done(value); i++) {
    if (clock.pending > 0) clock.advance(1000);
    await new Promise((r) => setTimeout(r, 10));
    value = await read();
  }
  return value;
}
