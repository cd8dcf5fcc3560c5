// picking.filter: an Instore order is pickable only once paid. One batched read, no Svea call.
import type { LinkState, PickingFilterInput, PickingFilterResult } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";
import { linkStateLabel } from "../link-state/index.js";
import { currentLink } from "../store/index.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

const HELD_BACK_REASON: Record<Exclude<LinkState, "paid"> | "none", string> = {
  none: "no-link",
  waiting: "awaiting-payment",
  failed: "payment-failed",
  cancelled: "payment-cancelled",
  expired: "link-expired",
};

export async function pickingFilter(deps: Pick<UseCaseDeps, "store">, input: PickingFilterInput): Promise<PickingFilterResult> {
  const instore = input.orders.filter((o) => o.paymentMethod === SVEA_INSTORE_PAYMENT_METHOD).map((o) => o.id);
  const records = await deps.store.getOrderStates(instore);
  const result: PickingFilterResult = { pickable: [], heldBack: [] };
  for (const order of input.orders) {
    if (order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) {
      result.pickable.push(order.id);
      continue;
    }
    const record = records.get(order.id);
    if (record?.links.some((l) => l.state === "paid")) {
      result.pickable.push(order.id);
      continue;
    }
    const state = currentLink(record)?.state ?? "none";
    if (state === "paid") continue;
    result.heldBack.push({
      orderId: order.id,
      reason: HELD_BACK_REASON[state],
      message: t(input.locale, "picking.not-paid", { state: linkStateLabel(state, input.locale) }),
    });
  }
  return result;
}
