// Counts how many callers are inside a critical section at once: 1 means the lock around it held.
export class OverlapProbe {
  private inside = 0;
  /** The most callers seen inside at the same time. */
  most = 0;

  /** A critical section that stays busy for `ms`, so an overlapping caller would be seen. */
  readonly critical = async (ms = 30): Promise<void> => {
    this.inside++;
    this.most = Math.max(this.most, this.inside);
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.inside--;
  };
}
