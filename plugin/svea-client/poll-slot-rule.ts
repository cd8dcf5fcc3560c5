// The rule every PollSlotStore follows for an order's next status-read slot, a clock jump included.

/**
 * How many gaps ahead of `now` a stored slot may be and still come from real reservations. Each status read waiting
 * for its slot pushes the order's next slot one gap on. The order's lock lets one caller at a time read, but a call's
 * retries, and nodes sharing a PostgreSQL store that read the same link at once, queue a few reads (six in the
 * multi-node pacing test); 8 gaps is 40 s at Svea's 5 s gap. A slot further ahead was reserved on a clock that has
 * since stepped back (an NTP correction, a VM restored, a sandbox clock moved back), or by a node whose clock runs
 * fast: waiting for it would hold the order's lock for as long as the jump (an hour, in the operations review).
 */
export const MAX_QUEUED_POLL_GAPS = 8;

export interface PollSlotReservation {
  /** The slot reserved and stored: now, or one gap after the last one, whichever is later. */
  slot: number;
  /** Set when the stored slot was taken as a clock jump and the reservation made from now: that stored slot. */
  discarded?: number;
}

/**
 * The slot a reservation gets: `now`, or `gapMs` after the last one, whichever is later; but `now` when that would
 * be more than MAX_QUEUED_POLL_GAPS gaps ahead (a clock jump, see above).
 */
export function reservePollSlot(last: number | undefined, now: number, gapMs: number): PollSlotReservation {
  if (last === undefined) return { slot: now };
  const next = last + gapMs;
  if (next - now > MAX_QUEUED_POLL_GAPS * gapMs) return { slot: now, discarded: last };
  return { slot: Math.max(now, next) };
}
