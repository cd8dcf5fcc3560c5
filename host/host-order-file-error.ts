// The host's order file refused a write (a full disk, an I/O error): the change was not made and the file is as it was.
import { errorCodeOf } from "../common/store-stopped.js";

/**
 * Thrown by the lowdb order book when its file cannot be written. Unlike the plugin's journal store it does not stop:
 * the write is rolled back in memory, so the next one may succeed once the cause is fixed. Carries the file and the
 * failed write's error code only (never the stack or the record), for one log line per failed change.
 */
export class HostOrderFileError extends Error {
  override name = "HostOrderFileError";
  readonly code = "order-file-unwritable";
  readonly status = 503;
  /** The failed write's error code (ENOSPC, EIO, EISDIR...), or "unknown". */
  readonly writeErrorCode: string;

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const code = errorCodeOf(cause);
    super(`the host's order file (${file}) could not be written (${code}); the change was not made`);
    this.writeErrorCode = code;
  }
}

/** What the log says, once per failed change: the file and the code are fields of the line. */
export const ORDER_FILE_UNWRITABLE_LOG =
  "the host's order file could not be written; the change was not made (free the disk space or fix the cause; the file is as it was)";
