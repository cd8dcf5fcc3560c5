// Settles what crashes and lost answers left open, so every link ends in a known state and no order keeps two Active links.
import { describeError } from "../callback/background-tasks.js";
import type { IntentRecord, LinkRecord } from "../store/index.js";
import { buildSveaOrder } from "../svea-order/index.js";
import { forEachBounded } from "./bounded-concurrency.js";
import { cancelLink, createLink, prepareLink, recordStatus, reportToHost, requireSvea } from "./link-operations.js";
import { processCallback } from "./process-callback.js";
import { classifySveaFailure } from "./svea-failure.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

export interface ReconcileSummary {
  orders: number;
  callbacks: number;
  intents: number;
  checked: number;
  recreated: number;
  extraLinksCancelled: number;
  paid: number;
  errors: number;
}

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

async function reconcileOrder(deps: UseCaseDeps, orderId: string, summary: ReconcileSummary): Promise<void> {
  const step = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      summary.errors++;
      deps.logger.warn({ orderId, step: what, err: describeError(error) }, "reconcile step failed; retried next run");
    }
  };

  const start = await deps.store.getOrder(orderId);
  for (const entry of start?.inbox.filter((e) => e.processedAt === null) ?? []) {
    await step("callback", async () => {
      const outcome = await processCallback(deps, entry);
      summary.callbacks++;
      if (outcome === "paid") summary.paid++;
    });
  }
  for (const intent of start?.intents.filter((i) => i.completedAt === null && i.abandonedAt === null) ?? []) {
    await step(`intent:${intent.kind}`, async () => {
      await settleIntent(deps, intent, summary);
      summary.intents++;
    });
  }

  const quietFor = deps.settings.reconcileAfterMinutes * 60_000;
  const now = deps.clock.now();
  const quiet = (await deps.store.getOrder(orderId))?.links.filter(
    (l) => l.state === "waiting" && l.callbackAt === null && l.createdAt <= now - quietFor && (l.checkedAt === null || l.checkedAt <= now - quietFor),
  );
  for (const link of quiet ?? []) {
    await step("quiet-link", async () => {
      const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
      summary.checked++;
      const seen = await recordStatus(deps, orderId, link, status, { reportFirst: true });
      if (seen.link.state === "paid") summary.paid++;
    });
  }

  await step("single-active", async () => {
    const record = await deps.store.getOrder(orderId);
    const waiting = record?.links.filter((l) => l.state === "waiting") ?? [];
    const paid = record?.links.some((l) => l.state === "paid") ?? false;
    // A paid order needs no link at all; otherwise only the newest may stay payable.
    const extra = paid ? waiting : waiting.slice(0, -1);
    for (const link of extra) {
      const ended = await cancelLink(deps, orderId, link, "replaced");
      if (ended.outcome === "failed") throw new Error(`could not cancel the extra link ${link.merchantOrderNumber}`);
      summary.extraLinksCancelled++;
    }
    if (extra.length > 0) {
      const after = await deps.store.getOrder(orderId);
      if (after) await reportToHost(deps, after);
    }
  });
}

async function settleIntent(deps: UseCaseDeps, intent: IntentRecord, summary: ReconcileSummary): Promise<void> {
  const finish = (outcome: string, abandoned = false) =>
    deps.store.finishIntent(intent.orderId, intent.id, { at: deps.clock.now(), outcome, abandoned });
  const record = await deps.store.getOrder(intent.orderId);
  const find = (merchantOrderNumber: string | null) => record?.links.find((l) => l.merchantOrderNumber === merchantOrderNumber);

  if (intent.kind === "cancel") {
    // Only learn the outcome: the operation that wanted the cancel answered the host long ago.
    const link = find(intent.merchantOrderNumber);
    if (!link) return finish("no-link", true);
    const found = await readInto(deps, intent.orderId, link, summary);
    return finish(found ? `settled:${found.state}` : "not-found");
  }

  if (intent.kind === "reissue" && intent.step === "started") {
    const old = find(intent.replaces);
    if (!old) return finish("no-old-link", true);
    const status = await requireSvea(deps).getOrderStatus(old.merchantOrderNumber);
    if (status.orderStatus === "Canceled") {
      // The plugin sent this cancel; its answer (or the step after it) was lost.
      if (!old.canceledByPlugin) {
        await deps.store.putLink(intent.orderId, { ...old, state: "cancelled", canceledByPlugin: true, reason: "reissued", checkedAt: deps.clock.now() });
      }
    } else {
      const seen = await recordStatus(deps, intent.orderId, old, status, { reportFirst: true });
      if (seen.link.state === "paid") summary.paid++;
      // Still payable: the re-issue never happened (the save was refused), so the old link stands.
      return finish(seen.link.state === "paid" ? "already-paid" : "old-link-stands", true);
    }
    await deps.store.markIntentStep(intent.orderId, intent.id, "old-cancelled");
  }

  // A create (or the create half of a re-issue) whose answer was lost: Svea's status says whether it arrived.
  const link = find(intent.merchantOrderNumber) ?? linkFromIntent(deps, intent);
  const found = await readInto(deps, intent.orderId, link, summary);
  if (found || intent.kind === "create") return finish(found ? `settled:${found.state}` : "not-found");

  // The old link is cancelled but the new one never reached Svea: issue it now for the order as the host has it.
  const order = await deps.orders.get(intent.orderId);
  if (!order || order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) return finish("order-gone", true);
  const built = buildSveaOrder({ order, settings: deps.settings, merchantOrderNumber: "provisional", callbackUri: deps.callbackUrlFor("provisional"), locale: deps.settings.defaultLocale });
  if (!built.ok) return finish(`order-invalid:${built.errors.map((e) => e.code).join(",")}`, true);
  const prepared = await prepareLink(deps, order, "create", built.fingerprint);
  const created = await createLink(deps, order.id, prepared, built);
  summary.recreated++;
  const after = await deps.store.getOrder(order.id);
  if (after) await reportToHost(deps, after);
  await finish(created.failure ? `recreate-failed:${created.failure.code}` : "recreated");
}

/** Reads a link's status into the store; undefined when Svea has never heard of it (then it is failed for good). */
async function readInto(deps: UseCaseDeps, orderId: string, link: LinkRecord, summary: ReconcileSummary): Promise<LinkRecord | undefined> {
  try {
    const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
    summary.checked++;
    const seen = await recordStatus(deps, orderId, link, status, { reportFirst: true });
    if (seen.link.state === "paid") summary.paid++;
    return seen.link;
  } catch (error) {
    if (!classifySveaFailure(error).notFound) throw error;
    await deps.store.putLink(orderId, { ...link, state: link.state === "waiting" ? "failed" : link.state, mayExistAtSvea: false, checkedAt: deps.clock.now() });
    return undefined;
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
