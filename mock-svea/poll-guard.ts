// Svea's pacing rule: a status poll of the same order within 5 seconds of the last answered one is refused with 403.
import type { Clock } from "../common/clock.js";

export const POLL_INTERVAL_MS = 5_000;

export class PollGuard {
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
    const last = this.lastPoll.get(key);
    if (this.enabled && last !== undefined && now - last < POLL_INTERVAL_MS) return false;
    this.lastPoll.set(key, now);
    return true;
  }

  reset(): void {
    this.lastPoll.clear();
  }
}
