// Settles one intent that an interruption left open (reconcile's first step, and what a save, delete, check or
// callback does first for a create a crashed process left without its answer): Svea's status says what happened.
import type { IntentRecord, LinkRecord, OrderPaymentRecord } from "../store/index.js";
import { cancelLink, createLink, linkAfterStatus, prepareLink, recordStatus, requireSvea } from "./link-operations.js";
import { recordStatusEndingExpired } from "./end-expired-link.js";
import { buildForHost, hostVersionDiffers } from "./host-order-version.js";
import { cancelStillMayLand } from "./cancel-outcome-window.js";
import { classifySveaFailure } from "./svea-failure.js";
import { isUnconfirmed, lastCreateSentAt, mayStillLand } from "./unconfirmed-create.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

/** What settling intents counts (reconcile's summary has these and more). */
export interface IntentCounts {
  checked: number;
  paid: number;
  extraLinksCancelled: number;
  recreated: number;
}

export interface OrderRun {
  deps: UseCaseDeps;
  orderId: string;
  summary: IntentCounts;
  /** A link changed without the host being told (recordStatus tells it itself). */
  unreported: boolean;
  /** Whether a re-issue the crash left uncreated is created now (reconcile), or left to the save or delete at hand. */
  recreate: boolean;
}

export async function settleIntent(run: OrderRun, intent: IntentRecord): Promise<void> {
  const { deps } = run;
  const finish = (outcome: string, abandoned = false) => deps.store.finishIntent(intent.orderId, intent.id, { at: deps.clock.now(), outcome, abandoned });
  const record = await deps.store.getOrder(intent.orderId);
  const find = (merchantOrderNumber: string | null) => record?.links.find((l) => l.merchantOrderNumber === merchantOrderNumber);
  /** The create is known never to have been sent, so a 404 for it is final at once. */
  let createNeverSent = false;

  if (intent.kind === "cancel") {
    // Only learn the outcome: the operation that wanted the cancel answered the host long ago.
    const link = find(intent.merchantOrderNumber);
    if (!link) return finish("no-link", true);
    // A paid link is read too: a cancel sent before the payment (held up at Svea, its sender killed) may land after it
    // and credit the payment in full. Canceled now means the plugin's cancel landed: cancelled (black), or expired
    // (grey) when it was sent after expiry (the nightly sweep's). With a payment on it (the link paid, or the payment's
    // type on Svea's answer), paid, then credited by it, whenever it was sent: this intent, still open, says the
    // plugin sent it (recordStatus reads the open intents, cancelSentTo).
    const found = await readInto(run, link, { canceledByPlugin: intent.startedAt < link.expiresAt }, lastCreateSentAt(record, link));
    // The link's create may still land: its own open create intent covers it from here.
    if (found === "not-yet") return finish("not-found-yet");
    await keepCancelSentAt(deps, intent, found);
    return finish(found ? `settled:${found.state}` : "not-found");
  }

  if (intent.kind === "reissue" && intent.step === "started") {
    const old = find(intent.replaces);
    if (!old) return finish("no-old-link", true);
    let status;
    try {
      status = await requireSvea(deps).getOrderStatus(old.merchantOrderNumber);
    } catch (error) {
      if (!classifySveaFailure(error).notFound) throw error;
      return finish("old-link-not-at-svea", true);
    }
    run.summary.checked++;
    if (status.orderStatus !== "Canceled") {
      const seen = await recordStatus(deps, intent.orderId, old, status, { reportFirst: true });
      if (seen.link.state === "paid") run.summary.paid++;
      // Still payable (or paid): the re-issue never got past its cancel, so the old link stands. A host that stores
      // its order before the save hook (as the reference host does) may hold the edit the re-issue was for: then the
      // old link asks the customer for a version the host no longer has, and the re-issue is finished now.
      if (seen.link.state === "waiting" && run.recreate && (await hostVersionDiffers(deps, intent.orderId, old.fingerprint))) {
        const ended = await cancelLink(deps, intent.orderId, seen.link, "reissued");
        if (ended.outcome === "failed") throw new Error(`could not cancel ${old.merchantOrderNumber} for the host's newer version`);
        if (ended.outcome === "paid") {
          run.summary.paid++;
          return finish("already-paid", true);
        }
        run.unreported = true;
        const next = await recreateForHost(run, intent);
        return finish(`old-link-for-another-version:${next.outcome}`, next.abandoned);
      }
      await keepCancelSentAt(deps, intent, seen.link);
      return finish(seen.link.state === "paid" ? "already-paid" : "old-link-stands", true);
    }
    // The plugin's cancel landed; its answer (or the step after it) was lost. The create was never sent. On a link paid
    // before it ran (recorded paid, or the payment's type on Svea's answer) it credited the payment: paid, then credited.
    const landed = linkAfterStatus({ ...old, canceledByPlugin: true, reason: "reissued" }, status, deps.clock.now());
    if (!old.canceledByPlugin || old.state !== "cancelled" || landed.flags.length !== old.flags.length) {
      await deps.store.putLink(intent.orderId, landed);
      run.unreported = true;
    }
    await deps.store.markIntentStep(intent.orderId, intent.id, "old-cancelled");
    createNeverSent = true;
  }

  // A create (or the create half of a re-issue) whose answer was lost: Svea's status says whether it arrived.
  const link = find(intent.merchantOrderNumber);
  if (link?.state === "paid") return finish("settled:paid");
  if (isSuperseded(record, intent, link)) {
    const outcome = await settleStaleCreate(run, intent, link);
    return outcome === null ? undefined : finish(outcome);
  }
  // A create lost in a crash, for an order the host does not have as it was sent (the host's save of that version
  // never finished, or the host has no such order): the customer must not pay for it. Cancelled (paid: recorded),
  // and the order as the host has it gets its own link.
  if (!link && !createNeverSent && (await hostVersionDiffers(deps, intent.orderId, intent.fingerprint))) {
    const outcome = await settleStaleCreate(run, intent, undefined);
    if (outcome === null) return;
    if (outcome === "stale:paid") return finish(`host-version-differs:${outcome}`);
    const next = await recreateForHost(run, intent);
    return finish(`host-version-differs:${outcome}:${next.outcome}`, next.abandoned);
  }
  const found = await readInto(run, link ?? linkFromIntent(deps, intent), {}, createNeverSent ? "never-sent" : intent.startedAt);
  // Not at Svea yet, but the create may still land: the intent stays open and the next run reads it again.
  if (found === "not-yet") return;
  if (found || intent.kind === "create") return finish(found ? `settled:${found.state}` : "not-found");

  // The old link is cancelled and the new one never reached Svea: issue it now for the order as the host has it.
  const next = await recreateForHost(run, intent);
  return finish(next.outcome, next.abandoned);
}

/**
 * Issues a link for the order as the host has it now, unless a payment has moved the order on since (a newer link, a
 * save or a delete were handled before), or the run is one a save or delete makes first (it issues or ends the link).
 */
async function recreateForHost(run: OrderRun, intent: IntentRecord): Promise<{ outcome: string; abandoned: boolean }> {
  const { deps } = run;
  if (!run.recreate) return { outcome: "left-to-the-operation", abandoned: true };
  if ((await deps.store.getOrder(intent.orderId))?.links.some((l) => l.state === "paid")) return { outcome: "already-paid", abandoned: true };
  const order = await deps.orders.get(intent.orderId);
  if (!order || order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) return { outcome: "order-gone", abandoned: true };
  const built = buildForHost(deps, order);
  if (!built.ok) return { outcome: `order-invalid:${built.errors.map((e) => e.code).join(",")}`, abandoned: true };
  const prepared = await prepareLink(deps, order, "create", built);
  const created = await createLink(deps, order.id, prepared, built);
  run.summary.recreated++;
  run.unreported = true;
  return { outcome: created.failure ? `recreate-failed:${created.failure.code}` : "recreated", abandoned: false };
}


/**
 * Whether the order no longer wants the link this create intent made: a newer link was issued, the plugin set out to
 * cancel this very link (a renewal, a delete, a switch to another payment method), the order is paid through another
 * link, or (for a create lost in a crash, with no link record) anything was done to the order since.
 */
function isSuperseded(record: OrderPaymentRecord | undefined, intent: IntentRecord, link: LinkRecord | undefined): boolean {
  const sequence = intent.sequence ?? Number.MAX_SAFE_INTEGER;
  const links = record?.links ?? [];
  const intents = (record?.intents ?? []).filter((i) => i.id !== intent.id);
  return (
    links.some((l) => l.sequence > sequence) ||
    intents.some((i) => i.kind !== "cancel" && i.sequence !== null && i.sequence > sequence) ||
    orderAskedToCancel(intents, intent.merchantOrderNumber) ||
    links.some((l) => l.merchantOrderNumber !== intent.merchantOrderNumber && l.state === "paid") ||
    // (A later intent for this very number is the same create sent again by a save: see resume-create.ts.)
    (!link && intents.some((i) => i.startedAt > intent.startedAt && i.merchantOrderNumber !== intent.merchantOrderNumber))
  );
}

/**
 * A create whose answer was lost (a timeout, a crash) for a link the order no longer wants: it must not stay payable.
 * The client reads the status and cancels only on Active. Completed means the customer paid it: recorded paid (the money
 * decides), flagged as an extra payment when the order has another payment or has left Svea Instore. A 404 inside the
 * create's outcome window leaves the intent open for the next run. A lost link with no record that this cancels (it was
 * Active, so its SMS went out) is recorded cancelled, in its place among the order's links, so the history shows the
 * link the customer was sent; one Svea already had as cancelled or expired stays on the intent only. A 404 past the
 * window is recorded failed for good, a lost link with no record too (Svea may still store it late: see failedPastWindow).
 * The outcome to close the intent with, or null to leave it open.
 */
async function settleStaleCreate(run: OrderRun, intent: IntentRecord, link: LinkRecord | undefined): Promise<string | null> {
  const { deps, orderId } = run;
  const svea = requireSvea(deps);
  const known = link ?? linkFromIntent(deps, intent);
  // Written before the send, as every cancel's: a cancel whose answer is lost stays open, so a payment found while it
  // may still land is held back (recordStatus reads open cancels).
  const own = await deps.store.startIntent({
    id: deps.newId(),
    orderId,
    kind: "cancel",
    merchantOrderNumber: intent.merchantOrderNumber,
    replaces: null,
    startedAt: deps.clock.now(),
    settlesIntent: intent.id,
  });
  const finishOwn = (outcome: string, abandoned = false) => deps.store.finishIntent(orderId, own.id, { at: deps.clock.now(), outcome, abandoned });
  try {
    const result = await svea.cancelOrder(intent.merchantOrderNumber);
    run.summary.checked++;
    await finishOwn(result.outcome);
    if (result.outcome === "completed") {
      const order = await deps.orders.get(orderId);
      // Paid through a link the order set out to cancel with no newer link to replace it (a delete): the money is on
      // an order that no longer wants it, for the clerk to refund.
      const extraPayment = !order || order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD || (await cancelledByDelete(deps, orderId, intent));
      await recordStatus(deps, orderId, known, result.status, { reportFirst: true, extraPayment, ...(result.cancelMayHaveLanded ? { cancelMayHaveLanded: true } : {}) });
      run.summary.paid++;
      return "stale:paid";
    }
    if (result.outcome === "canceled") {
      run.summary.extraLinksCancelled++;
      const now = deps.clock.now();
      await deps.store.putLink(orderId, {
        ...known,
        state: "cancelled",
        canceledByPlugin: true,
        reason: link ? "replaced" : (await cancelledByDelete(deps, orderId, intent)) ? "deleted" : "replaced",
        checkedAt: now,
        paymentOrderId: result.status.paymentOrderId ?? null,
      });
      run.unreported = true;
    } else if (link) {
      await recordStatus(deps, orderId, link, result.status, { reportFirst: true });
    }
    return `stale:${result.outcome}`;
  } catch (error) {
    const failure = classifySveaFailure(error);
    if (!failure.notFound) {
      // Sent, perhaps: left open for what reads it (a payment found meanwhile; the next run closes it).
      if (!failure.mayHaveReachedSvea) await finishOwn(`failed:${failure.code}`, true);
      throw error;
    }
    await finishOwn("not-found");
    if (mayStillLand(known, deps.clock.now(), intent.startedAt)) return null;
    // Failed for good, and no longer being checked (a deleted order's link, say): the host is told so. A lost create
    // with no record gets one, in its place among the order's links: Svea may still store it late and the customer pay
    // it, and a link record is what its callback, a check-now and reconcile's reads find it by (failedPastWindow).
    await deps.store.putLink(orderId, { ...known, mayExistAtSvea: false, checkedAt: deps.clock.now() });
    if (!link || isUnconfirmed(link)) run.unreported = true;
    return "stale:not-found";
  }
}

/** Whether a cancel of this link was asked for by the order (a delete, a replacement), not reconcile's own (settlesIntent). */
function orderAskedToCancel(intents: readonly IntentRecord[], merchantOrderNumber: string): boolean {
  return intents.some((i) => i.kind === "cancel" && i.settlesIntent === undefined && i.merchantOrderNumber === merchantOrderNumber);
}

/**
 * Whether the order set out to cancel this create's link with no newer link to replace it: a delete (the only operation
 * that starts a cancel for a create still without its record; reconcile's own cancels, settlesIntent, are not one).
 */
async function cancelledByDelete(deps: UseCaseDeps, orderId: string, intent: IntentRecord): Promise<boolean> {
  const record = await deps.store.getOrder(orderId);
  return (
    orderAskedToCancel(record?.intents ?? [], intent.merchantOrderNumber) &&
    !(record?.links.some((l) => l.sequence > (intent.sequence ?? 0)) ?? false)
  );
}

/**
 * Closing a cancel's intent on a read that still said Active: Svea may hold the cancel in its queue a while yet, so the
 * link keeps when it was sent (cancelSentAt), and a payment found on it meanwhile is held back (cancel-outcome-window.ts).
 */
async function keepCancelSentAt(deps: UseCaseDeps, intent: IntentRecord, link: LinkRecord | undefined): Promise<void> {
  const sentAt = link ? cancelStillMayLand(intent, link.sveaStatus, deps.clock.now()) : undefined;
  if (link && sentAt !== undefined && (link.cancelSentAt ?? 0) < sentAt) await deps.store.putLink(intent.orderId, { ...link, cancelSentAt: sentAt });
}

/**
 * Reads a link's status into the store. Undefined when Svea has never heard of it: a link not yet settled becomes
 * failed for good (nothing at Svea can be paid). "not-yet" when Svea does not have it but its create, sent at
 * `createSentAt`, may still land (see CREATE_OUTCOME_WINDOW_MS): nothing is concluded. "never-sent": a create known
 * never to have left (a re-issue whose cancel this run confirmed), whose 404 is final at once and whose record keeps
 * checkedAt as it was (null), so it is not watched for a late landing (lateCreateWatched) that cannot come.
 */
export async function readInto(
  run: OrderRun,
  link: LinkRecord,
  assume: Partial<Pick<LinkRecord, "canceledByPlugin">> = {},
  createSentAt?: number | "never-sent",
): Promise<LinkRecord | "not-yet" | undefined> {
  const { deps, orderId, summary } = run;
  try {
    const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
    summary.checked++;
    const base = status.orderStatus === "Canceled" && assume.canceledByPlugin !== undefined ? { ...link, canceledByPlugin: assume.canceledByPlugin } : link;
    // Expired while Svea still says Active: cancelled there too; a cancel that fails throws, leaving the work open.
    const seen = await recordStatusEndingExpired(deps, orderId, base, status);
    if (seen.link.state === "paid" && link.state !== "paid") summary.paid++;
    return seen.link;
  } catch (error) {
    if (!classifySveaFailure(error).notFound) throw error;
    // Nothing changed: reconcile tells the host it is being checked only if it does not hold that already (after a
    // crash nothing told it yet: the save never answered), not on every run inside the window.
    if (typeof createSentAt === "number" && mayStillLand(link, deps.clock.now(), createSentAt)) return "not-yet";
    const state = link.state === "waiting" ? "failed" : link.state;
    const checkedAt = createSentAt === "never-sent" ? link.checkedAt : deps.clock.now();
    await deps.store.putLink(orderId, { ...link, state, reason: state === link.state ? link.reason : "svea-rejected", mayExistAtSvea: false, checkedAt });
    // A link being checked stays failed, now for good: the host was told failed with beingChecked, and hears it final.
    if (state !== link.state || isUnconfirmed(link)) run.unreported = true;
    return undefined;
  }
}

/** The link record a create intent stands for, as the create sent it: failed (not known at Svea), being checked. */
export function linkFromIntent(deps: UseCaseDeps, intent: IntentRecord): LinkRecord {
  return {
    merchantOrderNumber: intent.merchantOrderNumber,
    sequence: intent.sequence ?? 0,
    state: "failed",
    instoreUiUri: null,
    paymentOrderId: null,
    createdAt: intent.startedAt,
    expiresAt: intent.startedAt + deps.settings.linkLifetimeMinutes * 60_000,
    // Unknown fingerprint: the next save re-issues rather than trusting a link it cannot compare.
    fingerprint: intent.fingerprint ?? "",
    ...(intent.deferredDelivery === undefined ? {} : { deferredDelivery: intent.deferredDelivery }),
    ...(intent.amount === undefined ? {} : { amount: { ...intent.amount } }),
    canceledByPlugin: false,
    reason: "timeout",
    smsSentSuccessfully: null,
    mayExistAtSvea: true,
    flags: [],
    callbackAt: null,
    checkedAt: null,
  };
}
