// Svea's pacing rule: a status poll of the same order within 5 seconds of the last answered one is refused with 403.
import type { Clock } from "../common/clock.js";

export const POLL_INTERVAL_MS = 5_000;

export class PollGuard {
  /**
   * Each order's last answered poll, oldest first (an order polled again moves to the end). Only the polls of the last
   * POLL_INTERVAL_MS can refuse one, so older ones are dropped as polls come: the map holds the orders polled in the
   * last 5 s, not every order ever polled.
   */
  private readonly lastPoll = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    public enabled = true,
  ) {}

  /**
   * True when this poll may be answered; it then becomes the last poll. A refused poll does not restart the window
   * (choice: otherwise a client polling every 4 s would be refused forever).
   */
  admit(merchantId: string, merchantOrderNumber: string): boolean {
    const key = `${merchantId}\u0000${merchantOrderNumber}`;
    const now = this.clock.now();
    this.dropOlderThanTheWindow(now);
    const last = this.lastPoll.get(key);
    if (this.enabled && last !== undefined && now - last < POLL_INTERVAL_MS) return false;
    this.lastPoll.delete(key);
    this.lastPoll.set(key, now);
    return true;
  }

  /** How many orders' last polls are kept. */
  get tracked(): number {
    return this.lastPoll.size;
  }

  reset(): void {
    this.lastPoll.clear();
  }

  private dropOlderThanTheWindow(now: number): void {
    // Oldest first while the clock only moves forward; a clock set back leaves an entry a while longer, never refuses wrongly.
    for (const [key, at] of this.lastPoll) {
      if (now - at < POLL_INTERVAL_MS) return;
      this.lastPoll.delete(key);
    }
  }
}
