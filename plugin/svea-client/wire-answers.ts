// Reading what came off the wire, shared by the Instore and Payment Admin clients: JSON that may not be JSON, the
// network error code of a failed fetch, and an ASP.NET problem document's field errors (redacted).
import type { FieldError } from "../../common/json-schema-validator.js";
import { responseValidators } from "../../common/svea-instore-schemas.js";
import { safeExcerpt, type Redactor } from "./redact-secrets.js";

/** Connection errors that prove the request never left this machine, so even a change may be sent again. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function networkErrorCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** The `errors` of an RFC 7807 problem document as field errors, paths as ASP.NET writes them less the leading `$.`. */
export function problemFieldErrors(text: string, redact: Redactor): FieldError[] {
  const parsed = parseJson(text);
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
