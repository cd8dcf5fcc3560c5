// A payment the host is being told of before the store records it: a save the host makes from inside that report
// must answer "paid", not the stored "waiting" it would otherwise read.
import type { OrderPaymentRecord } from "../store/index.js";

/** Per plugin runtime (its deps), per order: the record as it stands once the paid link being reported is stored. */
const reporting = new WeakMap<object, Map<string, OrderPaymentRecord>>();

/** Runs `report` with the order's paid record visible to paidBeingReported for its duration. */
export async function whileReportingPaid<T>(deps: object, orderId: string, record: OrderPaymentRecord, report: () => Promise<T>): Promise<T> {
  let orders = reporting.get(deps);
  if (!orders) reporting.set(deps, (orders = new Map()));
  orders.set(orderId, record);
  try {
    return await report();
  } finally {
    if (orders.get(orderId) === record) orders.delete(orderId);
  }
}

/** The paid record being reported to the host for this order right now, if any. */
export function paidBeingReported(deps: object, orderId: string): OrderPaymentRecord | undefined {
  return reporting.get(deps)?.get(orderId);
}
