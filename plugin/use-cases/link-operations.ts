// The steps every use case composes: issue a link (intent first), cancel one (never blind), and record what Svea says.
import type { OrderStatusResponse } from "../../common/svea-instore-types.js";
import type { CreateOrderRequest } from "../../common/svea-instore-types.js";
import { linkStateFromSvea, webAddressOrNull } from "../link-state/index.js";
import { makeMerchantOrderNumber } from "../svea-order/index.js";
import { isOpenIntent, type IntentRecord, type LinkAmount, type LinkReason, type LinkRecord, type OrderPaymentRecord } from "../store/index.js";
import type { CallOptions } from "../svea-client/index.js";
import { describeError } from "../callback/background-tasks.js";
import { beingCheckedCreate, toPaymentStateUpdate } from "./payment-view.js";
import { classifySveaFailure, type SveaFailure } from "./svea-failure.js";
import { orderItemsFromStatus } from "./status-order-items.js";
import { lastCreateSentAt, mayStillLand } from "./unconfirmed-create.js";
import { mayStillBePaidAtSvea } from "./payable-at-svea.js";
import { cancelSentTo, openCancelSince } from "./cancel-outcome-window.js";
import { hostVersionFingerprint } from "./host-order-version.js";
import { whileReportingPaid } from "./paid-being-reported.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/** What a link is made from: buildSveaOrder's request, its fingerprint and its total. */
export interface BuiltLinkRequest {
  request: CreateOrderRequest;
  fingerprint: string;
  total: { currency: string; minor: bigint };
}

export function amountOf(built: BuiltLinkRequest): LinkAmount {
  return { currency: built.total.currency, minor: built.total.minor.toString() };
}

export interface PreparedLink {
  merchantOrderNumber: string;
  sequence: number;
  intent: IntentRecord;
}

/** Allocates the next link of the order and writes its intent, before anything is sent to Svea. */
export async function prepareLink(
  deps: UseCaseDeps,
  order: { id: string; number: string },
  kind: "create" | "reissue",
  built: BuiltLinkRequest,
  replaces: string | null = null,
): Promise<PreparedLink> {
  const now = deps.clock.now();
  const intent = await deps.store.beginLink(order.id, order.number, (sequence) => ({
    id: deps.newId(),
    orderId: order.id,
    kind,
    merchantOrderNumber: makeMerchantOrderNumber(order.number, sequence, now, order.id),
    replaces,
    startedAt: now,
    sequence,
    fingerprint: built.fingerprint,
    deferredDelivery: built.request.deferredDelivery === true,
    amount: amountOf(built),
  }));
  return { merchantOrderNumber: intent.merchantOrderNumber, sequence: intent.sequence!, intent };
}

export interface CreatedLink {
  link: LinkRecord;
  failure: SveaFailure | null;
  /** The E.164 number Svea texts, for the clerk's notice. */
  phone: string | null;
  /** A resumed create found the earlier one at Svea (it had landed): no SMS went out now; the link is as Svea holds it. */
  found?: boolean;
}

/** A create sent again under the number of an earlier one whose outcome is unknown (see resume-create.ts). */
export interface ResumedCreate {
  /** What the earlier create sent ("" or null: not known). */
  fingerprint: string | null;
  /** When the earlier create was sent (epoch ms): a link found at Svea expires counted from then. */
  sentAt: number;
  /** What the earlier create asked Svea to charge, and its deferredDelivery, where known: a link found at Svea is that one. */
  amount?: LinkAmount;
  deferredDelivery?: boolean;
}

/**
 * Sends the create and stores its answer. On a failure the link is stored as failed; when the request may still have
 * reached Svea (timeout, lost answer) the intent stays open so reconcile reads the status later.
 * With `resumes`, the number is an earlier create's whose outcome is unknown: a 409 means that one landed, and the link
 * is recorded from its status (`found`); a failure leaves the link "may exist at Svea" and the intent open, whatever it
 * was, as the earlier create may still land. Which of the two Svea holds is known only when both sent the same.
 */
export async function createLink(
  deps: UseCaseDeps,
  orderId: string,
  prepared: PreparedLink,
  built: BuiltLinkRequest,
  options?: CallOptions,
  resumes?: ResumedCreate,
): Promise<CreatedLink> {
  const svea = requireSvea(deps);
  const { merchantOrderNumber, sequence, intent } = prepared;
  const request: CreateOrderRequest = { ...built.request, merchantOrderNumber, callbackUri: deps.callbackUrlFor(merchantOrderNumber) };
  const createdAt = deps.clock.now();
  // Unknown ("") when Svea may hold the earlier create's content: the save then re-issues rather than trust the link.
  const fingerprintIfEarlier = resumes && resumes.fingerprint !== built.fingerprint ? "" : built.fingerprint;
  const base: LinkRecord = {
    merchantOrderNumber,
    sequence,
    state: "failed",
    instoreUiUri: null,
    paymentOrderId: null,
    createdAt,
    expiresAt: createdAt + deps.settings.linkLifetimeMinutes * 60_000,
    fingerprint: built.fingerprint,
    canceledByPlugin: false,
    reason: null,
    smsSentSuccessfully: null,
    mayExistAtSvea: true,
    flags: [],
    callbackAt: null,
    checkedAt: null,
    deferredDelivery: request.deferredDelivery === true,
    amount: amountOf(built),
  };
  const phone = request.mobilePhoneNumber ?? null;
  try {
    // Passed on as given: a deadline's options make its signal only when the client reads it.
    const created = await svea.createOrder(request, resumes ? { ...options, resumesEarlierCreate: true } : options);
    if (resumes && created.recoveredFromDuplicate) {
      // Svea holds the number already: read from its status as any status answer is (paid, cancelled or waiting).
      // Taken as the earlier create's (a 409 on this call's first attempt proves it was; after an attempt of this call
      // that may have landed too, which one Svea holds is not known: the fingerprint then says so, and a save re-issues).
      const { amount: _sent, deferredDelivery: _sentDelivery, ...rest } = base;
      const earlier: LinkRecord = {
        ...rest,
        ...(resumes.amount ? { amount: resumes.amount } : {}),
        ...(resumes.deferredDelivery === undefined ? {} : { deferredDelivery: resumes.deferredDelivery }),
        fingerprint: fingerprintIfEarlier,
        createdAt: resumes.sentAt,
        expiresAt: resumes.sentAt + deps.settings.linkLifetimeMinutes * 60_000,
      };
      const seen = await recordStatus(deps, orderId, earlier, created, { reportFirst: false });
      await deps.store.finishIntent(orderId, intent.id, { at: deps.clock.now(), outcome: `found:${seen.link.state}` });
      deps.logger.info({ orderId, merchantOrderNumber, state: seen.link.state }, "svea instore create resumed: the earlier create had landed");
      return { link: seen.link, failure: null, phone, found: true };
    }
    const link: LinkRecord = {
      ...base,
      state: linkStateFromSvea({ status: created.orderStatus, expiresAt: base.expiresAt, now: deps.clock.now(), canceledByPlugin: false }),
      instoreUiUri: webAddressOrNull(created.instoreUiUri),
      paymentOrderId: created.paymentOrderId,
      smsSentSuccessfully: created.smsSentSuccessfully ?? null,
      sveaStatus: created.orderStatus,
    };
    await deps.store.putLink(orderId, link, { finishIntent: { id: intent.id, at: deps.clock.now(), outcome: "created" } });
    deps.logger.info({ orderId, merchantOrderNumber, paymentOrderId: link.paymentOrderId }, "svea instore link created");
    return { link, failure: null, phone };
  } catch (error) {
    const failure = classifySveaFailure(error);
    const mayExistAtSvea = resumes !== undefined || failure.mayHaveReachedSvea;
    const link: LinkRecord = { ...base, fingerprint: fingerprintIfEarlier, reason: failure.reason, detail: failure.detail, localizedDetail: failure.localized, mayExistAtSvea };
    const finishIntent = mayExistAtSvea ? undefined : { id: intent.id, at: deps.clock.now(), outcome: `failed:${failure.code}` };
    await deps.store.putLink(orderId, link, finishIntent ? { finishIntent } : {});
    deps.logger.warn({ orderId, merchantOrderNumber, err: describeError(error), mayHaveReachedSvea: mayExistAtSvea }, "svea instore create failed");
    return { link, failure, phone };
  }
}

export type CancelOutcome =
  | { outcome: "cancelled"; link: LinkRecord }
  /** Svea said Completed: cancel was not sent (it would credit the invoice); the link is now paid. */
  | { outcome: "paid"; link: LinkRecord }
  /**
   * Svea does not have this link. `final`: it never will (the create's answer came, or its outcome window passed);
   * otherwise the create may still land, the link stays "may exist at Svea" and its create intent must stay open.
   */
  | { outcome: "not-found"; link: LinkRecord; final: boolean }
  | { outcome: "failed"; failure: SveaFailure };

/**
 * Cancels a link at Svea. The client reads the status first and sends cancel only on Active. Without `intent` a cancel
 * intent of its own is written first; with one (a re-issue), that intent covers the cancel. `extraPayment`: the order no
 * longer wants this link (deleted, switched), so a payment its status read finds is flagged for the clerk to refund.
 */
export async function cancelLink(
  deps: UseCaseDeps,
  orderId: string,
  link: LinkRecord,
  reason: LinkReason,
  options: { signal?: AbortSignal; deadline?: number; intent?: IntentRecord; extraPayment?: boolean } = {},
): Promise<CancelOutcome> {
  const svea = requireSvea(deps);
  const own =
    options.intent ??
    (await deps.store.startIntent({
      id: deps.newId(),
      orderId,
      kind: "cancel",
      merchantOrderNumber: link.merchantOrderNumber,
      replaces: null,
      startedAt: deps.clock.now(),
    }));
  const finishOwn = async (outcome: string, abandoned = false) => {
    if (!options.intent) await deps.store.finishIntent(orderId, own.id, { at: deps.clock.now(), outcome, abandoned });
  };
  try {
    const result = await svea.cancelOrder(link.merchantOrderNumber, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    });
    if (result.outcome === "completed") {
      // Paid, but a try of this cancel may have lost its answer and still run at Svea (the client says so); an earlier
      // operation's cancel may too (recordStatus reads the open intents, this call's own left out).
      const seen = await recordStatus(deps, orderId, link, result.status, {
        reportFirst: false,
        ownIntent: own.id,
        ...(result.cancelMayHaveLanded ? { cancelMayHaveLanded: true } : {}),
        ...(options.extraPayment ? { extraPayment: true } : {}),
      });
      await finishOwn("paid");
      return { outcome: "paid", link: seen.link };
    }
    const now = deps.clock.now();
    const landed: LinkRecord = { ...link, state: "cancelled", canceledByPlugin: true, reason, checkedAt: now, mayExistAtSvea: true, paymentOrderId: result.status.paymentOrderId, sveaStatus: "Canceled" };
    // A status read after this cancel's lost answer said Canceled: with the payment's type on it, the customer paid
    // before the cancel ran, and it credited the payment (paid, then credited). Nothing sent by this call (Canceled
    // already): an earlier cancel whose outcome was never learned may be what landed, and credited it the same way.
    const updated: LinkRecord =
      result.outcome !== "canceled"
        ? linkAfterStatus(link, result.status, now, { cancelSent: cancelSentTo(await deps.store.getOrder(orderId), link.merchantOrderNumber, own.id) })
        : result.status.orderStatus === "Canceled"
          ? linkAfterStatus(landed, result.status, now)
          : landed;
    await deps.store.putLink(orderId, updated);
    await finishOwn(result.outcome);
    deps.logger.info({ orderId, merchantOrderNumber: link.merchantOrderNumber, outcome: result.outcome, reason }, "svea instore link cancelled");
    return { outcome: "cancelled", link: updated };
  } catch (error) {
    const failure = classifySveaFailure(error);
    if (failure.notFound) {
      const now = deps.clock.now();
      // A 404 shortly after a create whose answer was lost proves nothing: Svea may still store it. Counted from the
      // create sent last under this number (a save may have sent it again since the link was recorded).
      const final = !mayStillLand(link, now, lastCreateSentAt(await deps.store.getOrder(orderId), link));
      const updated: LinkRecord = { ...link, mayExistAtSvea: final ? false : link.mayExistAtSvea, checkedAt: now };
      await deps.store.putLink(orderId, updated);
      await finishOwn(final ? "not-found" : "not-found-yet");
      return { outcome: "not-found", link: updated, final };
    }
    if (!failure.mayHaveReachedSvea) await finishOwn(`failed:${failure.code}`, true);
    deps.logger.warn({ orderId, merchantOrderNumber: link.merchantOrderNumber, err: describeError(error) }, "svea instore cancel failed");
    return { outcome: "failed", failure };
  }
}

/**
 * What a status answer makes of a link. Pure: the one place that folds Svea's status into a stored link. `cancelSent`:
 * the plugin sent this link a cancel whose outcome it never learned (cancelSentTo in cancel-outcome-window.ts).
 */
export function linkAfterStatus(
  link: LinkRecord,
  status: OrderStatusResponse,
  now: number,
  options: { viaCallback?: boolean; cancelSent?: boolean } = {},
): LinkRecord {
  const viaCallback = options.viaCallback ?? false;
  const next: LinkRecord = {
    ...link,
    instoreUiUri: webAddressOrNull(status.instoreUiUri) ?? link.instoreUiUri,
    paymentOrderId: status.paymentOrderId ?? link.paymentOrderId,
    mayExistAtSvea: true,
    checkedAt: now,
    callbackAt: viaCallback ? now : link.callbackAt,
    sveaStatus: status.orderStatus,
  };
  // A payment the clerk annulled through Payment Admin (its cancel makes Instore report the order Canceled), or whose
  // annulment's outcome is being settled: Canceled is the annulment's doing, not a cancel's credit. The link stays paid;
  // its afterPayment record says what was given back, and the host keeps Svea's reference.
  const annulled = link.afterPayment?.annulled != null || link.afterPayment?.pending?.kind === "annul-cancel";
  if (link.state === "paid" && status.orderStatus === "Canceled" && annulled) return next;
  // The customer paid between the plugin's status read and its cancel: the cancel credited the payment. Svea reports
  // such an order Canceled with the payment's type still on it; a customer who declined (Svea calls back on a decline
  // too) or a link cancelled before anyone paid has none, and is no payment at all.
  // A link known paid that Svea now reports Canceled was credited in full (a cancel that landed after the payment).
  // So was one the plugin sent a cancel that may have landed (`cancelSent`), whenever it was sent: the nightly sweep's
  // cancel of a link past its expiry, held up at Svea while the customer paid, credits the payment as a delete's does.
  // Only a cancel sent after expiry that credited nothing leaves the link expired (grey), below.
  const credited = status.orderStatus === "Canceled" && (link.state === "paid" || status.paymentType != null || status.paymentMethodType != null);
  const paidWhileCancelling = link.canceledByPlugin && status.orderStatus === "Completed";
  const cancelSent = options.cancelSent ?? false;
  if (paidWhileCancelling || (credited && (link.canceledByPlugin || cancelSent || link.state === "paid"))) {
    return {
      ...next,
      state: "cancelled",
      // Kept as the plugin's doing, so a later read (its intent closed by then) still knows the link was credited.
      canceledByPlugin: link.canceledByPlugin || cancelSent,
      flags: link.flags.includes("paid-then-credited") ? link.flags : [...link.flags, "paid-then-credited"],
      paymentMethod: status.paymentMethodType ?? link.paymentMethod ?? null,
      paymentType: status.paymentType ?? link.paymentType ?? null,
    };
  }
  const state = linkStateFromSvea({ status: status.orderStatus, expiresAt: link.expiresAt, now, canceledByPlugin: link.canceledByPlugin });
  next.state = state;
  if (state !== link.state) {
    if (state === "expired") next.reason = "expired";
    else if (state === "cancelled" && !link.canceledByPlugin) next.reason = "declined";
    else if (state === "waiting" || state === "paid") next.reason = null;
  }
  if (state === "paid") {
    next.paymentMethod = status.paymentMethodType ?? null;
    next.paymentType = status.paymentType ?? null;
    // What the customer paid for, kept once: after-payment actions on an order changed since need no status read.
    if (!link.paidItems && status.orderItems?.length) next.paidItems = orderItemsFromStatus(status);
  }
  return next;
}

/**
 * Stores what a status read said and tells the host when the state or flags changed. Work that runs after the host's
 * call returned (callbacks, sweeps) reports first, so a failed report leaves the link unchanged for a retry; work inside
 * a hook stores first (the hook's answer already carries the view) and only logs a failed report.
 */
export async function recordStatus(
  deps: UseCaseDeps,
  orderId: string,
  link: LinkRecord,
  status: OrderStatusResponse,
  options: {
    reportFirst: boolean;
    viaCallback?: boolean;
    extraPayment?: boolean;
    /** The intent of the cancel call that read this status, if one did: its own send is told by `cancelMayHaveLanded`. */
    ownIntent?: string;
    /** The cancel call that read this status sent a cancel whose answer was lost (the client's cancelMayHaveLanded). */
    cancelMayHaveLanded?: boolean;
  },
): Promise<{ link: LinkRecord; changed: boolean }> {
  const record = await deps.store.getOrder(orderId);
  const now = deps.clock.now();
  const cancelSent = options.cancelMayHaveLanded === true || cancelSentTo(record, link.merchantOrderNumber, options.ownIntent);
  let updated = linkAfterStatus(link, status, now, { viaCallback: options.viaCallback ?? false, cancelSent });
  // Never lose a payment, never hide a second one: a link paid while the order already has a payment (or no longer
  // wants this link) is recorded paid and flagged for the clerk, who decides what to refund.
  const paidElsewhere = record?.links.some((l) => l.merchantOrderNumber !== link.merchantOrderNumber && l.state === "paid") ?? false;
  if (updated.state === "paid" && (paidElsewhere || options.extraPayment) && !updated.flags.includes("extra-payment")) {
    updated = { ...updated, flags: [...updated.flags, "extra-payment"] };
  }
  // Paid for what Svea was sent, which is not the order as the host holds it now (an edit whose re-issue a crash cut
  // short, with a host that stored the edit first): said where the clerk looks, not only at the next save.
  if (updated.state === "paid" && link.state !== "paid" && !updated.flags.includes("extra-payment") && (await paidForAnotherVersion(deps, orderId, updated))) {
    updated = { ...updated, flags: [...updated.flags, "paid-other-version"] };
  }
  // Links beside a payment that Svea may still let the customer pay are ended by the caller (cancel-links-beside-payment.ts);
  // marked in the same write as the payment, so a process stopped before then, or a write that fails, leaves reconcile
  // to end them.
  if (updated.state === "paid" && link.state !== "paid" && record?.links.some((l) => l.merchantOrderNumber !== link.merchantOrderNumber && mayStillBePaidAtSvea(l, "held-ended", now))) {
    updated = { ...updated, endLinksBeside: true };
  }
  // Turned paid while a cancel the plugin sent this link may still land and credit the payment (this call's own, or an
  // open intent's: a timeout, a stopped process): marked in the same write, so picking holds the payment back and
  // reconcile reads it until the cancel can no longer land (cancel-may-land.ts).
  if (updated.state === "paid" && link.state !== "paid" && updated.cancelMayLand === undefined) {
    const since = options.cancelMayHaveLanded ? now : openCancelSince(record, link.merchantOrderNumber, now, options.ownIntent);
    if (since !== undefined) {
      updated = { ...updated, cancelMayLand: since };
      deps.logger.warn({ orderId, merchantOrderNumber: link.merchantOrderNumber }, "svea instore link paid while a cancel sent to it may still land; held back from picking until settled");
    }
  }
  const changed = updated.state !== link.state || updated.flags.length !== link.flags.length;
  const after = withLink(record, orderId, updated);
  const addresses = status.orderStatus === "Completed" ? status.customerInformation ?? undefined : undefined;
  if (changed && options.reportFirst) {
    // The host may save the order from inside this report (nested in the order's lock): that save reads the store,
    // which says waiting until the line below, so it is shown the paid record instead.
    if (updated.state === "paid") await whileReportingPaid(deps, orderId, after, () => reportToHost(deps, after, addresses));
    else await reportToHost(deps, after, addresses);
  }
  // Found paid inside a hook: stored as not yet told first, so a host that throws (or a process that stops) before the
  // host has it leaves work for reconcile, which tells the host again. A paid state must reach the host.
  const untold = changed && !options.reportFirst && updated.state === "paid";
  await deps.store.putLink(orderId, untold ? { ...updated, hostUntold: true } : updated);
  if (changed && !options.reportFirst && (await reportToHostSafely(deps, after, addresses)) && untold) await deps.store.putLink(orderId, updated);
  if (changed) deps.logger.info({ orderId, merchantOrderNumber: link.merchantOrderNumber, from: link.state, to: updated.state, flags: updated.flags }, "svea instore link state changed");
  return { link: updated, changed };
}

/** Whether the host's order now would send Svea something other than what this link sent (compared by fingerprint). */
async function paidForAnotherVersion(deps: UseCaseDeps, orderId: string, link: LinkRecord): Promise<boolean> {
  if (!link.fingerprint) return false;
  try {
    const now = await hostVersionFingerprint(deps, orderId);
    // No Svea Instore order at the host: the extra-payment flag's story, not this one.
    return now !== null && now !== link.fingerprint;
  } catch (error) {
    // The payment is recorded whatever the host answers; only the comparison is skipped.
    deps.logger.warn({ orderId, err: describeError(error) }, "could not compare a paid link with the host's order");
    return false;
  }
}

/** Closes the open intents of a link once a status read (and cancel) has settled its outcome at Svea. */
export async function closeIntentsFor(deps: UseCaseDeps, orderId: string, merchantOrderNumber: string, outcome: string): Promise<void> {
  const record = await deps.store.getOrder(orderId);
  for (const intent of record?.intents ?? []) {
    if (intent.merchantOrderNumber === merchantOrderNumber && isOpenIntent(intent)) {
      await deps.store.finishIntent(orderId, intent.id, { at: deps.clock.now(), outcome });
    }
  }
}

/**
 * Tells the host the order's payment state, then notes which create (if any) it now holds as being checked, so
 * reconcile tells it again only what differs (see hostToldAsItStands). Throws what the host threw, before the note.
 */
export async function reportToHost(
  deps: UseCaseDeps,
  record: OrderPaymentRecord,
  addresses?: Parameters<typeof toPaymentStateUpdate>[1],
): Promise<void> {
  await deps.orders.setPaymentState(toPaymentStateUpdate(record, addresses));
  await noteHostBeingChecked(deps, record);
}

export async function reportToHostSafely(
  deps: UseCaseDeps,
  record: OrderPaymentRecord | undefined,
  addresses?: Parameters<typeof toPaymentStateUpdate>[1],
): Promise<boolean> {
  if (!record) return false;
  try {
    await deps.orders.setPaymentState(toPaymentStateUpdate(record, addresses));
  } catch (error) {
    deps.logger.error({ orderId: record.orderId, err: describeError(error) }, "host refused a payment state update");
    return false;
  }
  try {
    await noteHostBeingChecked(deps, record);
  } catch (error) {
    // The host has the update; without the note reconcile may tell it once more, which is harmless.
    deps.logger.error({ orderId: record.orderId, err: describeError(error) }, "could not note what the host was told");
  }
  return true;
}

/** After the host took an update for `record`: a write only when what it holds as being checked changed (rarely). */
async function noteHostBeingChecked(deps: UseCaseDeps, record: OrderPaymentRecord): Promise<void> {
  const told = beingCheckedCreate(record);
  if (record.hostBeingChecked !== told) await deps.store.setHostBeingChecked(record.orderId, told ?? null);
}

/**
 * Whether the host already holds the order as it stands as far as a create being checked goes: told that this very
 * create is being checked, or (with no create being checked) not holding one as such. A 404 inside a create's outcome
 * window changes nothing, so reconcile tells the host only when this says no: the first time (after a crash nothing
 * told it; a report that failed), not on every run.
 */
export function hostToldAsItStands(record: OrderPaymentRecord | undefined): boolean {
  return record?.hostBeingChecked === beingCheckedCreate(record);
}

function withLink(record: OrderPaymentRecord | undefined, orderId: string, link: LinkRecord): OrderPaymentRecord {
  const base: OrderPaymentRecord = record ?? { orderId, orderNumber: "", linkSequence: 0, links: [], intents: [], inbox: [] };
  const at = base.links.findIndex((l) => l.merchantOrderNumber === link.merchantOrderNumber);
  const links = at >= 0 ? base.links.map((l, i) => (i === at ? link : l)) : [...base.links, link];
  return { ...base, links };
}

export function requireSvea(deps: UseCaseDeps) {
  if (!deps.svea) throw new AccountNotConfiguredError();
  return deps.svea;
}

export class AccountNotConfiguredError extends Error {
  readonly code = "account-not-configured";
  constructor() {
    super("the Svea Instore account is not configured (merchantId and password)");
    this.name = "AccountNotConfiguredError";
  }
}
