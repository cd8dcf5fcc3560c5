// order.payment-view: one batched read, no Svea call; a view for every requested order the plugin has records for.
import type { PaymentViewInput, PaymentViewResult } from "../host-contract/host-contract-types.js";
import { toPaymentView } from "./payment-view.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export async function paymentViews(deps: Pick<UseCaseDeps, "store" | "clock">, input: PaymentViewInput): Promise<PaymentViewResult> {
  const records = await deps.store.getOrderStates(input.orderIds);
  const now = deps.clock.now();
  const views = [...new Set(input.orderIds)].flatMap((id) => {
    const record = records.get(id);
    return record ? [toPaymentView(id, record, input.locale, now)] : [];
  });
  return { views };
}
