// The in-memory StateStore for tests: nothing survives the process, every append is "durable" at once.
import type { LoadedState, StateChange, StateStore } from "./state-store.js";

export class MemoryStateStore implements StateStore {
  /** Every change appended, for tests that check what would have been journaled. */
  readonly changes: StateChange[] = [];

  async load(): Promise<LoadedState> {
    return { snapshot: null, changes: [] };
  }

  append(change: StateChange, _supersedes: number): Promise<void> {
    this.changes.push(change);
    return Promise.resolve();
  }

  async compact(): Promise<void> {}

  async close(): Promise<void> {}
}
