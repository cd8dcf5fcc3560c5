// The mock's 413 body limit: Hono's bodyLimit, without making every request pay for a full fetch Request.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { MockSveaError } from "./problem-document.js";

/**
 * Hono's bodyLimit starts by reading `c.req.raw.body`; on @hono/node-server that builds a complete fetch Request (web
 * stream, AbortSignal, Headers) for every request, GETs included, and forces the body through that stream afterwards.
 * A GET or HEAD has no body, and a body with a Content-Length (and no Transfer-Encoding) is judged by that header, as
 * bodyLimit itself does; only a chunked body goes through bodyLimit's streaming count.
 */
export function bodySizeLimit(maxSize: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new MockSveaError(413, `the request body is larger than ${maxSize} bytes`);
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return (c: Context, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      return Number.parseInt(length, 10) > maxSize ? tooLarge() : next();
    }
    return streamed(c, next);
  };
}
