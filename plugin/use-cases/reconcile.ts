// Settles what crashes and lost answers left open, so every link ends in a known state and no order keeps two Active links.
import { describeError } from "../callback/background-tasks.js";
import type { IntentRecord, LinkRecord, OrderPaymentRecord } from "../store/index.js";
import { buildSveaOrder } from "../svea-order/index.js";
import { forEachBounded } from "./bounded-concurrency.js";
import { cancelLink, createLink, prepareLink, recordStatus, reportToHost, requireSvea } from "./link-operations.js";
import { processCallback } from "./process-callback.js";
import { classifySveaFailure } from "./svea-failure.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

export interface ReconcileSummary {
  /** Orders with open work that were visited. */
  orders: number;
  /** Recorded callbacks that were processed. */
  callbacks: number;
  /** Open intents that were settled. */
  intents: number;
  /** Status reads Svea answered. */
  checked: number;
  /** Re-issues finished by creating the link a crash left uncreated. */
  recreated: number;
  extraLinksCancelled: number;
  /** Links found paid (a callback never came, or came and was not processed). */
  paid: number;
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
 * 3. waiting links without a callback for `reconcileAfterMinutes`: one paced status read each;
 * 4. at most one payable link: every waiting link but the newest (by sequence) is cancelled, all of them when paid.
 */
export async function reconcile(deps: UseCaseDeps): Promise<ReconcileSummary> {
  requireSvea(deps);
  const summary: ReconcileSummary = { orders: 0, callbacks: 0, intents: 0, checked: 0, recreated: 0, extraLinksCancelled: 0, paid: 0, errors: 0 };
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
      summary.intents++;
    });
  }

  for (const entry of (await deps.store.getOrder(orderId))?.inbox.filter((e) => e.processedAt === null) ?? []) {
    await step("callback", async () => {
      const outcome = await processCallback(deps, entry);
      summary.callbacks++;
      if (outcome === "paid") summary.paid++;
    });
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

async function settleIntent(run: OrderRun, intent: IntentRecord): Promise<void> {
  const { deps } = run;
  const finish = (outcome: string, abandoned = false) => deps.store.finishIntent(intent.orderId, intent.id, { at: deps.clock.now(), outcome, abandoned });
  const record = await deps.store.getOrder(intent.orderId);
  const find = (merchantOrderNumber: string | null) => record?.links.find((l) => l.merchantOrderNumber === merchantOrderNumber);

  if (intent.kind === "cancel") {
    // Only learn the outcome: the operation that wanted the cancel answered the host long ago.
    const link = find(intent.merchantOrderNumber);
    if (!link) return finish("no-link", true);
    if (link.state === "paid") return finish("settled:paid");
    // Canceled now means the plugin's cancel landed, unless it was sent after expiry: then the link stays expired.
    const found = await readInto(run, link, { canceledByPlugin: intent.startedAt < link.expiresAt });
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
  }

  // A create (or the create half of a re-issue) whose answer was lost: Svea's status says whether it arrived.
  const link = find(intent.merchantOrderNumber);
  if (link?.state === "paid") return finish("settled:paid");
  const superseded = isSuperseded(record, intent);
  if (!link && superseded) return settleStaleCreate(run, intent, finish);
  const found = await readInto(run, link ?? linkFromIntent(deps, intent));
  if (found || intent.kind === "create") return finish(found ? `settled:${found.state}` : "not-found");

  // The old link is cancelled and the new one never reached Svea: issue it now for the order as the host has it,
  // unless the clerk (a save, a delete) or a payment has moved the order on since.
  if (superseded) return finish("superseded", true);
  if (record?.links.some((l) => l.state === "paid")) return finish("already-paid", true);
  const order = await deps.orders.get(intent.orderId);
  if (!order || order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) return finish("order-gone", true);
  const built = buildSveaOrder({ order, settings: deps.settings, merchantOrderNumber: "provisional", callbackUri: deps.callbackUrlFor("provisional"), locale: deps.settings.defaultLocale });
  if (!built.ok) return finish(`order-invalid:${built.errors.map((e) => e.code).join(",")}`, true);
  const prepared = await prepareLink(deps, order, "create", built.fingerprint);
  const created = await createLink(deps, order.id, prepared, built);
  run.summary.recreated++;
  run.unreported = true;
  await finish(created.failure ? `recreate-failed:${created.failure.code}` : "recreated");
}

/** Whether the order has moved on since the intent: a newer link, or a later operation (save, delete) on it. */
function isSuperseded(record: OrderPaymentRecord | undefined, intent: IntentRecord): boolean {
  const sequence = intent.sequence;
  return (
    (sequence !== null && (record?.links.some((l) => l.sequence > sequence) ?? false)) ||
    (record?.intents.some((i) => i.id !== intent.id && i.startedAt > intent.startedAt) ?? false)
  );
}

/**
 * A create lost in a crash, after which the order got a newer link: the lost one is not the order's link. Recorded only
 * when it was paid (the money decides); otherwise an Active one is cancelled at Svea and the outcome kept on the intent,
 * because a link stored after a newer one would pose as the order's current link.
 */
async function settleStaleCreate(run: OrderRun, intent: IntentRecord, finish: (outcome: string, abandoned?: boolean) => Promise<void>): Promise<void> {
  const { deps } = run;
  const svea = requireSvea(deps);
  try {
    const result = await svea.cancelOrder(intent.merchantOrderNumber);
    run.summary.checked++;
    if (result.outcome === "completed") {
      await recordStatus(deps, intent.orderId, linkFromIntent(deps, intent), result.status, { reportFirst: true });
      run.summary.paid++;
      return finish("stale:paid");
    }
    run.summary.extraLinksCancelled += result.outcome === "canceled" ? 1 : 0;
    return finish(`stale:${result.outcome}`);
  } catch (error) {
    if (!classifySveaFailure(error).notFound) throw error;
    return finish("stale:not-found");
  }
}

/**
 * Reads a link's status into the store. Undefined when Svea has never heard of it: a link not yet settled becomes
 * failed for good (nothing at Svea can be paid).
 */
async function readInto(run: OrderRun, link: LinkRecord, assume: Partial<Pick<LinkRecord, "canceledByPlugin">> = {}): Promise<LinkRecord | undefined> {
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
    canceledByPlugin: false,
    reason: "timeout",
    smsSentSuccessfully: null,
    mayExistAtSvea: true,
    flags: [],
    callbackAt: null,
    checkedAt: null,
  };
}
