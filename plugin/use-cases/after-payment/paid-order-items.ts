// What the customer paid for: the Svea order items of the paid link. Rebuilt from the host's order when its fingerprint
// still matches the paid link's (no Svea call); otherwise read from Svea's status, which is the authority.
import { orderTotalMinor } from "../../../common/money.js";
import type { OrderItem } from "../../../common/svea-instore-types.js";
import type { HostOrder, Locale } from "../../host-contract/host-contract-types.js";
import type { LinkRecord } from "../../store/index.js";
import { buildSveaOrder } from "../../svea-order/index.js";
import type { UseCaseDeps } from "../use-case-deps.js";

export interface PaidOrderItems {
  items: OrderItem[];
  currency: string;
  paidMinor: bigint;
}

export async function paidOrderItems(deps: UseCaseDeps, order: HostOrder, link: LinkRecord, locale: Locale, signal: AbortSignal): Promise<PaidOrderItems> {
  const built = buildSveaOrder({
    order,
    settings: deps.settings,
    merchantOrderNumber: link.merchantOrderNumber,
    callbackUri: deps.callbackUrlFor(link.merchantOrderNumber),
    locale,
  });
  if (built.ok && built.fingerprint === link.fingerprint) {
    const items = built.request.orderItems;
    return { items, currency: built.request.currency ?? order.currency, paidMinor: orderTotalMinor(items) };
  }
  // The order changed since it was paid (or the settings did): Svea's own record of the order decides.
  const status = await deps.svea!.getOrderStatus(link.merchantOrderNumber, { signal });
  const items: OrderItem[] = (status.orderItems ?? []).map((i) => {
    const item: OrderItem = { name: i.name, quantity: i.quantity, unitPrice: i.unitPrice, vatPercent: i.vatPercent, unit: i.unit ?? "st" };
    if (i.articleNumber != null) item.articleNumber = i.articleNumber;
    if (i.discountPercent != null) item.discountPercent = i.discountPercent;
    if (i.discountAmount != null) item.discountAmount = i.discountAmount;
    if (i.rowNumber != null) item.rowNumber = i.rowNumber;
    return item;
  });
  return { items, currency: order.currency, paidMinor: orderTotalMinor(items) };
}

/** The paid item a host row became: matched by Svea's rowNumber (the host's rowNumber, or its 1-based position). */
export function paidItemIndexOf(order: HostOrder, rowIndex: number, paid: PaidOrderItems): number {
  const row = order.rows[rowIndex];
  if (!row) return -1;
  const rowNumber = row.rowNumber ?? rowIndex + 1;
  return paid.items.findIndex((i) => i.rowNumber === rowNumber);
}
