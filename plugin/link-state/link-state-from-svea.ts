// The one place that turns what Svea reports about a link into the plugin's link state.
import type { LinkState } from "../host-contract/host-contract-types.js";

export type SveaOrderStatus = "Active" | "Completed" | "Canceled";

export interface SveaLinkObservation {
  status: SveaOrderStatus;
  /** When the link stops working (epoch ms): created at + minutesUntilLinkExpires. */
  expiresAt: number;
  now: number;
  /** The plugin itself cancelled this link (re-save, delete, renewing a failed link). */
  canceledByPlugin: boolean;
}

/**
 * Svea does not document what an expired link reports, so:
 * - Completed is paid, whatever else is known (money moved).
 * - Active at or past its expiry is expired: the customer can no longer pay it.
 * - Canceled by the plugin is cancelled (black), even after expiry: the plugin knows it ended the link itself.
 * - Canceled otherwise is cancelled before expiry (the customer declined) and expired from expiry on
 *   (Svea ended it because its time ran out).
 */
export function linkStateFromSvea(input: SveaLinkObservation): LinkState {
  const expired = input.now >= input.expiresAt;
  switch (input.status) {
    case "Completed":
      return "paid";
    case "Active":
      return expired ? "expired" : "waiting";
    case "Canceled":
      return input.canceledByPlugin || !expired ? "cancelled" : "expired";
    default:
      return assertNever(input.status);
  }
}

function assertNever(status: never): never {
  throw new TypeError(`unknown Svea order status ${JSON.stringify(status)}`);
}
