// Work started after an answer was sent (callback processing): tracked so deactivate and tests can wait for it.
import type { PluginLogger } from "../host-contract/plugin-api.js";

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: PluginLogger) {}

  /** Runs `task` on a later turn; a failure is logged, and the durable record it works from stays for reconcile. */
  run(name: string, task: () => Promise<unknown>): void {
    const promise = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => this.logger.error({ task: name, err: describeError(error) }, "background task failed; reconcile will retry"),
      )
      .finally(() => this.running.delete(promise));
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
