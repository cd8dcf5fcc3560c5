// What the customer paid for: the Svea order items of the paid link. Rebuilt from the host's order when its fingerprint
// still matches the paid link's (no Svea call); otherwise Svea's status is the authority: as the link kept it when it
// turned paid, or read now.
import { orderTotalMinor, parseDecimal, rescale } from "../../../common/money.js";
import type { OrderItem } from "../../../common/svea-instore-types.js";
import { orderItemsFromStatus } from "../status-order-items.js";
import type { HostOrder, Locale } from "../../host-contract/host-contract-types.js";
import type { LinkRecord } from "../../store/index.js";
import { buildSveaOrder, cutToLimit, SVEA_TEXT_LIMITS } from "../../svea-order/index.js";
import type { UseCaseDeps } from "../use-case-deps.js";

export interface PaidOrderItems {
  items: OrderItem[];
  currency: string;
  paidMinor: bigint;
  /** The items the host's order builds to now, when it builds: what a row is compared with to be sure it is the paid one. */
  current?: OrderItem[];
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
    return { items, currency: built.request.currency ?? order.currency, paidMinor: orderTotalMinor(items), current: items };
  }
  const current = built.ok ? { current: built.request.orderItems } : {};
  // The order changed since it was paid (or the settings did): Svea's own record of the order decides, as the link
  // kept it when it turned paid, or read now for a link paid before links kept it.
  if (link.paidItems) return { items: link.paidItems, currency: link.amount?.currency ?? order.currency, paidMinor: orderTotalMinor(link.paidItems), ...current };
  const status = await deps.svea!.getOrderStatus(link.merchantOrderNumber, { signal });
  const items = orderItemsFromStatus(status);
  return { items, currency: order.currency, paidMinor: orderTotalMinor(items), ...current };
}

/**
 * The paid item a host row became, matched by Svea's rowNumber (the host's rowNumber, or its 1-based position):
 * `changed` when the item under that number is not this row (see isPaidRow), so nothing is credited or delivered
 * for it.
 */
export function paidItemOf(order: HostOrder, rowIndex: number, paid: PaidOrderItems): { at: number; item: OrderItem } | { changed: OrderItem } | undefined {
  const row = order.rows[rowIndex];
  if (!row) return undefined;
  const rowNumber = row.rowNumber ?? rowIndex + 1;
  const at = paid.items.findIndex((i) => i.rowNumber === rowNumber);
  const item = paid.items[at];
  if (!item) return undefined;
  // The row as the host's order builds now, where it builds: all of it but the quantity must be what was paid (two
  // rows may share a name and a rate, not a price). Otherwise the row's own fields are compared.
  const now = paid.current?.find((i) => i.rowNumber === rowNumber);
  return (now ? sameButQuantity(now, item) : isPaidRow(row, item)) ? { at, item } : { changed: item };
}

function sameButQuantity(a: OrderItem, b: OrderItem): boolean {
  return (
    a.name === b.name &&
    (a.articleNumber || undefined) === (b.articleNumber || undefined) &&
    a.unitPrice === b.unitPrice &&
    a.vatPercent === b.vatPercent &&
    (a.discountPercent ?? 0) === (b.discountPercent ?? 0) &&
    (a.discountAmount ?? 0) === (b.discountAmount ?? 0)
  );
}

/**
 * Whether a host row is the row Svea was paid for under its number: the same VAT rate, and the same article number
 * (or, without one, the same name) as Svea received it. A number taken by another row since payment (a row removed
 * from an order without row numbers, rows renumbered, two rows given one number before that was refused) would
 * otherwise credit or deliver that other row, at its price and VAT rate.
 */
function isPaidRow(row: HostOrder["rows"][number], item: OrderItem): boolean {
  const vat = rescale(parseDecimal(row.vatPercent), 2);
  if (!vat.exact || Number(vat.value) !== item.vatPercent) return false;
  const article = row.articleNumber?.trim() ? cutToLimit(row.articleNumber, SVEA_TEXT_LIMITS.articleNumber).text : undefined;
  if (article !== undefined || item.articleNumber !== undefined) return article === item.articleNumber;
  // A blank name became a default one at Svea (the article number, or "#<row number>"): nothing to compare.
  return !row.name.trim() || cutToLimit(row.name, SVEA_TEXT_LIMITS.name).text === item.name;
}
