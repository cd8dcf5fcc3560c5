// An in-memory journal that keeps the newest entries only, so a long load test cannot exhaust memory.
export class BoundedJournal<T> {
  private entries: T[] = [];

  constructor(private readonly capacity = 10_000) {}

  add(entry: T): void {
    this.entries.push(entry);
    // Trim in chunks: an Array.shift per request would be quadratic.
    if (this.entries.length > this.capacity * 1.25) this.entries = this.entries.slice(-this.capacity);
  }

  /** Oldest first, at most `capacity` entries. */
  list(filter?: (entry: T) => boolean): T[] {
    const kept = this.entries.slice(-this.capacity);
    return filter ? kept.filter(filter) : kept;
  }

  clear(): void {
    this.entries = [];
  }
}
