// A payment method code that is almost the plugin's ("Svea Instore", "SVEA_INSTORE"): meant as Svea Instore, it would
// otherwise pass as another payment method, with no link sent and the order pickable unpaid.
import { SVEA_INSTORE_PAYMENT_METHOD } from "./use-case-deps.js";

/** The payment method's labels in plugin.manifest.json (a test holds them equal): a host may store a label as the code. */
export const PAYMENT_METHOD_LABELS = ["Svea Instore (betallänk via SMS)", "Svea Instore (payment link by SMS)"] as const;

const NEAR = new Set([SVEA_INSTORE_PAYMENT_METHOD, ...PAYMENT_METHOD_LABELS].map(normalise));

function normalise(code: string): string {
  return code.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * The host's code when it differs from `svea-instore`, or from one of the manifest's labels for it, only in case,
 * spaces or punctuation; otherwise undefined.
 */
export function nearMissPaymentMethod(input: unknown): string | undefined {
  const method = (input as { order?: { paymentMethod?: unknown } } | null)?.order?.paymentMethod;
  return typeof method === "string" && isNearMissCode(method) ? method : undefined;
}

/**
 * Whether a payment method code is almost the plugin's, but not it. Cheap for any other code (picking.filter asks for
 * every order): all of them are at least as long as "sveainstore" and hold the letters of "svea" in a row, in some case
 * and perhaps with spaces or punctuation between them ("S V E A - I N S T O R E"), so most codes stop there.
 */
export function isNearMissCode(method: string): boolean {
  if (method.length < 11 || method === SVEA_INSTORE_PAYMENT_METHOD || !SVEA.test(method)) return false;
  return NEAR.has(normalise(method));
}

const SVEA = /s[^\p{L}\p{N}]*v[^\p{L}\p{N}]*e[^\p{L}\p{N}]*a/iu;
