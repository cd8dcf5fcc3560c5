// The frame of every after-payment hook: under the order's lock, find the paid link or refuse (not paid, account not
// configured, annulled already), settle a call whose answer was lost, then run the action.
import type { AfterPaymentResult, HostOrder, Locale, Notice, Refusal } from "../../host-contract/host-contract-types.js";
import { t } from "../../i18n/index.js";
import { linkStateLabel } from "../../link-state/index.js";
import { currentLink, OrderBusyError, OrderTakenOverError, type LinkRecord } from "../../store/index.js";
import { withRequest, type AfterPaymentPending, type HostRequest } from "../../store/after-payment-record.js";
import { clockDeadline } from "../clock-deadline.js";
import { givenBackBesideStanding, orderPayment, toPaymentView } from "../payment-view.js";
import type { UseCaseDeps } from "../use-case-deps.js";
import { refusal } from "./after-payment-refusal.js";
import { saveAfterPayment } from "./after-payment-state.js";
import { settledNotice, settlePending } from "./settle-pending.js";
import { settleCancelMayLand } from "../cancel-may-land.js";
import { describeError } from "../../callback/background-tasks.js";
import { rethrowStoppedStore } from "../rethrow-stopped-store.js";

export interface PaidOrderContext {
  link: LinkRecord;
  /** The host's request (its id and what it asks), written with what the action does (withRequest), so a repeat finds it. */
  request: HostRequest | null;
  /** Notices so far (a settled intent); the action adds its own. */
  notices: Notice[];
  signal: AbortSignal;
}

export function refused(errors: Refusal[], notices: Notice[] = []): AfterPaymentResult {
  return notices.length > 0 ? { accepted: false, errors: errors as [Refusal, ...Refusal[]], notices } : { accepted: false, errors: errors as [Refusal, ...Refusal[]] };
}

export async function accepted(deps: UseCaseDeps, orderId: string, locale: Locale, notices: Notice[]): Promise<AfterPaymentResult> {
  return { accepted: true, notices, paymentView: toPaymentView(orderId, await deps.store.getOrder(orderId), locale) };
}

/** What a request asks: the kind of action, and `what` (the action and its input), to tell a repeat from an id reused for something else. */
export interface AskedAction {
  kind: "credit" | "annul" | "deliver";
  what: string;
}

export function askedAction(kind: AskedAction["kind"], ...input: unknown[]): AskedAction {
  return { kind, what: JSON.stringify([kind, ...input]) };
}

export async function onPaidOrder(
  deps: UseCaseDeps,
  input: { order: HostOrder; locale: Locale; requestId?: string },
  asked: AskedAction,
  action: (context: PaidOrderContext) => Promise<AfterPaymentResult>,
): Promise<AfterPaymentResult> {
  const { order, locale } = input;
  const what = asked.what;
  const request: HostRequest | null = input.requestId === undefined ? null : { id: input.requestId, what };
  const requestId = request?.id ?? null;
  // This request, to keep with an `earlier-action-carried-out` refusal (null: no id to keep it by).
  const refusedRepeat = (kind: AfterPaymentPending["kind"], earlierId: string | null | undefined): HostRequest | null =>
    request && mayBeTheSameRequest(kind, earlierId, asked.kind, requestId) ? { ...request, refused: { code: "earlier-action-carried-out", kind } } : null;
  const deadline = clockDeadline(deps.clock, deps.settings.saveDeadlineSeconds * 1000);
  try {
    return await deps.store.withOrderLock(
      order.id,
      async () => {
        const record = await deps.store.getOrder(order.id);
        let link = orderPayment(record);
        if (!link) return refused([refusal(locale, "not-paid", { state: linkStateLabel(currentLink(record)?.state ?? "none", locale) })]);
        if (!deps.svea) return refused([refusal(locale, "account-not-configured")]);
        // Paid twice, the main payment given back in full: a request without an id may be the retry of the one that
        // gave it back (its answer lost). On one payment that retry is refused by the payment's own state; here it
        // would give back the payment that stands too, so only a request with an id of its own gives that one back
        // (a delivery gives nothing back, and a repeated one finds nothing left to deliver).
        const givenBack = request === null && asked.kind !== "deliver" ? givenBackBesideStanding(record) : undefined;
        if (givenBack) {
          const standing = link.paymentOrderId ?? link.merchantOrderNumber;
          return refused([refusal(locale, "other-payment-stands", { givenBack: givenBack.paymentOrderId ?? givenBack.merchantOrderNumber, standing })]);
        }
        // A cancel sent before the payment may still credit it in full: nothing is credited, annulled or delivered on
        // a payment that may not stand. Read now: it may have landed, or its window passed since reconcile's last run.
        if (link.cancelMayLand !== undefined) {
          const read = await settleCancelMayLand(deps, order.id, link, { signal: deadline.signal }).catch((error: unknown) => {
            // A store stopped by a failed write is the plugin's own failure, said as such (as every hook says it).
            rethrowStoppedStore(error);
            return { outcome: "unread" as const, error };
          });
          if (read.outcome === "credited") return refused([refusal(locale, "cancel-landed")]);
          if (read.outcome === "open") return refused([refusal(locale, "cancel-may-land", { minutes: read.minutesLeft })]);
          if (read.outcome === "unread") {
            deps.logger.warn({ orderId: order.id, err: describeError(read.error) }, "a paid link a cancel may still credit could not be read");
            return refused([refusal(locale, "cancel-may-land-unread")]);
          }
          link = read.link;
        }
        const notices: Notice[] = [];
        // The order's other paid links: an order paid twice whose first payment was given back in full acts on the
        // other one (orderPayment). What the clerk did to the first is still looked at, so a retry of it (a lost
        // answer, a page opened anew) is never carried out on the payment that stands.
        const others = record!.links.filter((l) => l.state === "paid" && l.merchantOrderNumber !== link!.merchantOrderNumber);
        // A request carried out already (its answer lost, the host retrying): answered as done, nothing done again.
        for (const carried of [link, ...others]) {
          const earlier = request && carried.afterPayment?.requests?.find((r) => r.id === request.id);
          if (!earlier) continue;
          if (carried.afterPayment!.unanswered?.request?.id === earlier.id) await saveAfterPayment(deps, order.id, carried, { ...carried.afterPayment!, unanswered: null });
          return sameOrReused(deps, order.id, locale, earlier, request!);
        }
        for (const other of others) {
          const told = await tellUnanswered(deps, order.id, locale, other, asked.kind, requestId, refusedRepeat, notices);
          if (told.refusal) return told.refusal;
        }
        const told = await tellUnanswered(deps, order.id, locale, link, asked.kind, requestId, refusedRepeat, notices);
        if (told.refusal) return told.refusal;
        link = told.link;
        if (link.afterPayment?.pending) {
          const settled = await settlePending(deps, order.id, link, locale, { signal: deadline.signal, refusedRequest: (p) => refusedRepeat(p.kind, p.request?.id) });
          if (!settled.ok) return refused([settled.refusal]);
          link = settled.link;
          // The same request again, and it was carried out: done, as the host asked once.
          if (settled.done && request && settled.request?.id === request.id) return sameOrReused(deps, order.id, locale, settled.request, request);
          notices.push(settled.notice);
          // The clerk was told the outcome was unknown, so this is most likely the same action again: carried out
          // already, it is not sent a second time (a credit would pay the customer twice). The clerk, now knowing,
          // repeats it if another one is really wanted.
          if (settled.done && mayBeTheSameRequest(settled.kind, settled.request?.id, asked.kind, requestId)) {
            return refused([refusal(locale, "earlier-action-carried-out", { action: settled.action })], notices);
          }
        }
        if (link.afterPayment?.annulled) return refused([refusal(locale, "already-annulled")], notices);
        // Every action writes the request in the same write as what it did (withRequest).
        return action({ link, notices, request, signal: deadline.signal });
      },
      { signal: deadline.signal },
    );
  } catch (error) {
    // Another operation (on this node, or another node's lease) holds the order past the deadline: said, not thrown.
    if (error instanceof OrderTakenOverError) return refused([refusal(locale, "order-taken-over")]);
    if (error instanceof OrderBusyError) return refused([refusal(locale, "order-busy")]);
    throw error;
  } finally {
    deadline.dispose();
  }
}

/**
 * A call on `link` settled by reconcile since the clerk was told its outcome was unknown: told now, once, as if settled
 * here (in `notices`), and refused when carried out and the clerk most likely asks for it again.
 */
async function tellUnanswered(
  deps: UseCaseDeps,
  orderId: string,
  locale: Locale,
  link: LinkRecord,
  kind: AskedAction["kind"],
  requestId: string | null,
  refusedRepeat: (kind: AfterPaymentPending["kind"], earlierId: string | null | undefined) => HostRequest | null,
  notices: Notice[],
): Promise<{ link: LinkRecord; refusal?: AfterPaymentResult }> {
  const unanswered = link.afterPayment?.unanswered;
  if (!unanswered) return { link };
  const refuses = unanswered.done && mayBeTheSameRequest(unanswered.kind, unanswered.request?.id, kind, requestId);
  // Refused, the request is kept with its refusal in the same write (a resend of it is refused again).
  const kept = refuses ? refusedRepeat(unanswered.kind, unanswered.request?.id) : null;
  const cleared = { ...link.afterPayment!, unanswered: null };
  const saved = await saveAfterPayment(deps, orderId, link, kept ? withRequest(cleared, kept) : cleared);
  const action = t(locale, `after-payment.action.${unanswered.kind}`);
  notices.push(settledNotice(locale, action, unanswered.done));
  if (refuses) return { link: saved, refusal: refused([refusal(locale, "earlier-action-carried-out", { action })], notices) };
  return { link: saved };
}

/**
 * A request whose id was carried out already: the same request (its answer lost, the host retrying) is answered as
 * done, with the payment as it stands; an id reused for something else is refused, since answering it 'done' would
 * tell the host that what it asks now happened.
 */
async function sameOrReused(deps: UseCaseDeps, orderId: string, locale: Locale, earlier: HostRequest, now: HostRequest): Promise<AfterPaymentResult> {
  if (earlier.what !== now.what) return refused([refusal(locale, "request-id-reused", { id: now.id.slice(0, 60) }, "requestId")]);
  // Refused before as the repeat of a call carried out: refused again, the same answer to the same request.
  if (earlier.refused) return refused([refusal(locale, "earlier-action-carried-out", { action: t(locale, `after-payment.action.${earlier.refused.kind}`) })]);
  return accepted(deps, orderId, locale, [{ code: "request-already-done", severity: "info", message: t(locale, "notice.request-already-done") }]);
}

/**
 * Whether a call found carried out after its answer was lost may be the one asked for again: any request of the same
 * kind (a credit after a lost credit, whatever its input or id: the clerk was told the next try checks first and is
 * not done again, and a page opened anew, or a host making an id per click, sends a new id), or any request at all when
 * either has no id. Two different ids of different kinds are told apart (a delivery after a lost credit goes on).
 */
function mayBeTheSameRequest(earlierKind: AfterPaymentPending["kind"], earlierId: string | null | undefined, kind: AskedAction["kind"], id: string | null): boolean {
  return !earlierId || id === null || earlierId === id || earlierKind.startsWith(kind);
}
