// Answers already computed, by key, for pure functions on a hot path; bounded, the oldest entry goes first.

export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The remembered answer for `key`, or `compute()`'s, remembered. `compute` must depend on nothing but the key. */
  get(key: string, compute: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute();
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, value);
    }
    return value;
  }
}
