// A store that stopped after a failed durable write (the plugin's embedded store, the mock's file store): it refuses
// every change until the process restarts, and says so to health checks.

/** What a store tells health checks: ok, or stopped with the store named and what to do. */
export type StoreHealth = { status: "ok" } | { status: "restart-required"; store: string; message: string };

/**
 * Thrown by every change after a journal write failed (a full disk, an I/O error). The file may end in a torn line, so
 * nothing more is appended to it (fail-stop); a restart replays the journal up to the last whole line and writes to a
 * fresh file. Carries only the error code of the failed write, never its stack or the record.
 */
export class StoreStoppedError extends Error {
  override name = "StoreStoppedError";
  readonly code = "store-stopped";
  readonly status = 503;

  constructor(
    /** Whose store, in words: "the plugin's order store", "the mock's state store". */
    owner: string,
    readonly store: string,
    /** The failed write's error code (ENOSPC, EIO...), or "unknown". */
    readonly writeErrorCode: string,
  ) {
    super(storeStoppedMessage(owner, store, writeErrorCode));
  }
}

export function storeStoppedMessage(owner: string, store: string, code: string): string {
  return `${owner} (${store}) stopped after a failed write (${code}) and refuses every change: restart required (free the disk space or fix the cause first; the journal replays on restart)`;
}

/** The failed write's error code as the message may name it: an errno-like code, or "unknown" (never free text). */
export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{2,20}$/.test(code) ? code : "unknown";
}
