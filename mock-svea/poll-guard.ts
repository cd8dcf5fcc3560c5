// Svea's pacing rule: a status poll of the same order within 5 seconds of the last answered one is refused with 403.
import type { Clock } from "../common/clock.js";

export const POLL_INTERVAL_MS = 5_000;

export class PollGuard {
  /** Each order's last answered poll: only the polls of the last POLL_INTERVAL_MS can refuse one. */
  private readonly lastPoll = new Map<string, number>();
  /**
   * Every answered poll in the order it came, from `head` on: what drops the polls past the window, oldest first, in
   * O(1) each. An entry whose order was polled again since is stale (lastPoll holds a later time) and is passed over.
   * (Deleting and re-inserting an order in lastPoll to keep it in age order, and walking the map from its start, cost
   * ~20 µs per poll at 50,000 orders: V8 walks over the deleted slots at a Map's start until it rehashes.)
   */
  private keys: string[] = [];
  private times: number[] = [];
  private head = 0;

  constructor(
    private readonly clock: Clock,
    public enabled = true,
  ) {}

  /**
   * True when this poll may be answered; it then becomes the last poll. A refused poll does not restart the window
   * (choice: otherwise a client polling every 4 s would be refused forever). Polls are kept while pacing is off too,
   * so pacing switched on paces from the polls already made.
   */
  admit(merchantId: string, merchantOrderNumber: string): boolean {
    const key = `${merchantId}\u0000${merchantOrderNumber}`;
    const now = this.clock.now();
    this.dropOlderThanTheWindow(now);
    const last = this.lastPoll.get(key);
    if (this.enabled && last !== undefined && now - last < POLL_INTERVAL_MS) return false;
    this.lastPoll.set(key, now);
    this.keys.push(key);
    this.times.push(now);
    return true;
  }

  /** How many orders' last polls are kept. */
  get tracked(): number {
    return this.lastPoll.size;
  }

  reset(): void {
    this.lastPoll.clear();
    this.keys = [];
    this.times = [];
    this.head = 0;
  }

  private dropOlderThanTheWindow(now: number): void {
    // Oldest first while the clock only moves forward; a clock set back leaves an entry a while longer, never refuses wrongly.
    const { keys, times } = this;
    let head = this.head;
    while (head < keys.length && now - times[head]! >= POLL_INTERVAL_MS) {
      const key = keys[head]!;
      if (this.lastPoll.get(key) === times[head]) this.lastPoll.delete(key);
      head++;
    }
    // The passed-over front is cut off once it is half the queue: each entry is moved at most once per halving.
    if (head > 1_024 && head * 2 > keys.length) {
      this.keys = keys.slice(head);
      this.times = times.slice(head);
      head = 0;
    }
    this.head = head;
  }
}
