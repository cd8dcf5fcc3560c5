// Builds what the host shows for an order (payment view) and what it is told on a change (payment state update).
import type { Address } from "../../common/svea-instore-types.js";
import type { Locale, PaymentLink, PaymentStateUpdate, PaymentView } from "../host-contract/host-contract-types.js";
import { t, type MessageKey } from "../i18n/index.js";
import { linkStateIcon, linkStateLabel } from "../link-state/index.js";
import { currentLink, isSettledInFull, mayBeRefundedInFull, type LinkRecord, type LinkReason, type OrderPaymentRecord } from "../store/index.js";
import { formatVatHundredths } from "../svea-order/index.js";
import { afterPaymentView } from "./after-payment/after-payment-state.js";
import { amountCreditRates } from "./after-payment/amount-credit-rates.js";
import { isUnconfirmed, unsettledCreate } from "./unconfirmed-create.js";

const FAILURE_TEXT: Partial<Record<LinkReason, MessageKey>> = {
  timeout: "failure.svea-timeout",
  "svea-unavailable": "failure.svea-unavailable",
  "svea-rejected": "failure.svea-rejected",
  "svea-unauthorized": "refusal.svea-unauthorized",
  "local-failure": "failure.local-failure",
};

/**
 * What the host shows for the order. With `now`, a waiting link past its expiry shows as expired (grey, no link to
 * hand over) before the nightly sweep records it: Svea's page no longer takes the payment (see linkStateFromSvea).
 */
export function toPaymentView(orderId: string, record: OrderPaymentRecord | undefined, locale: Locale, now?: number): PaymentView {
  // A paid link decides the order's state even when a newer link exists: the money has moved.
  const paid = orderPayment(record);
  const stored = paid ?? currentLink(record);
  const current = stored && now !== undefined ? asOf(stored, now) : stored;
  // Svea may hold the latest link (its create's answer was lost): neither "no link" nor "failed" would be the truth.
  const unsettled = paid ? undefined : unsettledCreate(record);
  const state = unsettled ? "checking" : (current?.state ?? "none");
  const failing = unsettled ? unsettled.link : current?.state === "failed" ? current : undefined;
  const failure = failing?.reason ? FAILURE_TEXT[failing.reason] : undefined;
  // A payment annulled or credited in full shows as the design card's black (cancelled), though the money's state
  // stays paid (Svea's reference stands).
  const annulled = paid?.afterPayment?.annulled != null;
  const creditedInFull = !annulled && paid?.afterPayment !== undefined && isSettledInFull(paid.afterPayment);
  // Links stored before the clerk's languages were kept have only the English detail.
  const why = failure && t(locale, failure, { detail: failing?.localizedDetail?.[locale] ?? failing?.detail ?? "" });
  const label = why
    ? unsettled
      ? `${linkStateLabel(state, locale)} (${why})`
      : `${linkStateLabel(state, locale)}: ${why}`
    : annulled
      ? t(locale, "state.paid-annulled")
      : creditedInFull
        ? t(locale, "state.paid-credited")
        : paid?.cancelMayLand !== undefined
          ? t(locale, "state.paid-cancel-may-land")
          : paid?.afterPayment !== undefined && mayBeRefundedInFull(paid.afterPayment)
            ? t(locale, "state.paid-refund-unknown")
            : linkStateLabel(state, locale);
  const view: PaymentView = {
    orderId,
    state,
    icon: { ...linkStateIcon(annulled || creditedInFull ? "cancelled" : state) },
    label,
    paymentLink: current?.state === "waiting" && !unsettled ? current.instoreUiUri : null,
    sveaReference: paid?.paymentOrderId ?? null,
    flags: flagsOf(record, locale),
    links: (record?.links ?? []).map((link) => toPaymentLink(now !== undefined ? asOf(link, now) : link)),
  };
  if (paid?.deferredDelivery !== undefined) view.delivery = paid.deferredDelivery ? "deferred" : "on-payment";
  // The rates an amount credit may name, from what the customer paid for (as Svea listed it when the link turned paid).
  if (paid?.paidItems?.length) view.creditVatRates = amountCreditRates(paid.paidItems).map(formatVatHundredths);
  // Credits, deliveries and an annulment (order.credit / order.deliver / order.annul), once there are any.
  if (paid?.afterPayment) view.afterPayment = afterPaymentView(paid.afterPayment, locale);
  return view;
}

/** The link as it stands at `now`: a waiting one past its expiry is expired. */
function asOf(link: LinkRecord, now: number): LinkRecord {
  return link.state === "waiting" && link.expiresAt <= now ? { ...link, state: "expired" } : link;
}

function toPaymentLink(link: LinkRecord): PaymentLink {
  return {
    merchantOrderNumber: link.merchantOrderNumber,
    state: link.state,
    instoreUiUri: link.instoreUiUri,
    paymentOrderId: link.paymentOrderId,
    createdAt: new Date(link.createdAt).toISOString(),
    expiresAt: new Date(link.expiresAt).toISOString(),
    reason: link.reason,
    ...(isUnconfirmed(link) ? { beingChecked: true } : {}),
    ...(link.state === "paid" && givenBackInFull(link) ? { givenBack: link.afterPayment!.annulled ? ("annulled" as const) : ("credited" as const) } : {}),
  };
}

function flagsOf(record: OrderPaymentRecord | undefined, locale: Locale): PaymentView["flags"] {
  const links = record?.links ?? [];
  return links.flatMap((link) =>
    link.flags.map((code) => ({ code, message: `${t(locale, code === "extra-payment" ? extraPaymentText(link, links) : `flag.${code}`)} (${link.merchantOrderNumber})` })),
  );
}

/**
 * An extra payment asks the clerk to refund one payment only while two may stand: once it, or every other payment of
 * the order, was given back in full, a refund would leave the order unpaid (picking lets it through on the one left).
 */
function extraPaymentText(link: LinkRecord, links: readonly LinkRecord[]): MessageKey {
  if (link.state === "paid" && givenBackInFull(link)) return "flag.extra-payment-given-back";
  const others = links.filter((l) => l !== link && l.state === "paid");
  return link.state === "paid" && others.length > 0 && others.every(givenBackInFull) ? "flag.extra-payment-stands" : "flag.extra-payment";
}

function givenBackInFull(link: LinkRecord): boolean {
  return link.afterPayment !== undefined && isSettledInFull(link.afterPayment);
}

/**
 * The order-level update for the host: the current link's state, plus Svea's payment data once paid. While the latest
 * create has no known outcome (the view's `checking`) it says failed with `beingChecked: true`: a host that does not
 * know the field reads failed as before, one that does knows the customer may still pay. Every way out of it (a status
 * read, a resumed create, reconcile's final 404) sends another update.
 */
export function toPaymentStateUpdate(
  record: OrderPaymentRecord,
  addresses?: { billingAddress?: Address | null; shippingAddress?: Address | null },
): PaymentStateUpdate {
  const current = currentLink(record);
  const paid = orderPayment(record);
  const shown = paid ?? current;
  const beingChecked = beingCheckedCreate(record) !== undefined;
  return {
    orderId: record.orderId,
    state: paid ? "paid" : beingChecked ? "failed" : (current?.state ?? "failed"),
    ...(beingChecked ? { beingChecked: true } : {}),
    paymentLink: current?.state === "waiting" && !beingChecked ? current.instoreUiUri : null,
    sveaReference: paid?.paymentOrderId ?? null,
    paymentMethod: shown?.paymentMethod ?? null,
    paymentType: shown?.paymentType ?? null,
    billingAddress: addresses?.billingAddress ?? null,
    shippingAddress: addresses?.shippingAddress ?? null,
    flags: [...new Set(record.links.flatMap((l) => l.flags))],
  };
}

/**
 * The create an update for this record says is being checked (its merchantOrderNumber): the latest create, while its
 * outcome is unknown and the order has no payment. What the host was last told of it is kept (hostBeingChecked).
 */
export function beingCheckedCreate(record: OrderPaymentRecord | undefined): string | undefined {
  return orderPayment(record) ? undefined : unsettledCreate(record)?.merchantOrderNumber;
}

/**
 * The order's payment: the paid link, preferring one not flagged as an extra payment (which the clerk refunds), and
 * preferring above that one not given back in full. An order paid twice whose main payment was annulled (or credited in
 * full) is paid by the other one, as picking counts it: the view shows that one, and the clerk's actions act on it.
 * Only a payment given back for certain is passed over: one whose annulment has an unknown outcome stays the order's
 * payment until Payment Admin settles it.
 */
export function orderPayment(record: OrderPaymentRecord | undefined): LinkRecord | undefined {
  const paid = (record?.links ?? []).filter((l) => l.state === "paid");
  return mainOf(paid.filter((l) => !givenBackInFull(l))) ?? mainOf(paid);
}

/**
 * The order's main payment when it was given back in full and another payment stands (so orderPayment is that other
 * one); else undefined. A request without an id cannot be told from a retry of the one that gave it back.
 */
export function givenBackBesideStanding(record: OrderPaymentRecord | undefined): LinkRecord | undefined {
  const main = mainOf((record?.links ?? []).filter((l) => l.state === "paid"));
  return main && givenBackInFull(main) && orderPayment(record) !== main ? main : undefined;
}

function mainOf(paid: readonly LinkRecord[]): LinkRecord | undefined {
  return paid.find((l) => !l.flags.includes("extra-payment")) ?? paid[0];
}
