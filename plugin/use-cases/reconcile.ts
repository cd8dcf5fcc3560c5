// Settles what crashes and lost answers left open, so every link ends in a known state and no order keeps two Active links.
import { describeError } from "../callback/background-tasks.js";
import type { IntentRecord, LinkRecord, OrderPaymentRecord } from "../store/index.js";
import { buildSveaOrder } from "../svea-order/index.js";
import { settlePending } from "./after-payment/settle-pending.js";
import { forEachBounded } from "./bounded-concurrency.js";
import { cancelLink, createLink, prepareLink, recordStatus, reportToHost, requireSvea } from "./link-operations.js";
import { processCallbackLocked } from "./process-callback.js";
import { classifySveaFailure } from "./svea-failure.js";
import { mayStillLand } from "./unconfirmed-create.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

export interface ReconcileSummary {
  /** Orders with open work that were visited. */
  orders: number;
  /** Recorded callbacks that were processed. */
  callbacks: number;
  /** Open intents that were settled (closed); a create that may still land at Svea stays open and is not counted. */
  intents: number;
  /** Status reads Svea answered. */
  checked: number;
  /** Re-issues finished by creating the link a crash left uncreated. */
  recreated: number;
  extraLinksCancelled: number;
  /** Links found paid (a callback never came, or came and was not processed). */
  paid: number;
  /** After-payment calls (credit, delivery, annulment) whose lost answer was settled from Payment Admin. */
  afterPayment: number;
  /** Steps that failed; their order keeps its open work for the next run. */
  errors: number;
}

/**
 * One run, per order with open work and under its lock (so nothing else is half-way through it):
 * 1. open intents, oldest first: a create whose answer was lost (status → waiting, paid, or failed when Svea never got
 *    it); a re-issue cancelled but not recreated (create it for the order as the host has it now); a cancel whose
 *    answer was lost (status → the plugin's own cancel, expired, or still waiting);
 * 2. recorded callbacks not yet processed (after the intents, so a completion for a link whose cancel answer was lost
 *    is seen as "paid, then credited by the cancel");
 * 3. after-payment calls whose answer was lost (a credit, a delivery, an annulment): Payment Admin's order says whether
 *    each happened, as the order's next after-payment action would otherwise ask first ("not carried out" only once the
 *    call is past AFTER_PAYMENT_OUTCOME_WINDOW_MS);
 * 4. waiting links without a callback for `reconcileAfterMinutes`: one paced status read each;
 * 5. at most one payable link: every waiting link but the newest (by sequence) is cancelled, all of them when paid.
 */
export async function reconcile(deps: UseCaseDeps): Promise<ReconcileSummary> {
  requireSvea(deps);
  const summary: ReconcileSummary = { orders: 0, callbacks: 0, intents: 0, checked: 0, recreated: 0, extraLinksCancelled: 0, paid: 0, afterPayment: 0, errors: 0 };
  const orders = await deps.store.listOrdersWithOpenWork();
  await forEachBounded(orders, deps.settings.sweepConcurrency, async ({ orderId }) => {
    summary.orders++;
    try {
      await deps.store.withOrderLock(orderId, () => reconcileOrder(deps, orderId, summary));
    } catch (error) {
      summary.errors++;
      deps.logger.warn({ orderId, err: describeError(error) }, "reconcile could not settle an order");
    }
  });
  deps.logger.info({ ...summary }, "reconcile done");
  return summary;
}

interface OrderRun {
  deps: UseCaseDeps;
  orderId: string;
  summary: ReconcileSummary;
  /** A link changed without the host being told (recordStatus tells it itself). */
  unreported: boolean;
}

async function reconcileOrder(deps: UseCaseDeps, orderId: string, summary: ReconcileSummary): Promise<void> {
  const run: OrderRun = { deps, orderId, summary, unreported: false };
  const step = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      summary.errors++;
      deps.logger.warn({ orderId, step: what, err: describeError(error) }, "reconcile step failed; retried next run");
    }
  };

  const start = await deps.store.getOrder(orderId);
  const open = (start?.intents ?? []).filter((i) => i.completedAt === null && i.abandonedAt === null).sort((a, b) => a.startedAt - b.startedAt);
  for (const intent of open) {
    await step(`intent:${intent.kind}`, async () => {
      await settleIntent(run, intent);
      // Counted once closed: a create that may still land stays open for the next run.
      const after = (await deps.store.getOrder(orderId))?.intents.find((i) => i.id === intent.id);
      if (after && (after.completedAt !== null || after.abandonedAt !== null)) summary.intents++;
    });
  }

  for (const entry of (await deps.store.getOrder(orderId))?.inbox.filter((e) => e.processedAt === null) ?? []) {
    await step("callback", async () => {
      const outcome = await processCallbackLocked(deps, entry);
      summary.callbacks++;
      if (outcome === "paid") summary.paid++;
    });
  }

  for (const link of (await deps.store.getOrder(orderId))?.links.filter((l) => l.afterPayment?.pending) ?? []) {
    await step("after-payment", () => settleAfterPayment(run, link));
  }

  const quietFor = deps.settings.reconcileAfterMinutes * 60_000;
  const now = deps.clock.now();
  const quiet = (await deps.store.getOrder(orderId))?.links.filter(
    (l) => l.state === "waiting" && l.callbackAt === null && l.createdAt <= now - quietFor && (l.checkedAt === null || l.checkedAt <= now - quietFor),
  );
  for (const link of quiet ?? []) {
    await step("quiet-link", async () => {
      await readInto(run, link);
    });
  }

  await step("single-active", () => keepOnePayableLink(run));

  await step("report", async () => {
    const after = await deps.store.getOrder(orderId);
    // A paid state reached the host with Svea's addresses when it was found; a later update would only blank them.
    if (run.unreported && after && !after.links.some((l) => l.state === "paid")) await reportToHost(deps, after);
  });
}

/**
 * Settles a paid link's after-payment call from Payment Admin. Without Payment Admin credentials nothing can say what
 * became of it: it stays pending (the clerk's next action is refused with "check Payment Admin"), and every run warns.
 */
async function settleAfterPayment(run: OrderRun, link: LinkRecord): Promise<void> {
  const { deps, orderId } = run;
  const pending = link.afterPayment!.pending!;
  if (!deps.paymentAdmin) {
    deps.logger.warn({ orderId, action: pending.kind }, "an after-payment call's outcome is unknown and Payment Admin is not configured: check the order in Svea's portal");
    return;
  }
  const settled = await settlePending(deps, orderId, link, deps.settings.defaultLocale);
  // Not shown carried out while it may still land: the next run reads it again.
  if (!settled.ok && settled.stillOpen) return;
  if (!settled.ok) throw settled.cause ?? new Error(`the ${pending.kind} could not be settled: the paid link has no Payment Admin order id`);
  run.summary.afterPayment++;
}

async function settleIntent(run: OrderRun, intent: IntentRecord): Promise<void> {
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
    if (link.state === "paid") return finish("settled:paid");
    // Canceled now means the plugin's cancel landed, unless it was sent after expiry: then the link stays expired.
    const found = await readInto(run, link, { canceledByPlugin: intent.startedAt < link.expiresAt }, link.createdAt);
    // The link's create may still land: its own open create intent covers it from here.
    if (found === "not-yet") return finish("not-found-yet");
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
      // Still payable (or paid): the re-issue never got past its cancel, so the save was refused and the old link stands.
      return finish(seen.link.state === "paid" ? "already-paid" : "old-link-stands", true);
    }
    // The plugin's cancel landed; its answer (or the step after it) was lost. The create was never sent.
    if (!old.canceledByPlugin || old.state !== "cancelled") {
      await deps.store.putLink(intent.orderId, { ...old, state: "cancelled", canceledByPlugin: true, reason: "reissued", checkedAt: deps.clock.now() });
      run.unreported = true;
    }
    await deps.store.markIntentStep(intent.orderId, intent.id, "old-cancelled");
    createNeverSent = true;
  }

  // A create (or the create half of a re-issue) whose answer was lost: Svea's status says whether it arrived.
  const link = find(intent.merchantOrderNumber);
  if (link?.state === "paid") return finish("settled:paid");
  const superseded = isSuperseded(record, intent, link);
  if (superseded) return settleStaleCreate(run, intent, link, finish);
  const found = await readInto(run, link ?? linkFromIntent(deps, intent), {}, createNeverSent ? undefined : intent.startedAt);
  // Not at Svea yet, but the create may still land: the intent stays open and the next run reads it again.
  if (found === "not-yet") return;
  if (found || intent.kind === "create") return finish(found ? `settled:${found.state}` : "not-found");

  // The old link is cancelled and the new one never reached Svea: issue it now for the order as the host has it,
  // unless a payment has moved the order on since (a newer link, a save or a delete were handled above).
  if (record?.links.some((l) => l.state === "paid")) return finish("already-paid", true);
  const order = await deps.orders.get(intent.orderId);
  if (!order || order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) return finish("order-gone", true);
  const built = buildSveaOrder({ order, settings: deps.settings, merchantOrderNumber: "provisional", callbackUri: deps.callbackUrlFor("provisional"), locale: deps.settings.defaultLocale });
  if (!built.ok) return finish(`order-invalid:${built.errors.map((e) => e.code).join(",")}`, true);
  const prepared = await prepareLink(deps, order, "create", built);
  const created = await createLink(deps, order.id, prepared, built);
  run.summary.recreated++;
  run.unreported = true;
  await finish(created.failure ? `recreate-failed:${created.failure.code}` : "recreated");
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
    intents.some((i) => i.kind === "cancel" && i.merchantOrderNumber === intent.merchantOrderNumber) ||
    links.some((l) => l.merchantOrderNumber !== intent.merchantOrderNumber && l.state === "paid") ||
    (!link && intents.some((i) => i.startedAt > intent.startedAt))
  );
}

/**
 * A create whose answer was lost (a timeout, a crash) for a link the order no longer wants: it must not stay payable.
 * The client reads the status and cancels only on Active. Completed means the customer paid it: recorded paid (the money
 * decides), flagged as an extra payment when the order has another payment or has left Svea Instore. A 404 inside the
 * create's outcome window leaves the intent open for the next run. A lost link with no record is recorded only when
 * paid; otherwise the outcome stays on the intent, because a link stored after a newer one would pose as the current one.
 */
async function settleStaleCreate(
  run: OrderRun,
  intent: IntentRecord,
  link: LinkRecord | undefined,
  finish: (outcome: string, abandoned?: boolean) => Promise<void>,
): Promise<void> {
  const { deps, orderId } = run;
  const svea = requireSvea(deps);
  const known = link ?? linkFromIntent(deps, intent);
  try {
    const result = await svea.cancelOrder(intent.merchantOrderNumber);
    run.summary.checked++;
    if (result.outcome === "completed") {
      const order = await deps.orders.get(orderId);
      const extraPayment = !order || order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD;
      await recordStatus(deps, orderId, known, result.status, { reportFirst: true, extraPayment });
      run.summary.paid++;
      return finish("stale:paid");
    }
    if (result.outcome === "canceled") {
      run.summary.extraLinksCancelled++;
      if (link) {
        const now = deps.clock.now();
        await deps.store.putLink(orderId, { ...link, state: "cancelled", canceledByPlugin: true, reason: "replaced", checkedAt: now, paymentOrderId: result.status.paymentOrderId ?? null });
        run.unreported = true;
      }
    } else if (link) {
      await recordStatus(deps, orderId, link, result.status, { reportFirst: true });
    }
    return finish(`stale:${result.outcome}`);
  } catch (error) {
    if (!classifySveaFailure(error).notFound) throw error;
    if (mayStillLand(known, deps.clock.now(), intent.startedAt)) return;
    if (link) await deps.store.putLink(orderId, { ...link, mayExistAtSvea: false, checkedAt: deps.clock.now() });
    return finish("stale:not-found");
  }
}

/**
 * Reads a link's status into the store. Undefined when Svea has never heard of it: a link not yet settled becomes
 * failed for good (nothing at Svea can be paid). "not-yet" when Svea does not have it but its create, sent at
 * `createSentAt`, may still land (see CREATE_OUTCOME_WINDOW_MS): nothing is concluded.
 */
async function readInto(
  run: OrderRun,
  link: LinkRecord,
  assume: Partial<Pick<LinkRecord, "canceledByPlugin">> = {},
  createSentAt?: number,
): Promise<LinkRecord | "not-yet" | undefined> {
  const { deps, orderId, summary } = run;
  try {
    const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
    summary.checked++;
    const base = status.orderStatus === "Canceled" && assume.canceledByPlugin !== undefined ? { ...link, canceledByPlugin: assume.canceledByPlugin } : link;
    const seen = await recordStatus(deps, orderId, base, status, { reportFirst: true });
    if (seen.link.state === "paid" && link.state !== "paid") summary.paid++;
    return seen.link;
  } catch (error) {
    if (!classifySveaFailure(error).notFound) throw error;
    if (createSentAt !== undefined && mayStillLand(link, deps.clock.now(), createSentAt)) return "not-yet";
    const state = link.state === "waiting" ? "failed" : link.state;
    await deps.store.putLink(orderId, { ...link, state, reason: state === link.state ? link.reason : "svea-rejected", mayExistAtSvea: false, checkedAt: deps.clock.now() });
    if (state !== link.state) run.unreported = true;
    return undefined;
  }
}

/** Every waiting link but the newest is cancelled; when the order is paid, all of them. */
async function keepOnePayableLink(run: OrderRun): Promise<void> {
  const { deps, orderId } = run;
  const record = await deps.store.getOrder(orderId);
  const waiting = (record?.links ?? []).filter((l) => l.state === "waiting").sort((a, b) => a.sequence - b.sequence);
  let paid = record?.links.some((l) => l.state === "paid") ?? false;
  for (const [i, link] of waiting.entries()) {
    if (i === waiting.length - 1 && !paid) break;
    const ended = await cancelLink(deps, orderId, link, "replaced");
    if (ended.outcome === "failed") throw new Error(`could not cancel the extra link ${link.merchantOrderNumber}`);
    if (ended.outcome === "paid") {
      paid = true;
      run.summary.paid++;
      continue;
    }
    if (ended.outcome === "not-found") {
      await deps.store.putLink(orderId, { ...ended.link, state: "failed", reason: "svea-rejected" });
    }
    run.summary.extraLinksCancelled++;
    run.unreported = true;
  }
}

function linkFromIntent(deps: UseCaseDeps, intent: IntentRecord): LinkRecord {
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
