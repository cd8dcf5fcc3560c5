// Which of Svea's own APIs a configured environment names: the words stage and production, or an address under svea.com.
import { normalisedHost } from "../../common/plain-http-target.js";
import { SVEA_BASE_URLS } from "./resolved-settings.js";

export type SveaEnvironmentName = keyof typeof SVEA_BASE_URLS;

/** Svea's own API: `stage`, `production`, or a URL on svea.com or a host under it (a custom address to the real Svea). */
export function isSveasOwn(environment: string | undefined): boolean {
  if (environment === undefined) return false;
  if (environment === "stage" || environment === "production") return true;
  if (!URL.canParse(environment)) return false;
  const host = normalisedHost(new URL(environment).hostname);
  return host === "svea.com" || host.endsWith(".svea.com");
}

/**
 * `stage` or `production` for the word itself, or for Svea's Instore API of that name at its own address (such as
 * https://webpayinstoreapi.svea.com/: its host in any case, no port or path); undefined for any other environment.
 */
export function sveaInstoreEnvironmentOf(environment: string): SveaEnvironmentName | undefined {
  if (environment === "stage" || environment === "production") return environment;
  if (!URL.canParse(environment)) return undefined;
  const url = new URL(environment);
  if (url.port !== "" || !/^\/*$/.test(url.pathname)) return undefined;
  const host = normalisedHost(url.hostname);
  return (Object.keys(SVEA_BASE_URLS) as SveaEnvironmentName[]).find((name) => new URL(SVEA_BASE_URLS[name]).hostname === host);
}
