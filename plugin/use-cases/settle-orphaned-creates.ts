// Creates a stopped process left without their answer, settled before anything else acts on the order.
import { isOpenIntent, type IntentRecord, type OrderPaymentRecord } from "../store/index.js";
import { reportToHostSafely } from "./link-operations.js";
import { settleIntent, type IntentCounts, type OrderRun } from "./settle-intent.js";
import { classifySveaFailure, type SveaFailure } from "./svea-failure.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * Open create (or re-issue) intents with no link record. A create's answer is stored under the order's lock, so with
 * the lock held such an intent is never work in flight: a process stopped (kill -9, a crash, a power cut) after sending
 * the create and before storing its answer. Svea may hold that link, and the customer may have its SMS.
 */
export function orphanedCreates(record: OrderPaymentRecord | undefined): IntentRecord[] {
  if (!record) return [];
  return record.intents
    .filter((i) => i.kind !== "cancel" && isOpenIntent(i))
    .filter((i) => !record.links.some((l) => l.merchantOrderNumber === i.merchantOrderNumber))
    .sort((a, b) => a.startedAt - b.startedAt);
}

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
  // Always told: the host's payment state is from before the crash, whatever settling changed or left as it was.
  await reportToHostSafely(deps, await deps.store.getOrder(orderId));
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
