// Whether a browser sent a state-changing request from another site's page: one rule for the host's clerk API and the
// mock's admin API and checkout forms.

/** A request's method and the headers a browser sets on it (names lower-case, as Hono's `c.req.header` reads them). */
export interface BrowserRequestSigns {
  method: string;
  header: (name: string) => string | undefined;
}

/**
 * True when a request that is not a GET comes from another site, as the browser tells it: `Sec-Fetch-Site` other than
 * same-origin (or none: typed or bookmarked) decides where it is sent (a same-origin page with no-referrer posts
 * `Origin: null`); a browser that sends none (old ones, and Chromium to a plain-http name that is not loopback) is
 * judged by an `Origin` that `isOwnOrigin` does not accept. Scripts and servers send neither and are let in.
 */
export function isCrossSiteRequest(request: BrowserRequestSigns, isOwnOrigin: (origin: string) => boolean): boolean {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return false;
  const site = request.header("sec-fetch-site");
  if (site !== undefined) return site !== "same-origin" && site !== "none";
  const origin = request.header("origin");
  return origin !== undefined && !isOwnOrigin(origin);
}
