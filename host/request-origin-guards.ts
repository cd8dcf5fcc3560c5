// Who may reach the clerk's pages and API: requests addressed to one of this host's names (no DNS rebinding), and no
// state-changing API call or page post from another site's page (no cross-site request forgery).
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Locale } from "../plugin/host-contract/host-contract-types.js";
import { isCrossSiteRequest } from "../common/cross-site-request.js";
import { isLocale } from "./clerk-locale.js";
import { hostMessage } from "./host-messages.js";
import { problem } from "./problem-response.js";

/** A name the host answers to, as the `allowedHosts` option and its environment variables take it: `name` or `name:port`. */
const ALLOWED_HOST_ENTRY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The entries of a comma-separated list (an environment variable), or the first entry that is no host name. */
export function parseAllowedHosts(text: string): { ok: true; hosts: string[] } | { ok: false; entry: string } {
  const hosts = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const bad = hosts.find((entry) => !ALLOWED_HOST_ENTRY.test(entry));
  return bad === undefined ? { ok: true, hosts } : { ok: false, entry: bad };
}

/**
 * Whether a `Host` (or an origin's host) is one of this host's: the loopback names at its port, and each extra entry
 * (a name with a port allows that port only; a name alone, any port, as a proxy in front may forward it either way).
 */
export function allowedHostRule(port: number, extra: readonly string[]): (host: string) => boolean {
  const loopback = ["127.0.0.1", "localhost", "[::1]"];
  // An origin leaves out its scheme's default port, and so may a client's Host.
  const exact = new Set([...loopback.map((name) => `${name}:${port}`), ...(port === 80 ? loopback : [])]);
  const anyPort = new Set<string>();
  for (const entry of extra) {
    const lower = entry.toLowerCase();
    if (/:\d+$/.test(lower)) exact.add(lower);
    else anyPort.add(lower);
  }
  return (host) => {
    const lower = host.toLowerCase();
    return exact.has(lower) || anyPort.has(lower.replace(/:\d+$/, ""));
  };
}

const cut = (text: string) => (text.length <= 100 ? text : `${text.slice(0, 100)}…`);

const localeOf = (language: unknown, fallback: Locale): Locale => (isLocale(language) ? language : fallback);

/**
 * Refuses a request whose `Host` is none of this host's names, except under `openPrefix` (the plugin's routes: Svea
 * calls back at the public name, and a callback carries its own token). A page on another site whose name was made to
 * point at 127.0.0.1 (DNS rebinding) is same-origin to the browser, so only the name tells it apart. A request with no
 * `Host` (an HTTP/1.0 client, or the host calling its own API in process) has no name to check.
 */
export function hostNameGuard(isAllowed: (host: string) => boolean, openPrefix: string, defaultLocale: Locale): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header("host");
    const path = c.req.path;
    if (host === undefined || isAllowed(host) || path === openPrefix || path.startsWith(`${openPrefix}/`)) return next();
    return problem(c, 403, "host-not-allowed", hostMessage(localeOf(c.get("language"), defaultLocale), "host-not-allowed", { host: cut(host) }));
  };
}

/**
 * Refuses a clerk API call that a browser says comes from another site (see isCrossSiteRequest): its `Origin` must be
 * exactly the address the call came to (scheme, name and port: another port on an allowed name is another site).
 */
export function crossSiteApiGuard(defaultLocale: Locale): MiddlewareHandler {
  return async (c, next) => {
    if (!fromAnotherSite(c)) return next();
    const locale = localeOf(c.get("language"), defaultLocale);
    const shown = c.req.header("origin") ?? c.req.header("sec-fetch-site") ?? "";
    return problem(c, 403, "cross-site-request", hostMessage(locale, "cross-site-request", { origin: cut(shown) }));
  };
}

/**
 * The same rule for the clerk's pages, whatever the post's content type (Hono's `csrf()` judges form types only, so a
 * JSON post marked cross-site ran a page's action): throws a 403 HTTPException, which the pages answer in the clerk's
 * words.
 */
export function crossSitePageGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (fromAnotherSite(c)) throw new HTTPException(403);
    return next();
  };
}

const fromAnotherSite = (c: Context) => isCrossSiteRequest(c.req, (origin) => isOwnOrigin(origin, c.req.header("host")));

/** Whether `origin` is the very address a request with this `Host` came to (http, or https behind a proxy). */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase();
  const own = [`http://${name.replace(/:80$/, "")}`, `https://${name.replace(/:443$/, "")}`];
  return own.includes(origin.toLowerCase());
}
