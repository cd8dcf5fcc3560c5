// The host's orders port as the use cases call it: each call is a call into the host, which may save the order from inside it.
import { callingHost } from "../store/held-locks.js";
import type { OrdersPort } from "./plugin-api.js";

/**
 * Every call goes through callingHost, so a host that saves (or deletes...) the order it is being told about, from
 * inside `setPaymentState` or `get`, gets in as nested work of the order's holder, and the holder goes on only once
 * that work is done. The host's methods are looked up at call time: a host (or a test) may replace them later.
 */
export function callingHostOrders(orders: OrdersPort): OrdersPort {
  return {
    get: (orderId) => callingHost(() => orders.get(orderId)),
    setPaymentState: (update) => callingHost(() => orders.setPaymentState(update)),
  };
}
