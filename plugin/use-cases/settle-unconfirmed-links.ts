// Before a save issues a new link or a delete ends the order: older links whose create may still land are read and, if Active, cancelled.
import type { LinkReason } from "../store/index.js";
import type { CallOptions } from "../svea-client/index.js";
import { cancelLink, closeIntentsFor } from "./link-operations.js";
import type { SveaFailure } from "./svea-failure.js";
import { isUnconfirmed } from "./unconfirmed-create.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export type UnconfirmedOutcome = { outcome: "settled" } | { outcome: "paid" } | { outcome: "failed"; failure: SveaFailure };

/**
 * A create that timed out may land at Svea after the clerk renewed the link, which would leave the order with two
 * payable links. Every older link still "may exist at Svea" (other than `except`, which the caller handles) gets a
 * status read and, only when it says Active, a cancel. Completed means the customer paid it: the caller treats the
 * order as paid, and its waiting links are cancelled. A 404 inside the create's outcome window leaves the link and its create intent open for reconcile.
 * `options.signal` is read only when a link needs a Svea call.
 */
export async function settleUnconfirmedLinks(
  deps: UseCaseDeps,
  orderId: string,
  except: string | undefined,
  reason: LinkReason,
  options: CallOptions = {},
): Promise<UnconfirmedOutcome> {
  const record = await deps.store.getOrder(orderId);
  for (const link of record?.links ?? []) {
    if (link.merchantOrderNumber === except || !isUnconfirmed(link)) continue;
    const ended = await cancelLink(deps, orderId, link, reason, { signal: options.signal });
    if (ended.outcome === "failed") return { outcome: "failed", failure: ended.failure };
    if (ended.outcome === "paid") {
      await closeIntentsFor(deps, orderId, link.merchantOrderNumber, "settled:paid");
      await cancelWaitingLinks(deps, orderId, options.signal);
      return { outcome: "paid" };
    }
    if (ended.outcome === "cancelled" || ended.final) await closeIntentsFor(deps, orderId, link.merchantOrderNumber, `settled:${ended.link.state}`);
  }
  return { outcome: "settled" };
}

/**
 * The order turned out paid (through an older link, or see cancel-links-beside-payment.ts): a waiting link beside the
 * payment must not take a second one. Each is
 * read and cancelled only if Active; a failure is left to reconcile, which cancels every waiting link of a paid order.
 */
export async function cancelWaitingLinks(deps: UseCaseDeps, orderId: string, signal?: AbortSignal): Promise<void> {
  const record = await deps.store.getOrder(orderId);
  for (const link of record?.links.filter((l) => l.state === "waiting") ?? []) {
    const ended = await cancelLink(deps, orderId, link, "replaced", signal ? { signal } : {});
    if (ended.outcome === "failed") deps.logger.warn({ orderId, merchantOrderNumber: link.merchantOrderNumber }, "a waiting link of a paid order is left to reconcile");
  }
}
