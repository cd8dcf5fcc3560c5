// picking.filter: an Instore order is pickable only once paid. One batched read of payment summaries, no Svea call.
import type { LinkState, Locale, PickingFilterInput, PickingFilterResult } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";
import { linkStateLabel } from "../link-state/index.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

type HeldBackState = Exclude<LinkState, "paid"> | "none";

const HELD_BACK_REASON: Record<HeldBackState, string> = {
  none: "no-link",
  waiting: "awaiting-payment",
  failed: "payment-failed",
  cancelled: "payment-cancelled",
  expired: "link-expired",
};

// A picking list may hold 100,000 orders: each message is rendered once per locale and state, not once per order.
const messages = new Map<string, string>();
function heldBackMessage(locale: Locale, state: HeldBackState): string {
  const key = `${locale}:${state}`;
  let message = messages.get(key);
  if (message === undefined) {
    message = t(locale, "picking.not-paid", { state: linkStateLabel(state, locale) });
    messages.set(key, message);
  }
  return message;
}

export async function pickingFilter(deps: Pick<UseCaseDeps, "store">, input: PickingFilterInput): Promise<PickingFilterResult> {
  const { orders, locale } = input;
  const instore: string[] = [];
  for (const order of orders) if (order.paymentMethod === SVEA_INSTORE_PAYMENT_METHOD) instore.push(order.id);
  const summaries = await deps.store.getPaymentSummaries(instore);
  const result: PickingFilterResult = { pickable: [], heldBack: [] };
  // summaries[next] belongs to the next Instore order in input order.
  let next = 0;
  for (const order of orders) {
    if (order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) {
      result.pickable.push(order.id);
      continue;
    }
    const summary = summaries[next++];
    const state = summary?.current ?? "none";
    // Pickable once any of its links is paid, whatever became of later ones.
    if (summary?.paid || state === "paid") {
      result.pickable.push(order.id);
      continue;
    }
    result.heldBack.push({ orderId: order.id, reason: HELD_BACK_REASON[state], message: heldBackMessage(locale, state) });
  }
  return result;
}
