// The host's pino logger, with every secret and personal id the plugin or host might log redacted by path.
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from "pino";

const secretKeys = [
  "password",
  "secret",
  "connectionString",
  "callbackKey",
  "previousCallbackKey",
  // A callback URL ends in its token.
  "callbackUri",
  "authorization",
  "Authorization",
  "nationalId",
  "token",
];

/** The levels a host's logger may be set to (pino's, plus "silent"), for checking a level an operator typed. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export function isLogLevel(value: string): value is LevelWithSilent {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export const redactedPaths: string[] = secretKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** Logs JSON lines to `destination`, by default stderr. */
export function createHostLogger(level: LevelWithSilent = "info", destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: "[redacted]" } };
  // stderr by default: stdout is for the labelled lines `npm start` prints.
  return pino(options, destination ?? pino.destination(2));
}
