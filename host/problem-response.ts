// The one shape of every error the clerk API answers with: an RFC 7807 problem document with a stable code.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldError } from "../common/json-schema-validator.js";

export function problem(c: Context, status: ContentfulStatusCode, code: string, title: string, errors?: readonly FieldError[]): Response {
  const body = { type: "about:blank", status, code, title, ...(errors ? { errors } : {}) };
  return c.body(JSON.stringify(body), status, { "content-type": "application/problem+json; charset=utf-8" });
}
