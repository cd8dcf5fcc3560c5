// Reading what came off the wire, shared by the Instore and Payment Admin clients: JSON that may not be JSON, the
// network error code of a failed fetch, and an ASP.NET problem document's field errors (redacted).
import type { FieldError } from "../../common/json-schema-validator.js";
import { responseValidators } from "../../common/svea-instore-schemas.js";
import { holdsUnstorableText, jsonMayHoldUnstorableText, replaceUnstorableText, rewriteJsonStrings } from "../../common/unstorable-text.js";
import { safeExcerpt, type Redactor } from "./redact-secrets.js";
import type { SveaClientLogger } from "./svea-instore-client-options.js";

/** Connection errors that prove the request never left this machine, so even a change may be sent again. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Paths of an answer's fields whose text was replaced, when some was: for a warning, never with the values. */
export type OnTextReplaced = (paths: string[]) => void;

/**
 * The answer's JSON (undefined when it is none), with every U+0000 and half a character (a lone surrogate) in its
 * texts and keys replaced by U+FFFD: whatever Svea sends, what the plugin stores and tells the host is text every
 * database holds (PostgreSQL refuses both, so a paid order's state could not be stored). `onReplaced` hears where.
 */
export function parseJson(text: string, onReplaced?: OnTextReplaced): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  if (!jsonMayHoldUnstorableText(text)) return parsed;
  const storable = rewriteJsonStrings(parsed, holdsUnstorableText, (t) => replaceUnstorableText(t));
  if (storable.paths.length > 0) onReplaced?.(storable.paths);
  return storable.value;
}

/** At most this many field paths in one warning; the count says how many there were. */
const REPLACED_PATHS_LOGGED = 20;

/** The warning that reports a replacement (never silent): the call, and which fields, redacted, without their text. */
export function textReplacedWarning(logger: SveaClientLogger | undefined, call: Record<string, unknown>, redact: Redactor): OnTextReplaced {
  return (paths) =>
    logger?.warn(
      { ...call, fields: paths.slice(0, REPLACED_PATHS_LOGGED).map(redact), fieldCount: paths.length },
      "svea answer held text no database stores as it is (U+0000 or half a character): replaced with U+FFFD before it was stored or passed to the host",
    );
}

export function networkErrorCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** The `errors` of an RFC 7807 problem document as field errors, paths as ASP.NET writes them less the leading `$.`. */
export function problemFieldErrors(text: string, redact: Redactor, onReplaced?: OnTextReplaced): FieldError[] {
  const parsed = parseJson(text, onReplaced);
  const problem = parsed === undefined ? undefined : responseValidators.problemDetails(parsed);
  if (!problem?.ok) return [];
  const out: FieldError[] = [];
  for (const [key, messages] of Object.entries(problem.value.errors ?? {})) {
    const path = redact(key.replace(/^\$\.?/, ""));
    for (const message of messages) out.push({ path, rule: "svea", message: safeExcerpt(message, redact) });
  }
  if (out.length === 0 && problem.value.detail) out.push({ path: "", rule: "svea", message: safeExcerpt(problem.value.detail, redact) });
  return out;
}
