// The admin API and the checkout forms change the mock's state (reset, pay, decline, faults): a page on another site,
// open in the developer's browser, must not be able to post to them.
import type { MiddlewareHandler } from "hono";
import { isCrossSiteRequest } from "../common/cross-site-request.js";
import type { MockSveaEnv } from "./mock-svea-env.js";
import { MockSveaError } from "./problem-document.js";

/**
 * Refuses a request a browser says comes from another site (see isCrossSiteRequest): its `Origin` must be the mock's
 * own, as the request addressed it. Scripts, tests and the reference host's sandbox control send neither sign.
 */
export function crossSiteGuard(): MiddlewareHandler<MockSveaEnv> {
  return async (c, next) => {
    if (!isCrossSiteRequest(c.req, (origin) => origin === new URL(c.req.url).origin)) return next();
    const shown = c.req.header("origin") ?? c.req.header("sec-fetch-site") ?? "";
    throw new MockSveaError(403, `a request from another site (${shown.slice(0, 100)}) may not change the mock's state`);
  };
}
