// Says in the log that a background compaction failed: once per distinct failure, and again at most hourly while it lasts.
import type { PluginLogger } from "../host-contract/plugin-api.js";
import { StoreFileError } from "./store-file-error.js";
import { errorCodeOf } from "./store-stopped-error.js";

/** While one failure persists (a disk stuck full), it is logged again after this long, not on every retry. */
export const COMPACTION_FAILURE_REPEAT_MS = 60 * 60 * 1000;

export const COMPACTION_FAILED_LOG =
  "the plugin's order store could not compact its journal into the snapshot: nothing is lost (the journal keeps every change and the next compaction retries), but the journal grows, and the next start fails while the cause stays (free disk space or fix the cause)";

/**
 * One warning line per distinct failure (file and code), no stack and nothing of the records: a background compaction
 * runs with nobody awaiting it, so without this a shop learnt of it only when a start failed. The same failure again
 * is logged once an hour while it lasts; a compaction that worked starts afresh.
 */
export class CompactionFailureLog {
  private last: { key: string; at: number } | undefined;

  constructor(
    private readonly store: string,
    private readonly logger: Pick<PluginLogger, "warn"> | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  failed(error: unknown): void {
    const file = error instanceof StoreFileError ? error.file : this.store;
    const code = error instanceof StoreFileError ? error.fileErrorCode : codeOf(error);
    const key = `${file}\n${code}`;
    const at = this.now();
    if (this.last && this.last.key === key && at - this.last.at < COMPACTION_FAILURE_REPEAT_MS) return;
    this.last = { key, at };
    this.logger?.warn({ store: this.store, file, code }, COMPACTION_FAILED_LOG);
  }

  succeeded(): void {
    this.last = undefined;
  }
}

/** An errno code, one of the store's own error codes (store-too-large), or "unknown": never the message's free text. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[a-z][a-z-]{2,30}$/.test(code) ? code : errorCodeOf(error);
}
