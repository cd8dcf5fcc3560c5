// The host's calls into the plugin (hooks, commands, schedules) that are still running, so deactivate can wait for them.
import type { Clock } from "../common/clock.js";
import type { PluginLogger } from "./host-contract/plugin-api.js";

/** How long deactivate waits for calls still running before it closes the store under them. */
export const DEACTIVATE_WAIT_MS = 30_000;

/** A hook, command or schedule called after `deactivate`: the store is closed, so nothing could be recorded. */
export class PluginDeactivatedError extends Error {
  override readonly name = "PluginDeactivatedError";
  readonly code = "plugin-deactivated";
  readonly status = 503;
  constructor(readonly call: string) {
    super(`${call}: the Svea Instore plugin was deactivated; activate it again before calling it`);
  }
}

export class InFlightCalls {
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  /** `fn`, counted while it runs; refused once stopping began. */
  track<A extends unknown[], R>(call: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args: A) => {
      if (this.stopped) return Promise.reject(new PluginDeactivatedError(call));
      const running = fn(...args);
      this.running.add(running);
      const forget = () => this.running.delete(running);
      running.then(forget, forget);
      return running;
    };
  }

  /**
   * Refuses new calls, then waits for the running ones and `alsoWaitFor` (background work they started), at most
   * DEACTIVATE_WAIT_MS of `clock`'s time. A call that outlasts it (a host callback that never returns) is logged; the
   * caller then closes the store under it, and what it leaves half-done is settled at the next activation.
   */
  async stop(clock: Clock, logger: PluginLogger, alsoWaitFor: () => Promise<void>): Promise<void> {
    this.stopped = true;
    const drained = (async () => {
      while (this.running.size > 0) await Promise.allSettled([...this.running]);
      await alsoWaitFor();
    })();
    const giveUp = new AbortController();
    const timedOut = clock.sleep(DEACTIVATE_WAIT_MS, giveUp.signal).then(
      () => true,
      () => false,
    );
    const late = await Promise.race([drained.then(() => false), timedOut]);
    giveUp.abort();
    if (late) {
      logger.warn(
        { stillRunning: this.running.size, waitedMs: DEACTIVATE_WAIT_MS },
        "deactivate: calls into the plugin are still running (a host callback that does not return?); closing the store under them",
      );
    }
  }
}
