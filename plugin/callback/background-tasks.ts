// Work started after an answer was sent (callback processing): tracked so deactivate and tests can wait for it.
import type { PluginLogger } from "../host-contract/plugin-api.js";

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();
  private readonly runningKeys = new Set<string>();

  constructor(private readonly logger: PluginLogger) {}

  /**
   * Runs `task` on a later turn; a failure is logged, and the durable record it works from stays for reconcile. With
   * a `key`, a task whose key is still running is not started again (repeated callbacks for one inbox entry).
   */
  run(name: string, task: () => Promise<unknown>, key?: string): void {
    if (key !== undefined) {
      if (this.runningKeys.has(key)) return;
      this.runningKeys.add(key);
    }
    const promise = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => this.logger.error({ task: name, err: describeError(error) }, "background task failed; reconcile will retry"),
      )
      .finally(() => {
        this.running.delete(promise);
        if (key !== undefined) this.runningKeys.delete(key);
      });
    this.running.add(promise);
  }

  /** Resolves when every task started so far (and any they started) has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** An error as a log field: name, code and message only (Svea client errors never carry secrets; no stack to callers). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(code !== undefined ? { code } : {}) };
  }
  return { message: String(error) };
}
