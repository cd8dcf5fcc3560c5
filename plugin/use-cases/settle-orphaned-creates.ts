// Creates a stopped process left without their answer, settled before anything else acts on the order.
import type { OrderPaymentRecord } from "../store/index.js";
import { hostToldAsItStands, reportToHostSafely } from "./link-operations.js";
import { settleIntent, type IntentCounts, type OrderRun } from "./settle-intent.js";
import { classifySveaFailure, type SveaFailure } from "./svea-failure.js";
import { orphanedCreates } from "./unconfirmed-create.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * Before a save, a delete, a check or a callback acts on an order (the caller holds its lock), each orphaned create is
 * settled as reconcile settles it: a status read adopts the link (waiting, paid), or cancels it when the order no
 * longer wants it or the host has another version of the order; a create that may still land stays open. A re-issue
 * the crash left uncreated is left to the operation at hand, which issues or ends the order's link itself. Svea
 * failures are thrown, for the caller to refuse or retry. What settling did, or undefined when there was nothing to settle.
 */
export async function settleOrphanedCreates(deps: UseCaseDeps, orderId: string, record: OrderPaymentRecord | undefined): Promise<IntentCounts | undefined> {
  const orphans = orphanedCreates(record);
  if (orphans.length === 0) return undefined;
  const run: OrderRun = { deps, orderId, summary: { checked: 0, paid: 0, extraLinksCancelled: 0, recreated: 0 }, unreported: false, recreate: false };
  for (const intent of orphans) await settleIntent(run, intent);
  // Told: the host's payment state is from before the crash, whatever settling changed or left as it was; unless it
  // was told already that this very create is being checked and nothing changed since (a check-now, a callback, a
  // delete while Svea still answers 404 inside the window).
  const after = await deps.store.getOrder(orderId);
  const toldAlready = !run.unreported && after?.hostBeingChecked !== undefined && hostToldAsItStands(after);
  if (!toldAlready) await reportToHostSafely(deps, after);
  deps.logger.info({ orderId, intents: orphans.length }, "creates left without their answer by a stopped process were settled first");
  return run.summary;
}

/**
 * Creates a stopped process left without their answer are settled before the order is acted on (see
 * settle-orphaned-creates.ts); the order's record as it then stands, or the Svea failure that stopped it.
 */
export async function settleOrphansFirst(
  deps: UseCaseDeps,
  orderId: string,
): Promise<{ ok: true; record: OrderPaymentRecord | undefined; lostLinksCancelled: number } | { ok: false; failure: SveaFailure }> {
  const record = await deps.store.getOrder(orderId);
  let settled: IntentCounts | undefined;
  try {
    settled = await settleOrphanedCreates(deps, orderId, record);
  } catch (error) {
    return { ok: false, failure: classifySveaFailure(error) };
  }
  if (!settled) return { ok: true, record, lostLinksCancelled: 0 };
  // A lost link cancelled here was Active at Svea: its customer had its SMS.
  return { ok: true, record: await deps.store.getOrder(orderId), lostLinksCancelled: settled.extraLinksCancelled };
}
