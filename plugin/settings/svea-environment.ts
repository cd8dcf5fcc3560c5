// Which of Svea's own APIs a configured environment names: the words stage and production, or an address under svea.com.
import { normalisedHost } from "../../common/plain-http-target.js";
import { SVEA_PAYMENT_ADMIN_BASE_URLS } from "../svea-payment-admin-client/payment-admin-client-options.js";
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
  return sveaEnvironmentAt(environment, SVEA_BASE_URLS);
}

/** The same for Payment Admin: the word, or Svea's Payment Admin API of that name at its own address (https://paymentadminapi.svea.com). */
export function sveaPaymentAdminEnvironmentOf(environment: string): SveaEnvironmentName | undefined {
  return sveaEnvironmentAt(environment, SVEA_PAYMENT_ADMIN_BASE_URLS);
}

function sveaEnvironmentAt(environment: string, addresses: Record<SveaEnvironmentName, string>): SveaEnvironmentName | undefined {
  if (environment === "stage" || environment === "production") return environment;
  if (!URL.canParse(environment)) return undefined;
  const url = new URL(environment);
  if (url.port !== "" || !/^\/*$/.test(url.pathname)) return undefined;
  const host = normalisedHost(url.hostname);
  return (Object.keys(addresses) as SveaEnvironmentName[]).find((name) => new URL(addresses[name]).hostname === host);
}
