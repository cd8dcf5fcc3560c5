// Settles an after-payment call whose answer was lost: Payment Admin's order says whether it happened.
import type { PaymentAdminOrder } from "../../../common/svea-payment-admin-types.js";
import type { Locale, Notice, Refusal } from "../../host-contract/host-contract-types.js";
import { t } from "../../i18n/index.js";
import type { LinkRecord } from "../../store/index.js";
import { creditedMinorOf, withRequest, type AfterPaymentPending, type AfterPaymentRecord, type HostRequest } from "../../store/after-payment-record.js";
import type { UseCaseDeps } from "../use-case-deps.js";
import { CREATE_OUTCOME_WINDOW_MS } from "../unconfirmed-create.js";
import { refusal } from "./after-payment-refusal.js";
import { saveAfterPayment } from "./after-payment-state.js";
import { openOrderRowIds } from "./open-order-rows.js";

/**
 * How long after an after-payment call was sent Payment Admin's "not carried out" does not yet prove it: the call may
 * still be in Svea's queue, and taking it as not done would let the clerk send it again (a second credit). The same
 * ten minutes as for a create (CREATE_OUTCOME_WINDOW_MS); "carried out" settles at once.
 */
export const AFTER_PAYMENT_OUTCOME_WINDOW_MS = CREATE_OUTCOME_WINDOW_MS;

/**
 * Not settled: `cause` is Payment Admin's failure, when the read failed; `stillOpen` says Payment Admin did not show the
 * call carried out while it may still land (it stays pending, nothing is wrong yet).
 */
type Settled =
  | { ok: true; link: LinkRecord; notice: Notice; done: boolean; action: string; kind: AfterPaymentPending["kind"]; request: HostRequest | null }
  | { ok: false; refusal: Refusal; cause?: unknown; stillOpen?: true };

/**
 * Payment Admin's own credit of rows (Svea's portal, or another system using Payment Admin): never one of the plugin's
 * calls, which credit through Instore's return. A credit of another type, or of none given, may be the plugin's.
 */
const PAYMENT_ADMIN_CREDIT_TYPES: ReadonlySet<string> = new Set(["Rows"]);

/**
 * What Svea has credited in ways the plugin's calls could have: the credits of deliveries other than Payment Admin's
 * own (PAYMENT_ADMIN_CREDIT_TYPES), plus what was taken off an order that has no delivery. A credit made in the portal
 * after a plugin credit's answer was lost must not make that credit look carried out (the customer would never get it).
 */
export function creditedThroughInstore(order: PaymentAdminOrder): bigint {
  const ofDeliveries = order.deliveries.reduce((sum, d) => sum + deliveryCreditedByInstore(d), 0n);
  const offUndelivered = order.deliveries.length === 0 && order.orderStatus !== "Cancelled" ? BigInt(order.cancelledAmount ?? 0) : 0n;
  return ofDeliveries + offUndelivered;
}

/** A delivery's credited amount less Payment Admin's own credits on it (the total stands when no credit is listed). */
function deliveryCreditedByInstore(delivery: PaymentAdminOrder["deliveries"][number]): bigint {
  const byPaymentAdmin = delivery.credits.reduce((sum, c) => (c.creditType !== undefined && PAYMENT_ADMIN_CREDIT_TYPES.has(c.creditType) ? sum + BigInt(c.amount) : sum), 0n);
  return BigInt(delivery.creditedAmount) - byPaymentAdmin;
}

function deliveryOf(order: PaymentAdminOrder, orderRowIds: readonly number[]): number | undefined {
  return order.deliveries.find((d) => orderRowIds.every((id) => d.orderRows.some((r) => r.orderRowId === id)))?.id;
}

/** The record as it is after the pending call, given whether it was carried out. */
function applied(record: AfterPaymentRecord, pending: AfterPaymentPending, order: PaymentAdminOrder, at: number): { record: AfterPaymentRecord; done: boolean } {
  const base = { ...record, pending: null };
  switch (pending.kind) {
    case "credit":
    case "annul-credit": {
      const amount = BigInt(pending.amountMinor ?? "0");
      const done = creditedThroughInstore(order) >= creditedMinorOf(record) + amount;
      if (!done) return { record: base, done };
      const via = pending.kind === "credit" ? ("credit" as const) : ("annul" as const);
      const credits = [...record.credits, { at, amountMinor: amount.toString(), via, rows: pending.rows, ...(pending.vatPercent === undefined ? {} : { vatPercent: pending.vatPercent }) }];
      return { record: { ...base, credits, ...(via === "annul" ? { annulled: { at, how: "credited" as const } } : {}) }, done };
    }
    case "annul-cancel": {
      const done = order.orderStatus === "Cancelled";
      return { record: done ? { ...base, annulled: { at, how: "cancelled" } } : base, done };
    }
    case "deliver": {
      const deliveryId = deliveryOf(order, pending.orderRowIds ?? []);
      if (deliveryId === undefined) return { record: base, done: false };
      const deliveries = [...record.deliveries, { at, deliveryId, orderRowIds: pending.orderRowIds ?? [] }];
      return { record: { ...base, deliveries, ...(openOrderRowIds(order).length === 0 ? { allDelivered: true } : {}) }, done: true };
    }
  }
}

/**
 * `unattended`: settled without the clerk (reconcile): the outcome is kept on the record (`unanswered`) for the clerk's
 * next action to be told, since the clerk was last told the outcome was unknown. `refusedRequest`: the clerk's request
 * this settlement will refuse when the call was carried out (kept with its refusal in the same write, so a resend of it
 * is refused again, whatever crash comes between), or null.
 */
export async function settlePending(
  deps: UseCaseDeps,
  orderId: string,
  link: LinkRecord,
  locale: Locale,
  options: { signal?: AbortSignal; unattended?: boolean; refusedRequest?: (carriedOut: AfterPaymentPending) => HostRequest | null } = {},
): Promise<Settled> {
  const { signal } = options;
  const record = link.afterPayment!;
  const pending = record.pending!;
  // The kind is a code; the clerk reads what it was in words.
  const action = t(locale, `after-payment.action.${pending.kind}`);
  const unsettled = { ok: false as const, refusal: refusal(locale, "after-payment-pending", { action }) };
  if (!deps.paymentAdmin || link.paymentOrderId === null) return unsettled;
  let order: PaymentAdminOrder;
  try {
    order = await deps.paymentAdmin.getOrder(link.paymentOrderId, signal ? { signal } : {});
  } catch (error) {
    return { ...unsettled, cause: error };
  }
  const now = deps.clock.now();
  const { record: next, done } = applied(record, pending, order, now);
  if (!done && now - pending.startedAt < AFTER_PAYMENT_OUTCOME_WINDOW_MS) {
    const minutes = String(Math.ceil((pending.startedAt + AFTER_PAYMENT_OUTCOME_WINDOW_MS - now) / 60_000));
    return { ok: false, stillOpen: true, refusal: refusal(locale, "after-payment-pending", { action, minutes }, undefined, { message: "refusal.after-payment-not-yet" }) };
  }
  const carried = done ? withRequest(next, pending.request) : next;
  const refused = done ? options.refusedRequest?.(pending) : null;
  const settled = refused ? withRequest(carried, refused) : carried;
  const unanswered = { kind: pending.kind, done, settledAt: now, ...(pending.request ? { request: pending.request } : {}) };
  const saved = await saveAfterPayment(deps, orderId, link, options.unattended ? { ...settled, unanswered } : settled);
  deps.logger.info({ orderId, action: pending.kind, done }, "svea instore after-payment intent settled from payment admin");
  return { ok: true, done, action, kind: pending.kind, link: saved, notice: settledNotice(locale, action, done), request: pending.request ?? null };
}

/** The clerk is told what became of a call whose answer was lost. */
export function settledNotice(locale: Locale, action: string, done: boolean): Notice {
  const outcome = t(locale, done ? "after-payment.done" : "after-payment.not-done");
  return { code: "pending-settled", severity: "warning", message: t(locale, "notice.pending-settled", { action, outcome }) };
}
