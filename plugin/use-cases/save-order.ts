// order.save: create the payment link, re-issue it when what Svea receives changed, renew a dead one, or change nothing.
import type { HostOrder, Locale, Notice, OrderSaveInput, OrderSaveResult, Refusal } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";
import { OrderBusyError, OrderTakenOverError, currentLink, expiredMayBeActive, isSettledInFull, type LinkRecord, type OrderPaymentRecord } from "../store/index.js";
import { buildSveaOrder } from "../svea-order/index.js";
import { clockDeadline, type Deadline } from "./clock-deadline.js";
import { endExpiredLink } from "./end-expired-link.js";
import { cancelLink, closeIntentsFor, createLink, prepareLink, reportToHostSafely, type CreatedLink } from "./link-operations.js";
import { paidOrderChangeNotice } from "./paid-order-change.js";
import { orderPayment, toPaymentView } from "./payment-view.js";
import { mayStillBePaidAtSvea } from "./payable-at-svea.js";
import { settleUnconfirmedLinks } from "./settle-unconfirmed-links.js";
import type { SveaFailure } from "./svea-failure.js";
import { settleOrphansFirst } from "./settle-orphaned-creates.js";
import { paidBeingReported } from "./paid-being-reported.js";
import { resumeCreate } from "./resume-create.js";
import { orphanedCreates, unsettledCreate } from "./unconfirmed-create.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

/** Stands in for the link's merchantOrderNumber while building: the fingerprint leaves it out, so it may be replaced. */
const PROVISIONAL_NUMBER = "provisional";

export async function saveOrder(deps: UseCaseDeps, input: OrderSaveInput): Promise<OrderSaveResult> {
  const { order, locale } = input;
  if (order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) return leaveInstore(deps, order, locale);
  if (!deps.settings.accountConfigured || !deps.svea) return refuse(locale, "account-not-configured");

  const deadline = clockDeadline(deps.clock, deps.settings.saveDeadlineSeconds * 1000);
  try {
    return await deps.store.withOrderLock(order.id, () => saveLocked(deps, order, locale, deadline), deadline.options);
  } catch (error) {
    if (error instanceof OrderTakenOverError) return refuse(locale, "order-taken-over");
    if (error instanceof OrderBusyError) return refuse(locale, "order-busy");
    throw error;
  } finally {
    deadline.dispose();
  }
}

/** The deadline's signal is read only where a Svea call or a busy lock uses it; until then it is never made. */
async function saveLocked(deps: UseCaseDeps, order: HostOrder, locale: Locale, deadline: Deadline): Promise<OrderSaveResult> {
  // A save the host makes from inside the report of a payment (nested in the order's lock) is answered with it.
  const reporting = paidBeingReported(deps, order.id);
  if (reporting) return acceptedAsPaid(deps, order, locale, reporting);
  const settled = await settleOrphansFirst(deps, order.id);
  if (!settled.ok) return refuseForFailure(locale, settled.failure);
  let record = settled.record;
  if (orderPayment(record)) return acceptedAsPaid(deps, order, locale, record);

  const built = buildSveaOrder({ order, settings: deps.settings, merchantOrderNumber: PROVISIONAL_NUMBER, callbackUri: deps.callbackUrlFor(PROVISIONAL_NUMBER), locale });
  if (!built.ok) return { accepted: false, errors: built.errors };

  // The latest link's create has no known outcome (a timeout, a crash before its answer was stored; its status read
  // above said 404, or was not made): sent again under its own number, so it is never a second link beside it.
  const unsettled = unsettledCreate(record);
  if (unsettled) {
    const resumed = await resumeCreate(deps, order, unsettled, built, deadline.options);
    if (!resumed.found) return accepted(deps, order.id, locale, [...built.notices, ...createdNotices(locale, resumed)], true);
    // It had landed: the save goes on from the link as Svea holds it (kept, re-issued, or renewed; paid: nothing sent).
    record = await deps.store.getOrder(order.id);
    if (orderPayment(record)) return acceptedAsPaid(deps, order, locale, record);
  }
  const current = currentLink(record);

  const now = deps.clock.now();
  const live = current?.state === "waiting" && current.expiresAt > now;
  if (live && deps.settings.reissueOn === "payment-change" && current.fingerprint === built.fingerprint) {
    return accepted(deps, order.id, locale, [...built.notices, notice(locale, "link-unchanged", "info")]);
  }

  // An older link whose create timed out may have landed since, and an expired one Svea was not seen to end may still
  // be Active: neither may stay payable beside the new one. The record read above is still current (links change only
  // under this lock), so an order without one skips the step.
  if (record?.links.some((l) => l !== current && mayStillBePaidAtSvea(l, "unconfirmed-and-expired", now))) {
    const older = await settleUnconfirmedLinks(deps, order.id, current?.merchantOrderNumber, "replaced", deadline.options);
    if (older.outcome === "paid") return acceptedAsPaid(deps, order, locale);
    if (older.outcome === "failed") return refuseForFailure(locale, older.failure);
  }

  const notices: Notice[] = [...built.notices];
  let replaces: LinkRecord | undefined;
  if (live) {
    replaces = current;
  } else if (current && (current.state === "waiting" || (current.state === "failed" && current.mayExistAtSvea) || expiredMayBeActive(current))) {
    // A link past its expiry, or a create that may have reached Svea: make sure it cannot be paid before renewing.
    const pastExpiry = current.expiresAt <= deps.clock.now();
    const options = { signal: deadline.signal, deadline: deadline.due };
    // Past its expiry, it stays grey in the history (end-expired-link.ts).
    const ended = pastExpiry ? await endExpiredLink(deps, order.id, current, options) : await cancelLink(deps, order.id, current, "renewed", options);
    // recordStatus already told the host (with Svea's addresses).
    if (ended.outcome === "paid") return acceptedAsPaid(deps, order, locale);
    if (ended.outcome === "failed") return refuseForFailure(locale, ended.failure);
    // A 404 for a create that may still land proves nothing: its intent stays open, so reconcile (and later saves)
    // read it again and cancel it if it turns up Active beside the new link.
    if (ended.outcome !== "not-found" || ended.final) await closeIntentsFor(deps, order.id, current.merchantOrderNumber, "superseded");
  }

  const prepared = await prepareLink(deps, order, replaces ? "reissue" : "create", built, replaces?.merchantOrderNumber ?? null);
  // A link the customer may hold was cancelled: what the clerk is told depends on whether the new one was created.
  let oldCancelled = false;
  if (replaces) {
    const ended = await cancelLink(deps, order.id, replaces, "reissued", { signal: deadline.signal, deadline: deadline.due, intent: prepared.intent });
    if (ended.outcome === "paid") {
      await deps.store.finishIntent(order.id, prepared.intent.id, { at: deps.clock.now(), outcome: "already-paid", abandoned: true });
      return acceptedAsPaid(deps, order, locale);
    }
    if (ended.outcome === "failed") {
      // The old link may or may not be cancelled: the intent stays open and reconcile settles it from Svea's status.
      if (!ended.failure.mayHaveReachedSvea) {
        await deps.store.finishIntent(order.id, prepared.intent.id, { at: deps.clock.now(), outcome: "cancel-failed", abandoned: true });
      }
      return refuseForFailure(locale, ended.failure);
    }
    await deps.store.markIntentStep(order.id, prepared.intent.id, "old-cancelled");
    oldCancelled = true;
  } else if (settled.lostLinksCancelled > 0) {
    // A link a stopped process sent and never stored was cancelled above: the customer's earlier SMS is void.
    oldCancelled = true;
  }

  let created = await createLink(deps, order.id, prepared, built, deadline.options);
  if (created.failure?.code === "duplicate-order") {
    // Svea already holds an order under this number (not ours: nothing of ours could have reached it). A new
    // sequence and time make a new number; one more try, then the clerk gets the 409's own message.
    const again = await prepareLink(deps, order, "create", built);
    created = await createLink(deps, order.id, again, built, deadline.options);
  }
  if (oldCancelled) notices.push(reissuedNotice(locale, created));
  notices.push(...createdNotices(locale, created));
  return accepted(deps, order.id, locale, notices, true);
}

/**
 * The old link was cancelled: "a new one is sent" only when Svea created it and texted it. Otherwise the customer holds no payable
 * link (or one still being checked), and the create's own notice, which follows, says why.
 */
function reissuedNotice(locale: Locale, created: CreatedLink): Notice {
  // Created, but Svea could not text it: the sms-failed warning that follows carries the link to hand over.
  if (!created.failure && created.link.smsSentSuccessfully === false && created.link.instoreUiUri) {
    return { code: "link-reissued", severity: "info", message: t(locale, "notice.link-reissued-sms-failed") };
  }
  if (!created.failure) return notice(locale, "link-reissued", "info");
  return notice(locale, created.link.mayExistAtSvea ? "link-reissue-unconfirmed" : "link-reissue-failed", "warning");
}

/** An order that is (or became) another payment method: untouched, unless it leaves a payable link behind. */
async function leaveInstore(deps: UseCaseDeps, order: HostOrder, locale: Locale): Promise<OrderSaveResult> {
  const record = await deps.store.getOrder(order.id);
  const payable = (link: LinkRecord | undefined) => link?.state === "waiting" || (link?.state === "failed" && link.mayExistAtSvea);
  // A link the plugin holds as ended that Svea may still let the customer pay (see settle-unconfirmed-links.ts).
  const toRead = (r: OrderPaymentRecord | undefined) => r?.links.some((l) => mayStillBePaidAtSvea(l, "also-failed-past-window", deps.clock.now())) ?? false;
  if (!deps.svea) return { accepted: true, notices: [] };
  if (orderPayment(record)) return refuse(locale, "paid-order-method-change");
  if (!payable(currentLink(record)) && !toRead(record) && orphanedCreates(record).length === 0) return { accepted: true, notices: [] };
  return deps.store.withOrderLock(order.id, async () => {
    const settled = await settleOrphansFirst(deps, order.id);
    if (!settled.ok) return refuseForFailure(locale, settled.failure);
    if (orderPayment(settled.record)) return refuse(locale, "paid-order-method-change");
    const again = currentLink(settled.record);
    const live = again !== undefined && payable(again);
    if (!live && !toRead(settled.record)) return { accepted: true, notices: [] };
    const older = await settleUnconfirmedLinks(deps, order.id, live ? again.merchantOrderNumber : undefined, "method-changed", {}, "also-failed-past-window");
    if (older.outcome === "failed") return refuseForFailure(locale, older.failure);
    if (older.outcome === "paid") return refuse(locale, "paid-order-method-change");
    if (!live) {
      await reportToHostSafely(deps, await deps.store.getOrder(order.id));
      return { accepted: true, notices: [] };
    }
    const ended = await cancelLink(deps, order.id, again, "method-changed");
    if (ended.outcome === "failed") return refuseForFailure(locale, ended.failure);
    if (ended.outcome === "paid") return refuse(locale, "paid-order-method-change");
    if (ended.outcome === "cancelled" || ended.final) await closeIntentsFor(deps, order.id, again.merchantOrderNumber, `settled:${ended.link.state}`);
    await reportToHostSafely(deps, await deps.store.getOrder(order.id));
    return { accepted: true, notices: [notice(locale, "link-cancelled", "info")] };
  });
}

function createdNotices(locale: Locale, created: CreatedLink): Notice[] {
  const { link, failure, phone } = created;
  if (failure) {
    if (failure.reason === "timeout") return [notice(locale, "svea-timeout", "error")];
    // A 5xx or a cut connection: Svea may have carried it out, as after a timeout (not "could not be created").
    if (failure.reason === "svea-unavailable" && link.mayExistAtSvea) {
      return [{ code: "svea-unavailable", severity: "error", message: t(locale, "notice.create-outcome-unknown") }];
    }
    // The credentials refused after an attempt that may have landed: the settings to fix, and the link being checked.
    if (failure.reason === "svea-unauthorized" && link.mayExistAtSvea) {
      return [{ code: "svea-unauthorized", severity: "error", message: t(locale, "notice.create-unauthorized-outcome-unknown") }];
    }
    if (failure.code === "duplicate-order") {
      return [{ code: "svea-duplicate-order", severity: "error", message: t(locale, "failure.svea-duplicate-order", { number: link.merchantOrderNumber }) }];
    }
    return [{ code: failure.reason, severity: "error", message: failureMessage(locale, failure) }];
  }
  // A rejected SMS is announced once, as the warning that carries the link to hand over: never also as "will be sent".
  if (link.smsSentSuccessfully === false && link.instoreUiUri) {
    return [
      {
        ...notice(locale, "sms-failed", "warning", { phone: phone ?? "", link: link.instoreUiUri }),
        field: "customer.mobilePhone",
        paymentLink: link.instoreUiUri,
      },
    ];
  }
  return phone ? [{ ...notice(locale, "sms-will-be-sent", "info", { phone }), field: "customer.mobilePhone" }] : [];
}

/**
 * The order is paid, whether known before the save or found during it (a cancel or a renewal's status read, an older
 * link that may exist): nothing is issued, and an order that no longer matches what was paid says so.
 */
async function acceptedAsPaid(deps: UseCaseDeps, order: HostOrder, locale: Locale, known?: OrderPaymentRecord): Promise<OrderSaveResult> {
  const record = known ?? (await deps.store.getOrder(order.id));
  const paid = orderPayment(record);
  const changed = paid ? paidOrderChangeNotice(deps, order, paid, locale) : undefined;
  // A record being reported is not stored yet: the view is built from it, not read back.
  const being = paidBeingReported(deps, order.id);
  // Paid and then given back in full: this order cannot be paid again; the clerk is told how to take a new payment.
  const refunded = paid?.afterPayment !== undefined && isSettledInFull(paid.afterPayment);
  return accepted(deps, order.id, locale, [notice(locale, refunded ? "already-paid-refunded" : "already-paid", "info"), ...(changed ? [changed] : [])], false, being);
}

async function accepted(deps: UseCaseDeps, orderId: string, locale: Locale, notices: Notice[], report = false, known?: OrderPaymentRecord): Promise<OrderSaveResult> {
  const record = known ?? (await deps.store.getOrder(orderId));
  if (report) await reportToHostSafely(deps, record);
  return { accepted: true, notices, paymentView: toPaymentView(orderId, record, locale) };
}

type NoticeKey =
  | "already-paid"
  | "already-paid-refunded"
  | "link-unchanged"
  | "link-reissued"
  | "link-reissue-failed"
  | "link-reissue-unconfirmed"
  | "link-cancelled"
  | "svea-timeout"
  | "sms-will-be-sent"
  | "sms-failed";

function notice(locale: Locale, code: NoticeKey, severity: Notice["severity"], params?: Record<string, string>): Notice {
  return { code, severity, message: t(locale, `notice.${code}`, params) };
}

type RefusalKey =
  | "account-not-configured"
  | "order-busy"
  | "order-taken-over"
  | "paid-order-delete"
  | "paid-order-method-change"
  | "payment-method-near-miss"
  | "svea-unavailable"
  | "svea-unauthorized"
  | "svea-rejected"
  | "local-failure";

/** The order field a use-case refusal is about, where it is about one. */
const REFUSAL_FIELDS: Partial<Record<RefusalKey, string>> = { "paid-order-method-change": "paymentMethod", "payment-method-near-miss": "paymentMethod" };

export function refuse(locale: Locale, code: RefusalKey, params?: Record<string, string>): { accepted: false; errors: [Refusal, ...Refusal[]] } {
  const field = REFUSAL_FIELDS[code];
  return { accepted: false, errors: [{ code, message: t(locale, `refusal.${code}`, params), ...(field ? { field } : {}) }] };
}

export function refuseForFailure(locale: Locale, failure: SveaFailure) {
  if (failure.reason === "svea-unauthorized") return refuse(locale, "svea-unauthorized");
  // The plugin's own side failed (its store, the host): telling the clerk Svea was unreachable sends them the wrong way.
  if (failure.reason === "local-failure") return refuse(locale, "local-failure");
  if (failure.reason === "svea-rejected") return refuse(locale, "svea-rejected", { detail: failure.localized?.[locale] ?? failure.detail ?? "" });
  // Svea answered, asking the plugin to slow down (403 on status reads): reachable, so said as what it is.
  if (failure.code === "rate-limited" && failure.localized) {
    return { accepted: false as const, errors: [{ code: "svea-rate-limited", message: failure.localized[locale] }] as [Refusal, ...Refusal[]] };
  }
  return refuse(locale, "svea-unavailable");
}

function failureMessage(locale: Locale, failure: SveaFailure): string {
  switch (failure.reason) {
    case "svea-unauthorized":
      return t(locale, "refusal.svea-unauthorized");
    case "svea-rejected":
      return t(locale, "failure.svea-rejected", { detail: failure.localized?.[locale] ?? failure.detail ?? "" });
    case "local-failure":
      return t(locale, "notice.create-local-failure");
    default:
      // The clerk's next step is in the words: the order is kept, and a save once Svea answers sends the link.
      return t(locale, "notice.create-unavailable");
  }
}
