// The admin API and the checkout forms change the mock's state (reset, pay, decline, faults): a page on another site,
// open in the developer's browser, must not be able to post to them.
import type { MiddlewareHandler } from "hono";
import type { MockSveaEnv } from "./mock-svea-env.js";
import { MockSveaError } from "./problem-document.js";

/**
 * Refuses a request that is not a GET when the browser says it comes from another site: `Sec-Fetch-Site` other than
 * same-origin (or none: typed or bookmarked), or, from a browser that sends no `Sec-Fetch-Site`, an `Origin` that is
 * not the mock's own (as the request addressed it).
 * Scripts, tests and the reference host's sandbox control send neither and are let in.
 */
export function crossSiteGuard(): MiddlewareHandler<MockSveaEnv> {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    // Sec-Fetch-Site, where the browser sends it, decides: a page with no-referrer (the checkout's) posts Origin: null.
    const foreign = site !== undefined ? site !== "same-origin" && site !== "none" : origin !== undefined && origin !== new URL(c.req.url).origin;
    if (foreign)
      throw new MockSveaError(403, `a request from another site (${(origin ?? site ?? "").slice(0, 100)}) may not change the mock's state`);
    return next();
  };
}
