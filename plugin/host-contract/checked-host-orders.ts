// Host orders the plugin validated against order.schema.json on a private copy of its own, so a later step may skip
// validating them again.
import type { HostOrder } from "./host-contract-types.js";

const checked = new WeakSet<object>();

/** Only for an order nothing outside the plugin holds (a hook input's private copy): a host could change its own. */
export function markCheckedHostOrder(order: HostOrder): void {
  checked.add(order);
}

export function isCheckedHostOrder(order: unknown): order is HostOrder {
  return typeof order === "object" && order !== null && checked.has(order);
}
