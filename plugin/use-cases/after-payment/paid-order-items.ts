// What the customer paid for: the Svea order items of the paid link. Rebuilt from the host's order when its fingerprint
// still matches the paid link's (no Svea call); otherwise Svea's status is the authority: as the link kept it when it
// turned paid, or read now.
import { orderTotalMinor } from "../../../common/money.js";
import type { OrderItem } from "../../../common/svea-instore-types.js";
import { orderItemsFromStatus } from "../status-order-items.js";
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
  // The order changed since it was paid (or the settings did): Svea's own record of the order decides, as the link
  // kept it when it turned paid, or read now for a link paid before links kept it.
  if (link.paidItems) return { items: link.paidItems, currency: link.amount?.currency ?? order.currency, paidMinor: orderTotalMinor(link.paidItems) };
  const status = await deps.svea!.getOrderStatus(link.merchantOrderNumber, { signal });
  const items = orderItemsFromStatus(status);
  return { items, currency: order.currency, paidMinor: orderTotalMinor(items) };
}

/** The paid item a host row became: matched by Svea's rowNumber (the host's rowNumber, or its 1-based position). */
export function paidItemIndexOf(order: HostOrder, rowIndex: number, paid: PaidOrderItems): number {
  const row = order.rows[rowIndex];
  if (!row) return -1;
  const rowNumber = row.rowNumber ?? rowIndex + 1;
  return paid.items.findIndex((i) => i.rowNumber === rowNumber);
}
