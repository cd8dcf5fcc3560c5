// Turns anything thrown in a route into the problem document of problem-document.ts; never a stack trace to a caller.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import { StateStoreStoppedError } from "./state/state-store-stopped-error.js";
import { MockSveaError, PROBLEM_CONTENT_TYPE, problemDocument, type MockSveaErrorStatus } from "./problem-document.js";

/**
 * The problem document, with the request id as its `traceId` and, as on every other answer, in `X-Request-Id` (hono's
 * requestId middleware sets the header on the answer a route gives; a refusal is a new Response that would lack it).
 */
export function problemResponse(c: Context, error: MockSveaError): Response {
  const requestId: string = c.get("requestId") ?? "";
  const body = problemDocument(error.status, error.detail, error.fieldErrors, requestId);
  const headers: Record<string, string> = { "content-type": PROBLEM_CONTENT_TYPE, ...error.headers };
  if (requestId) headers["x-request-id"] = requestId;
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

export function errorHandler(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof MockSveaError) return problemResponse(c, err);
    if (err instanceof HTTPException) {
      // Hono's own middleware (basicAuth) throws these; keep its headers (WWW-Authenticate) and our body shape.
      const original = err.getResponse();
      const headers: Record<string, string> = {};
      const challenge = original.headers.get("www-authenticate");
      if (challenge) headers["www-authenticate"] = challenge;
      const detail = err.status === 401 ? "missing or wrong merchant credentials (HTTP Basic)" : err.message;
      return problemResponse(c, new MockSveaError(err.status as MockSveaErrorStatus, detail, [], headers));
    }
    // The store said once why it stopped; each refused request is one short line, and the caller is told to restart it.
    if (err instanceof StateStoreStoppedError) {
      logger.warn({ reqId: c.get("requestId"), restartRequired: true }, "request refused: the state store has stopped and the mock must be restarted");
      return problemResponse(c, new MockSveaError(503, err.message));
    }
    logger.error({ reqId: c.get("requestId"), err: { name: err.name, message: err.message } }, "unexpected error");
    return problemResponse(c, new MockSveaError(500, "the mock failed unexpectedly; see its log"));
  };
}
