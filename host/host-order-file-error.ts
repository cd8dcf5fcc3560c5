// The host's order file refused a write (a full disk, an I/O error): that write was not made and the file is as it was.
import { errorCodeOf } from "../common/store-stopped.js";
import type { PluginLogger } from "../plugin/host-contract/plugin-api.js";

/**
 * What the clerk is told, by when the write failed (each a code of host/host-messages.ts):
 * - `order-file-unwritable`: before anything else happened (the save's write ahead of the plugin): nothing changed;
 * - `order-saved-link-may-be-sent`: during the plugin's order.save, after the order was written ahead of it;
 * - `order-not-deleted-link-may-be-cancelled`: during or after the plugin's order.delete, before the order was marked deleted;
 * - `order-file-unwritable-in-plugin`: during any other call of the plugin (what it did at Svea may not be kept);
 * - `plugin-request-not-recorded`: during a request to the plugin's own routes (Svea's callback), which the plugin
 *   records before it answers 2xx: not recorded, so the sender is to send it again (Svea retries a non-2xx).
 */
export type OrderFileAnswer =
  | "order-file-unwritable"
  | "order-saved-link-may-be-sent"
  | "order-not-deleted-link-may-be-cancelled"
  | "order-file-unwritable-in-plugin"
  | "plugin-request-not-recorded";

/**
 * Thrown by the lowdb order book when its file cannot be written. Unlike the plugin's journal store it does not stop:
 * the write is rolled back in memory, so the next one may succeed once the cause is fixed. Carries the file and the
 * failed write's error code only (never the stack or the record), for one log line per failed change.
 */
export class HostOrderFileError extends Error {
  override name = "HostOrderFileError";
  readonly status = 503;
  /** The failed write's error code (ENOSPC, EIO, EISDIR...), or "unknown". */
  readonly writeErrorCode: string;

  constructor(
    readonly file: string,
    cause: unknown,
    /** The clerk's answer: what is stored and what may have reached Svea, by when the write failed. */
    readonly code: OrderFileAnswer = "order-file-unwritable",
  ) {
    const writeErrorCode = cause instanceof HostOrderFileError ? cause.writeErrorCode : errorCodeOf(cause);
    super(`the host's order file (${file}) could not be written (${writeErrorCode}); that write was not made`);
    this.writeErrorCode = writeErrorCode;
  }

  /** The same failed write, answered as `code` says (a caller that knows what had happened before it). */
  answeredAs(code: OrderFileAnswer): HostOrderFileError {
    return new HostOrderFileError(this.file, this, code);
  }
}

/** What the log says, once per failed change: the file and the code are fields of the line. */
export const ORDER_FILE_UNWRITABLE_LOG =
  "the host's order file could not be written; the change was not made (free the disk space or fix the cause; the file is as it was)";

/**
 * The one error line for a failed write: the file, the write's code and what the clerk was answered (the problem's
 * code, or the notice added to the plugin's answer) as fields, no stack.
 */
export function logOrderFileError(logger: PluginLogger, error: HostOrderFileError, request: { path: string; requestId: unknown }, answer: string = error.code): void {
  logger.error({ file: error.file, code: error.writeErrorCode, answer, ...request }, ORDER_FILE_UNWRITABLE_LOG);
}
