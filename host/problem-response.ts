// Every error the clerk API answers with, as a problem document (common/problem-document.ts) with a stable code.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { fieldProblem } from "../common/field-problem-text.js";
import { PROBLEM_CONTENT_TYPE, problemDocument } from "../common/problem-document.js";
import type { FieldError } from "../common/json-schema-validator.js";
import type { Locale } from "../plugin/host-contract/host-contract-types.js";

/** `errors`, when given, are each answered as `{path, rule, message}` with the message in the clerk's language. */
export function problem(c: Context, status: ContentfulStatusCode, code: string, title: string, errors?: { list: readonly FieldError[]; locale: Locale }): Response {
  const fields = errors?.list.map((e) => ({ path: e.path, rule: e.rule, message: fieldProblem(e, errors.locale) }));
  return c.body(problemDocument(status, code, title, fields ? { errors: fields } : {}), status, { "content-type": PROBLEM_CONTENT_TYPE });
}

/** A request that failed, as the host's failure answer needs it (a page's error handler and the API's give the same). */
export interface FailedRequest {
  path: string;
  /** The clerk's language as the locale middleware set it (anything else: the host's default). */
  language: unknown;
  requestId: string | undefined;
}

/** What the host answers a failed request: a problem document from the API, a page from the clerk's pages. */
export interface FailureAnswer {
  status: 500 | 503;
  code: string;
  title: string;
}
