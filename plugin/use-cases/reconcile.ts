// Settles what crashes and lost answers left open, so every link ends in a known state and no order keeps two Active links.
import { describeError } from "../callback/background-tasks.js";
import { expiredHeldActive, hasLeftOverWork, isOpenIntent, lateCreateWatched, type LinkRecord, type OrderPaymentRecord } from "../store/index.js";
import { settlePending } from "./after-payment/settle-pending.js";
import { forEachBounded } from "./bounded-concurrency.js";
import { settleCancelMayLand } from "./cancel-may-land.js";
import { linksBesideEnded } from "./cancel-links-beside-payment.js";
import { cancelLink, hostToldAsItStands, reportToHost, requireSvea } from "./link-operations.js";
import { readLateCreate } from "./late-create.js";
import { processCallbackLocked } from "./process-callback.js";
import { readInto, settleIntent, type OrderRun } from "./settle-intent.js";
import { settleUnconfirmedLinks } from "./settle-unconfirmed-links.js";
import type { UseCaseDeps } from "./use-case-deps.js";

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
  /**
   * States the host had not taken, told again: paid ones it threw inside a hook, and an order whose create the host
   * still held as being checked after it settled (or was never told was being checked) when nothing else changed.
   */
  hostTold: number;
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
 *    then paid links a hook found whose update the host threw: the host is told again;
 * 4. waiting links without a callback for `reconcileAfterMinutes`: one paced status read each; so do expired links Svea
 *    last answered Active, and creates failed for good past their window until a read at or past their expiry
 *    (late-create.ts: Svea may store one late, and its customer pay it with the callback lost);
 * 5. at most one payable link: every waiting link but the newest (by sequence) is cancelled, all of them when paid;
 *    an order this run found paid, or one whose paid link is still marked `endLinksBeside`, has its links the plugin
 *    holds as ended read too (settle-unconfirmed-links.ts).
 * Scope `left-over` (the run at activation) visits only orders a stopped process may have left half-done, and says
 * nothing when there are none.
 */
export async function reconcile(deps: UseCaseDeps, scope: "all" | "left-over" = "all"): Promise<ReconcileSummary> {
  requireSvea(deps);
  const summary: ReconcileSummary = { orders: 0, callbacks: 0, intents: 0, checked: 0, recreated: 0, extraLinksCancelled: 0, paid: 0, afterPayment: 0, hostTold: 0, errors: 0 };
  const withOpenWork = await deps.store.listOrdersWithOpenWork();
  const orders = scope === "all" ? withOpenWork : withOpenWork.filter(hasLeftOverWork);
  if (orders.length === 0 && scope === "left-over") return summary;
  await forEachBounded(orders, deps.settings.sweepConcurrency, async ({ orderId }) => {
    summary.orders++;
    try {
      await deps.store.withOrderLock(orderId, () => reconcileOrder(deps, orderId, summary));
    } catch (error) {
      summary.errors++;
      deps.logger.warn({ orderId, err: describeError(error) }, "reconcile could not settle an order");
    }
  });
  deps.logger.info({ ...summary }, scope === "all" ? "reconcile done" : "work a stopped process left open was settled at activation");
  return summary;
}

async function reconcileOrder(deps: UseCaseDeps, orderId: string, summary: ReconcileSummary): Promise<void> {
  const run = { deps, orderId, summary, unreported: false, recreate: true } satisfies OrderRun;
  const step = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      summary.errors++;
      deps.logger.warn({ orderId, step: what, err: describeError(error) }, "reconcile step failed; retried next run");
    }
  };

  const start = await deps.store.getOrder(orderId);
  const paidAtStart = start?.links.some((l) => l.state === "paid") ?? false;
  const open = (start?.intents ?? []).filter(isOpenIntent).sort((a, b) => a.startedAt - b.startedAt);
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
      // An order found paid here has its other links cancelled by the last step, which counts them.
      const outcome = await processCallbackLocked(deps, entry, "left-to-caller");
      summary.callbacks++;
      if (outcome === "paid") summary.paid++;
    });
  }

  for (const link of (await deps.store.getOrder(orderId))?.links.filter((l) => l.afterPayment?.pending) ?? []) {
    await step("after-payment", () => settleAfterPayment(run, link));
  }

  for (const link of (await deps.store.getOrder(orderId))?.links.filter((l) => l.hostUntold === true) ?? []) {
    await step("tell-host", () => tellHostPaid(run, link));
  }

  for (const link of (await deps.store.getOrder(orderId))?.links.filter((l) => l.cancelMayLand !== undefined) ?? []) {
    await step("cancel-may-land", async () => {
      await settleCancelMayLand(deps, orderId, link);
      summary.checked++;
    });
  }

  const quietFor = deps.settings.reconcileAfterMinutes * 60_000;
  const now = deps.clock.now();
  const quiet = (await deps.store.getOrder(orderId))?.links.filter(
    (l) => (l.state === "waiting" || expiredHeldActive(l) || lateCreateWatched(l)) && l.createdAt <= now - quietFor && (l.checkedAt === null || l.checkedAt <= now - quietFor),
  );
  for (const link of quiet ?? []) {
    await step("quiet-link", async () => {
      // A create failed for good that Svea may have stored late: paid → recorded; payable → adopted or cancelled.
      if (lateCreateWatched(link)) await readLateCreate(run, link);
      else await readInto(run, link);
    });
  }

  // Found paid by this run (a callback, an intent's or a quiet link's read), or paid earlier with links beside the payment
  // not yet ended (a failed write, a stopped process): its links the plugin holds as ended that Svea may still let the
  // customer pay are read too, as a payment found outside reconcile reads them.
  const afterReads = await deps.store.getOrder(orderId);
  const paidNow = !paidAtStart && (afterReads?.links.some((l) => l.state === "paid") ?? false);
  if (paidNow || afterReads?.links.some((l) => l.endLinksBeside === true)) {
    await step("ended-links", async () => {
      const ended = await settleUnconfirmedLinks(deps, orderId, undefined, "replaced", {}, "held-ended");
      // Its cancel's intent stays open, and the mark stays: the next run reads the link again.
      if (ended.outcome === "failed") throw new Error(`a link beside the payment could not be ended (${ended.failure.code})`);
      // Paid through one of them too: read again by the next run, beside that payment.
      if (ended.outcome === "settled") await linksBesideEnded(deps, orderId);
    });
  }

  await step("single-active", () => keepOnePayableLink(run));

  await step("report", async () => {
    const after = await deps.store.getOrder(orderId);
    if (!after) return;
    // What the host holds of a create being checked differs from how the order stands: it was never told (after a
    // crash the save never answered; its report failed), or it still holds one as being checked that has settled
    // since (the report that said so failed). A create still being checked, as the host was told, is not told again.
    const behind = !hostToldAsItStands(after);
    if (!run.unreported && !behind) return;
    // A paid state reached the host with Svea's addresses when it was found (or is told again above, with them, until
    // the host takes it); a later update would only blank them.
    if (after.links.some((l) => l.state === "paid")) {
      if (behind) await deps.store.setHostBeingChecked(orderId, null);
      return;
    }
    await reportToHost(deps, after);
    if (behind && !run.unreported) summary.hostTold++;
  });
}

/**
 * Settles a paid link's after-payment call from Payment Admin. Without Payment Admin credentials nothing can say what
 * became of it: it stays pending (the clerk's next action is refused with "check Payment Admin"), and every run warns.
 */
async function settleAfterPayment(run: OrderRun & { summary: ReconcileSummary }, link: LinkRecord): Promise<void> {
  const { deps, orderId } = run;
  const pending = link.afterPayment!.pending!;
  if (!deps.paymentAdmin) {
    deps.logger.warn({ orderId, action: pending.kind }, "an after-payment call's outcome is unknown and Payment Admin is not configured: check the order in Svea's portal");
    return;
  }
  const settled = await settlePending(deps, orderId, link, deps.settings.defaultLocale, { unattended: true });
  // Not shown carried out while it may still land: the next run reads it again.
  if (!settled.ok && settled.stillOpen) return;
  if (!settled.ok) throw settled.cause ?? new Error(`the ${pending.kind} could not be settled: the paid link has no Payment Admin order id`);
  run.summary.afterPayment++;
}

/**
 * A paid link the host has not taken yet (its update threw inside a hook): the host is told again, with Svea's
 * addresses from a status read when Svea answers (the paid state goes without them when it does not).
 */
async function tellHostPaid(run: OrderRun & { summary: ReconcileSummary }, link: LinkRecord): Promise<void> {
  const { deps, orderId } = run;
  let addresses: Parameters<typeof reportToHost>[2];
  try {
    const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
    addresses = status.orderStatus === "Completed" ? status.customerInformation ?? undefined : undefined;
  } catch (error) {
    deps.logger.warn({ orderId, err: describeError(error) }, "Svea's addresses could not be read; the host is told the payment without them");
  }
  const record = await deps.store.getOrder(orderId);
  if (!record) return;
  await reportToHost(deps, record, addresses);
  const current = record.links.find((l) => l.merchantOrderNumber === link.merchantOrderNumber);
  if (current) {
    const { hostUntold: _told, ...told } = current;
    await deps.store.putLink(orderId, told);
  }
  run.summary.hostTold++;
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
