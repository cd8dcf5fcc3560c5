// Every JSON answer of the mock says its charset, as ASP.NET's (Svea's server's) JSON answers do and as its problem documents already did.
import type { MiddlewareHandler } from "hono";

/** What ASP.NET's JSON output sends, and what the mock sends with its own JSON (answers and callbacks). */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** Hono's c.json says `application/json` alone; an answer that says just that is given the charset. */
export function jsonCharset(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.headers.get("content-type") === "application/json") c.res.headers.set("content-type", JSON_CONTENT_TYPE);
  };
}
