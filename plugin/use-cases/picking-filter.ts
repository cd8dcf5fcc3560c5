// picking.filter: an Instore order is pickable only once paid. One batched read of payment summaries, no Svea call.
import type { Locale, PickingFilterInput, PickingFilterResult } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";
import { linkStateLabel } from "../link-state/index.js";
import type { SummaryState } from "../store/index.js";
import { isNearMissCode } from "./payment-method-near-miss.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

type HeldBackState = Exclude<SummaryState, "paid">;

const HELD_BACK_REASON: Record<HeldBackState, string> = {
  none: "no-link",
  waiting: "awaiting-payment",
  failed: "payment-failed",
  cancelled: "payment-cancelled",
  expired: "link-expired",
  annulled: "payment-annulled",
  credited: "payment-credited",
  "refund-unknown": "refund-unknown",
  // The latest create's answer was lost: the customer may have the link and pay it. Not "no-link" nor "payment-failed".
  checking: "payment-being-checked",
};

// A picking list may hold 100,000 orders: each message is rendered once per locale and state, not once per order.
const messages: Record<Locale, Partial<Record<HeldBackState, string>>> = { sv: {}, en: {} };
function heldBackMessage(locale: Locale, state: HeldBackState): string {
  return (messages[locale][state] ??=
    state === "annulled"
      ? t(locale, "picking.annulled")
      : state === "credited"
        ? t(locale, "picking.credited")
        : state === "refund-unknown"
          ? t(locale, "picking.refund-unknown")
          : t(locale, "picking.not-paid", { state: linkStateLabel(state, locale) }));
}

export async function pickingFilter(deps: Pick<UseCaseDeps, "store">, input: PickingFilterInput): Promise<PickingFilterResult> {
  const { orders, locale } = input;
  // Taken in the same tick as validation: what the host does to its array while the store answers changes nothing here.
  const ids = new Array<string>(orders.length);
  const isInstore = new Uint8Array(orders.length);
  const instore: string[] = [];
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    ids[i] = order.id;
    if (order.paymentMethod === SVEA_INSTORE_PAYMENT_METHOD) {
      isInstore[i] = 1;
      instore.push(order.id);
    }
  }
  const summaries = await deps.store.getPaymentSummaries(instore);
  const result: PickingFilterResult = { pickable: [], heldBack: [] };
  // summaries[next] belongs to the next Instore order.
  let next = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (isInstore[i] === 0) {
      // Meant as Svea Instore (an import, an API that skipped order.save's refusal): it would be picked unpaid.
      const method = orders[i]!.paymentMethod;
      if (typeof method === "string" && isNearMissCode(method))
        result.heldBack.push({ orderId: id, reason: "payment-method-near-miss", message: t(locale, "picking.payment-method-near-miss", { method: method.slice(0, 60) }) });
      else result.pickable.push(id);
      continue;
    }
    const summary = summaries[next++];
    const state = summary?.current ?? "none";
    // Pickable once any of its links holds a payment that still stands (paid, not annulled nor credited in full), whatever became of later ones.
    if (summary?.paid || state === "paid") {
      result.pickable.push(id);
      continue;
    }
    result.heldBack.push({ orderId: id, reason: HELD_BACK_REASON[state], message: heldBackMessage(locale, state) });
  }
  return result;
}
