// The one place that builds every error the mock answers: an RFC 7807 problem document, shaped as ASP.NET Core shapes it.
import { groupFieldErrors, type FieldError } from "../common/json-schema-validator.js";
import type { ProblemDetails } from "../common/svea-instore-types.js";

const TYPES: Record<number, string> = {
  400: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
  401: "https://tools.ietf.org/html/rfc9110#section-15.5.2",
  403: "https://tools.ietf.org/html/rfc9110#section-15.5.4",
  404: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
  405: "https://tools.ietf.org/html/rfc9110#section-15.5.6",
  409: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
  413: "https://tools.ietf.org/html/rfc9110#section-15.5.14",
  415: "https://tools.ietf.org/html/rfc9110#section-15.5.16",
  422: "https://tools.ietf.org/html/rfc9110#section-15.5.21",
  429: "https://tools.ietf.org/html/rfc6585#section-4",
  500: "https://tools.ietf.org/html/rfc9110#section-15.6.1",
  502: "https://tools.ietf.org/html/rfc9110#section-15.6.3",
  503: "https://tools.ietf.org/html/rfc9110#section-15.6.4",
  504: "https://tools.ietf.org/html/rfc9110#section-15.6.5",
};

const TITLES: Record<number, string> = {
  400: "One or more validation errors occurred.",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "An error occurred while processing your request.",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export type MockSveaErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 504;

/** Every refusal of the mock is one of these; the error handler turns it into a problem document. */
export class MockSveaError extends Error {
  override readonly name = "MockSveaError";
  constructor(
    readonly status: MockSveaErrorStatus,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  /** A 400 naming one field and its rule. */
  static invalid(path: string, rule: string, message: string): MockSveaError {
    return new MockSveaError(400, `${path || "body"}: ${message}`, [{ path, rule, message }]);
  }
}

/** The problem document for a refusal. `traceId` ties it to the request id in logs and journals. */
export function problemDocument(status: MockSveaErrorStatus, detail: string | undefined, fieldErrors: readonly FieldError[], traceId: string): ProblemDetails {
  const doc: ProblemDetails = { type: TYPES[status] ?? "about:blank", title: TITLES[status] ?? "Error", status };
  if (fieldErrors.length > 0) doc.errors = groupFieldErrors(fieldErrors);
  else if (detail) doc.detail = detail;
  doc.traceId = traceId;
  return doc;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";
