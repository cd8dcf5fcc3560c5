// Keeps the PostgreSQL password out of errors: the connection string (and its password alone) are replaced wherever they appear.

/** An error from pg or the network, with its message and code kept and the connection string's secrets removed. */
export class PostgresStoreError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = "PostgresStoreError";
    this.code = code;
  }
}

/** The password in a postgres:// URL, decoded as pg would use it (undefined when there is none or the URL does not parse). */
function passwordOf(connectionString: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(connectionString).password);
    return password === "" ? undefined : password;
  } catch {
    return undefined;
  }
}

export function redactConnectionText(text: string, connectionString: string): string {
  if (connectionString === "") return text;
  let out = text.split(connectionString).join("postgres://[redacted]");
  const password = passwordOf(connectionString);
  if (password) out = out.split(password).join("[redacted]").split(encodeURIComponent(password)).join("[redacted]");
  return out;
}

/**
 * Whether the error's own enumerable fields (which a logger such as pino writes out beside the message) hold the
 * secret, e.g. Node's invalid-URL error keeps the whole URL in `input`. Fields that cannot be written as JSON count as
 * holding it: nothing unread is passed on.
 */
function fieldsHoldSecret(error: Error, connectionString: string): boolean {
  let text: string;
  try {
    text = JSON.stringify({ ...error }) ?? "";
  } catch {
    return true;
  }
  return redactConnectionText(text, connectionString) !== text;
}

/**
 * Returns the error unchanged when it holds no secret (pg's errors normally do not: they name the user and the host),
 * and otherwise a PostgresStoreError with the same message, redacted, and code, and none of the original's other fields.
 */
export function redactConnectionSecret(error: unknown, connectionString: string): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const message = redactConnectionText(original.message, connectionString);
  const stack = original.stack === undefined ? "" : redactConnectionText(original.stack, connectionString);
  if (message === original.message && stack === (original.stack ?? "") && (connectionString === "" || !fieldsHoldSecret(original, connectionString))) return original;
  const safe = new PostgresStoreError(message, (original as { code?: string }).code);
  safe.stack = stack;
  return safe;
}
