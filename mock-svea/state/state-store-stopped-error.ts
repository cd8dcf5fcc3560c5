// A mock state store that stopped after a failed journal write: it refuses every change until the mock restarts.

/** What the mock's health check reports about its store. */
export type MockStoreHealth = { status: "ok" } | { status: "restart-required"; store: string; message: string };

/**
 * Thrown for every change after a journal write failed (a full disk, an I/O error): the segment may end in a torn
 * line, so nothing more is appended (fail-stop). A restart replays the journal up to the last whole line and writes to
 * a fresh segment. Carries only the failed write's error code, never its stack.
 */
export class StateStoreStoppedError extends Error {
  override readonly name = "StateStoreStoppedError";

  constructor(
    readonly store: string,
    readonly writeErrorCode: string,
  ) {
    super(mockStoreStoppedMessage(store, writeErrorCode));
  }
}

export function mockStoreStoppedMessage(store: string, code: string): string {
  return `the mock's state store (${store}) stopped after a failed write (${code}) and refuses every change: restart required (free the disk space or fix the cause first; the journal replays on restart)`;
}
