// A payment method code that is almost the plugin's ("Svea Instore", "SVEA_INSTORE"): meant as Svea Instore, it would
// otherwise pass as another payment method, with no link sent and the order pickable unpaid.
import { SVEA_INSTORE_PAYMENT_METHOD } from "./use-case-deps.js";

const NORMALISED = normalise(SVEA_INSTORE_PAYMENT_METHOD);

function normalise(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The host's code when it differs from `svea-instore` only in case, spaces or punctuation; otherwise undefined. */
export function nearMissPaymentMethod(input: unknown): string | undefined {
  const method = (input as { order?: { paymentMethod?: unknown } } | null)?.order?.paymentMethod;
  if (typeof method !== "string" || method === SVEA_INSTORE_PAYMENT_METHOD) return undefined;
  return normalise(method) === NORMALISED ? method : undefined;
}
