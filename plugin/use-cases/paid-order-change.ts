// A paid order saved again with a different total: nothing changes at Svea by a save, so the clerk is told what to do.
import type { HostOrder, Locale, Notice } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";
import type { LinkRecord } from "../store/index.js";
import { buildSveaOrder, formatAmount, hostTotalMinor } from "../svea-order/index.js";
import { creditedMinorOf } from "../store/after-payment-record.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * The warning for a paid order whose total no longer matches what stands at Svea (what the customer paid, less what
 * was credited since): lower, credit the difference; higher, the difference is not paid through Svea. None when the
 * totals agree, when the new total cannot be read in the paid currency, when the order is annulled, or when the paid
 * link was stored before links kept their amount. An order now in another currency than it was paid in is said to be so.
 */
export function paidOrderChangeNotice(deps: UseCaseDeps, order: HostOrder, paid: LinkRecord, locale: Locale): Notice | undefined {
  const amount = paid.amount;
  if (!amount || paid.afterPayment?.annulled) return undefined;
  // Another currency (the customer's country changed, say): the amounts cannot be compared, and Svea still holds the
  // payment in the currency it was paid in.
  const atSvea = BigInt(amount.minor) - (paid.afterPayment ? creditedMinorOf(paid.afterPayment) : 0n);
  if (order.currency && order.currency.toUpperCase() !== amount.currency) {
    const params = { currency: order.currency, paidCurrency: amount.currency, atSvea: formatAmount(atSvea, amount.currency, locale) };
    return { code: "paid-order-currency-changed", severity: "warning", field: "currency", message: t(locale, "notice.paid-order-currency-changed", params) };
  }
  const total = newTotalMinor(deps, order, paid, locale, amount.currency);
  if (total === undefined) return undefined;
  if (total === atSvea) return undefined;
  const code = total < atSvea ? "paid-order-total-lower" : "paid-order-total-higher";
  const show = (minor: bigint) => formatAmount(minor, amount.currency, locale);
  const params = { total: show(total), atSvea: show(atSvea), difference: show(total < atSvea ? atSvea - total : total - atSvea) };
  return { code, severity: "warning", field: "total", message: t(locale, `notice.${code}`, params) };
}

/**
 * The order's total now, in minor units of `currency`: what Svea would be asked to charge, or, for an order Svea would
 * refuse (every row taken off, say), the host's own total as it stands. Undefined when neither can be read.
 */
function newTotalMinor(deps: UseCaseDeps, order: HostOrder, paid: LinkRecord, locale: Locale, currency: string): bigint | undefined {
  const built = buildSveaOrder({ order, settings: deps.settings, merchantOrderNumber: paid.merchantOrderNumber, callbackUri: deps.callbackUrlFor(paid.merchantOrderNumber), locale });
  if (built.ok) return built.total.currency === currency ? built.total.minor : undefined;
  if (order.currency !== currency) return undefined;
  const minor = hostTotalMinor(order.total, currency);
  return minor !== undefined && minor >= 0n ? minor : undefined;
}
