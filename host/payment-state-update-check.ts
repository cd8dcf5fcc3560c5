// The orders port the host lends the plugin checks each payment-state update against the host contract, as the
// dispatcher checks every hook's answer: an update outside the schema is refused (the plugin logs it and reconcile
// tells the host again), never stored as if it were the plugin's word.
import { hostContractValidators } from "../plugin/host-contract/host-contract-schemas.js";
import type { PaymentStateUpdate } from "../plugin/host-contract/host-contract-types.js";
import type { PluginLogger } from "../plugin/host-contract/plugin-api.js";
import { PluginCallError } from "./plugin-dispatcher.js";

export function checkedPaymentStateUpdates(
  setPaymentState: (update: PaymentStateUpdate) => Promise<void>,
  logger: PluginLogger,
): (update: PaymentStateUpdate) => Promise<void> {
  return async (update) => {
    const checked = hostContractValidators.paymentStateUpdate(update);
    if (!checked.ok) {
      // Field paths and rules only: an update carries the customer's address, which the log does not need.
      const errors = checked.errors.map(({ path, rule }) => ({ path, rule }));
      const orderId = typeof (update as { orderId?: unknown } | null)?.orderId === "string" ? update.orderId : null;
      logger.error({ orderId, errors }, "plugin payment state update violates the host contract: refused");
      throw new PluginCallError("plugin-contract-violation", 502, "orders.setPaymentState");
    }
    await setPaymentState(checked.value);
  };
}
