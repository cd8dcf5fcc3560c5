// The default PollSlotStore: status-poll slots per order kept in this process, enough for one host per Svea account.
import { reservePollSlot } from "./poll-slot-rule.js";
import type { PollSlotStore } from "./svea-instore-client.js";

export class InMemoryPollSlotStore implements PollSlotStore {
  private readonly lastSlot = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  // Single-threaded JavaScript makes the read-then-write atomic: no await between them.
  async reserve(merchantOrderNumber: string, now: number, gapMs: number, onClockJump?: (discardedSlot: number) => void): Promise<number> {
    const { slot, discarded } = reservePollSlot(this.lastSlot.get(merchantOrderNumber), now, gapMs);
    if (discarded !== undefined) onClockJump?.(discarded);
    this.lastSlot.delete(merchantOrderNumber);
    this.lastSlot.set(merchantOrderNumber, slot);
    if (this.lastSlot.size > this.maxEntries) this.forgetExpired(now, gapMs);
    return slot;
  }

  /** How many orders have a remembered slot (for tests and metrics). */
  get size(): number {
    return this.lastSlot.size;
  }

  // A slot older than one gap no longer delays anyone, so it can go. Map order is least recently reserved first;
  // stopping at the first live slot keeps this cheap, at the price of sometimes keeping a few stale ones.
  private forgetExpired(now: number, gapMs: number): void {
    for (const [key, slot] of this.lastSlot) {
      if (slot + gapMs > now) break;
      this.lastSlot.delete(key);
    }
  }
}
