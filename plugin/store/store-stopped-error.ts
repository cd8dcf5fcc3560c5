// A store that stopped after a failed durable write: it refuses every change until the process restarts.

/** What the store tells health checks: ok, or stopped with the store named and what to do. */
export type StoreHealth = { status: "ok" } | { status: "restart-required"; store: string; message: string };

/**
 * Thrown by every change after a journal write failed (a full disk, an I/O error). The file may end in a torn line, so
 * nothing more is appended to it (fail-stop); a restart replays the journal up to the last whole line and writes to a
 * fresh file. Carries only the error code of the failed write, never its stack or the record.
 */
export class StoreStoppedError extends Error {
  override readonly name = "StoreStoppedError";
  readonly code = "store-stopped";
  readonly status = 503;

  constructor(
    readonly store: string,
    /** The failed write's error code (ENOSPC, EIO...), or "unknown". */
    readonly writeErrorCode: string,
  ) {
    super(storeStoppedMessage(store, writeErrorCode));
  }
}

export function storeStoppedMessage(store: string, code: string): string {
  return `the plugin's order store (${store}) stopped after a failed write (${code}) and refuses every change: restart required (free the disk space or fix the cause first; the journal replays on restart)`;
}

export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{2,20}$/.test(code) ? code : "unknown";
}
