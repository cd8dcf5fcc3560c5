// Reading and writing a paid link's AfterPaymentRecord: its totals, its pending call, and the one putLink that stores it.
import { formatHundredths, formatMinor } from "../../../common/money.js";
import type { Locale, PaymentView } from "../../host-contract/host-contract-types.js";
import { t } from "../../i18n/index.js";
import type { LinkRecord } from "../../store/index.js";
import { creditedMinorOf, type AfterPaymentRecord } from "../../store/after-payment-record.js";
import { formatAmount } from "../../svea-order/index.js";
import type { UseCaseDeps } from "../use-case-deps.js";
import type { PaidOrderItems } from "./paid-order-items.js";

export function afterPaymentOf(link: LinkRecord, paid: PaidOrderItems): AfterPaymentRecord {
  return link.afterPayment ?? { currency: paid.currency, paidMinor: paid.paidMinor.toString(), credits: [], deliveries: [], annulled: null, pending: null };
}

export function remainingMinorOf(record: AfterPaymentRecord): bigint {
  return BigInt(record.paidMinor) - creditedMinorOf(record);
}

/** The row's quantity (hundredths) credited so far. */
export function creditedQuantityOf(record: AfterPaymentRecord, rowNumber: number): number {
  let sum = 0;
  for (const c of record.credits) for (const r of c.rows ?? []) if (r.rowNumber === rowNumber) sum += r.quantity;
  return sum;
}

/** The quantity credited per row (by Svea's rowNumber), summed over the row credits, rows in ascending order. */
function creditedRowsOf(record: AfterPaymentRecord): NonNullable<PaymentView["afterPayment"]>["creditedRows"] {
  const byRow = new Map<number, number>();
  for (const c of record.credits) for (const r of c.rows ?? []) byRow.set(r.rowNumber, (byRow.get(r.rowNumber) ?? 0) + r.quantity);
  return [...byRow].sort(([a], [b]) => a - b).map(([rowNumber, hundredths]) => ({ rowNumber, quantity: formatHundredths(hundredths) }));
}

export async function saveAfterPayment(deps: UseCaseDeps, orderId: string, link: LinkRecord, record: AfterPaymentRecord): Promise<LinkRecord> {
  const next: LinkRecord = { ...link, afterPayment: record };
  await deps.store.putLink(orderId, next);
  return next;
}

export function amountText(record: AfterPaymentRecord, minor: bigint, locale: Locale): string {
  return formatAmount(minor, record.currency, locale);
}

/** The payment view's afterPayment part. */
export function afterPaymentView(record: AfterPaymentRecord, locale: Locale): NonNullable<PaymentView["afterPayment"]> {
  const credited = creditedMinorOf(record);
  const paid = BigInt(record.paidMinor);
  const params = { credited: formatAmount(credited, record.currency, locale), paid: formatAmount(paid, record.currency, locale) };
  return {
    currency: record.currency,
    paidAmount: formatMinor(paid, record.currency),
    creditedAmount: formatMinor(credited, record.currency),
    deliveries: record.deliveries.length,
    allDelivered: record.allDelivered === true,
    creditedRows: creditedRowsOf(record),
    annulled: record.annulled?.how ?? null,
    label: pendingLabel(record, locale, t(locale, record.annulled ? "after-payment.label-annulled" : "after-payment.label", params)),
  };
}

/** A call whose answer was lost is said beside the totals: what they show may not be all that happened. */
function pendingLabel(record: AfterPaymentRecord, locale: Locale, label: string): string {
  if (!record.pending) return label;
  return t(locale, "after-payment.label-pending", { label, action: t(locale, `after-payment.action.${record.pending.kind}`) });
}
