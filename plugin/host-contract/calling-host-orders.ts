// The host's orders port as the use cases call it: each call is a call into the host, which may save the order from inside it.
import type { Clock } from "../../common/clock.js";
import type { FieldError } from "../../common/json-schema-validator.js";
import { callingHost } from "../store/held-locks.js";
import { copyPlainData } from "../store/plain-data-copy.js";
import { hostContractValidators } from "./host-contract-schemas.js";
import type { HostOrder } from "./host-contract-types.js";
import type { OrdersPort, PluginLogger } from "./plugin-api.js";

/** A call into the host that takes this long is logged as hanging (once): the order's lock waits for it. */
export const SLOW_HOST_CALL_MS = 10_000;

/**
 * `orders.get` answered something that is not an order of the host contract (a JSON string not parsed, a row without
 * its price...). Thrown, never read as "the host has another version of the order": that reading cancels the
 * customer's link. Reconcile logs it and tries again on its next run.
 */
export class HostOrderInvalidError extends Error {
  override readonly name = "HostOrderInvalidError";
  readonly code = "host-order-invalid";
  readonly status = 502;
  constructor(
    readonly orderId: string,
    readonly errors: FieldError[],
  ) {
    super(`orders.get("${orderId}") answered what is not an order of the host contract: ${errors.map((e) => `${e.path || "(order)"} ${e.message}`).join("; ")}`);
  }
}

/**
 * Every call goes through callingHost, so a host that saves (or deletes...) the order it is being told about, from
 * inside `setPaymentState` or `get`, gets in as nested work of the order's holder, and the holder goes on only once
 * that work is done. The host's methods are looked up at call time: a host (or a test) may replace them later.
 * What `get` answers is checked against the host contract (on a copy: the host's object is never changed).
 */
export function callingHostOrders(orders: OrdersPort, watch: { clock: Clock; logger: PluginLogger }): OrdersPort {
  const watched = <T>(hostCall: string, orderId: string, call: () => Promise<T>): Promise<T> => {
    // Nothing cuts a host's call short (its nested save may still be under way), but a hang must not be silent: the
    // order stays locked, and reconcile and deactivate wait, until it returns.
    const warn = () => watch.logger.warn({ orderId, hostCall, waitingMs: SLOW_HOST_CALL_MS }, "a call into the host has not returned; the order stays locked until it does");
    const cancel = startTimer(watch.clock, SLOW_HOST_CALL_MS, warn);
    return callingHost(call).finally(cancel);
  };
  return {
    get: async (orderId) => {
      const order: unknown = await watched("orders.get", orderId, () => orders.get(orderId));
      if (order === undefined || order === null) return undefined;
      const checked = hostContractValidators.order(copyPlainData(order));
      if (!checked.ok) throw new HostOrderInvalidError(orderId, checked.errors);
      return checked.value as HostOrder;
    },
    setPaymentState: (update) => watched("orders.setPaymentState", update.orderId, () => orders.setPaymentState(update)),
  };
}

/** `fn` after `ms` of the clock's time, unless cancelled first; the clock's own timer where it has one (no promise). */
function startTimer(clock: Clock, ms: number, fn: () => void): () => void {
  if (clock.timer) return clock.timer(ms, fn, { keepAlive: false });
  const giveUp = new AbortController();
  clock.sleep(ms, giveUp.signal).then(fn, () => {});
  return () => giveUp.abort();
}
