// Which version of an order the host holds now, as the fingerprint of the Svea order it would build: compared with
// what a link sent, it says whether a link (or a payment) is for the order the host has.
import type { HostOrder } from "../host-contract/host-contract-types.js";
import { buildSveaOrder } from "../svea-order/index.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

/** The Svea order the plugin would send for the host's order, outside any clerk's save (the default locale's texts). */
export const buildForHost = (deps: UseCaseDeps, order: HostOrder) =>
  buildSveaOrder({ order, settings: deps.settings, merchantOrderNumber: "provisional", callbackUri: deps.callbackUrlFor("provisional"), locale: deps.settings.defaultLocale });

/**
 * The fingerprint of what the host's order would send Svea now, or null when the host has no such order, it is not a
 * Svea Instore order any more, or it does not build. Host failures are thrown.
 */
export async function hostVersionFingerprint(deps: UseCaseDeps, orderId: string): Promise<string | null> {
  const order = await deps.orders.get(orderId);
  if (!order || order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) return null;
  const built = buildForHost(deps, order);
  return built.ok ? built.fingerprint : null;
}

/** Whether the host's order now would not send what `fingerprint` stands for (another version, or none). Unknown (empty) fingerprints never differ. */
export async function hostVersionDiffers(deps: UseCaseDeps, orderId: string, fingerprint: string | null): Promise<boolean> {
  if (!fingerprint) return false;
  return (await hostVersionFingerprint(deps, orderId)) !== fingerprint;
}
