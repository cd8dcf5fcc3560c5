// A link the plugin ends as expired must not stay payable at Svea: one Svea still reports Active is cancelled there.
import type { OrderStatusResponse } from "../../common/svea-instore-types.js";
import type { IntentRecord, LinkRecord } from "../store/index.js";
import { cancelLink, recordStatus, reportToHostSafely, type CancelOutcome } from "./link-operations.js";
import type { SveaFailure } from "./svea-failure.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * Cancels a link past its expiry at Svea (the client reads the status first and cancels only on Active; Completed is
 * recorded paid, never cancelled), and keeps it expired (grey) in the history: the precautionary cancel does not make
 * an expired link a cancelled one, nor leave one Svea never knew waiting. Unless the cancel credited a payment (the
 * customer paid before it ran: a retry's read found it Canceled with the payment's type on it): that link stays
 * "paid, then credited" (black, flagged), as any cancel of the plugin's that credits a payment.
 */
export async function endExpiredLink(
  deps: UseCaseDeps,
  orderId: string,
  link: LinkRecord,
  options: { signal?: AbortSignal; deadline?: number; intent?: IntentRecord } = {},
): Promise<CancelOutcome> {
  const ended = await cancelLink(deps, orderId, link, "expired", options);
  if (ended.outcome === "failed" || (ended.link.state !== "cancelled" && ended.link.state !== "waiting") || creditedByCancel(ended.link)) return ended;
  const grey: LinkRecord = { ...ended.link, state: "expired", reason: "expired" };
  await deps.store.putLink(orderId, grey);
  return { ...ended, link: grey };
}

/**
 * An expired link Svea still reports Active could not be cancelled. It reads as the cancel's failure did (its `code`,
 * and `outcomeUnknown` when the cancel may have reached Svea), so a caller that stops on refused credentials still does.
 */
export class ExpiredLinkCancelFailedError extends Error {
  readonly code: string;
  readonly outcomeUnknown: boolean;
  constructor(
    readonly merchantOrderNumber: string,
    failure: SveaFailure,
  ) {
    super(`${merchantOrderNumber} is past its expiry and Svea still reports it Active; cancelling it failed (${failure.code}): ${failure.detail ?? "no detail"}`);
    this.name = "ExpiredLinkCancelFailedError";
    this.code = failure.code;
    this.outcomeUnknown = failure.mayHaveReachedSvea;
  }
}

/**
 * What an unattended status read (the nightly sweep, reconcile) does with its answer: recordStatus, reporting first.
 * A link that ends expired while Svea says Active is still payable there (until Svea's own expiry, which may be later),
 * so it is cancelled at once: renewing it must not leave two payable links. When that cancel fails, this throws and a
 * waiting link stays waiting: the next sweep, reconcile and a save (which cancels a waiting link past its expiry before
 * renewing it) finish it. A link read for an open intent (reconcile's) keeps that intent open, and a cancel that may
 * have reached Svea leaves its own. A payment found by the cancel's own status read is recorded paid.
 */
export async function recordStatusEndingExpired(
  deps: UseCaseDeps,
  orderId: string,
  link: LinkRecord,
  status: OrderStatusResponse,
  options: { viaCallback?: boolean; extraPayment?: boolean } = {},
): Promise<{ link: LinkRecord; changed: boolean }> {
  const seen = await recordStatus(deps, orderId, link, status, { ...options, reportFirst: true });
  if (seen.link.state !== "expired" || status.orderStatus !== "Active") return seen;
  const ended = await endExpiredLink(deps, orderId, seen.link);
  // The host was told expired above; a cancel that credited a payment is told too (the flag is for the clerk).
  if (ended.outcome === "cancelled" && creditedByCancel(ended.link)) await reportToHostSafely(deps, await deps.store.getOrder(orderId));
  if (ended.outcome !== "failed") return { link: ended.link, changed: true };
  if (link.state === "waiting") await deps.store.putLink(orderId, { ...seen.link, state: "waiting", reason: link.reason });
  throw new ExpiredLinkCancelFailedError(link.merchantOrderNumber, ended.failure);
}

/** A link the plugin's cancel ended after the customer had paid it: the cancel credited the payment. */
function creditedByCancel(link: LinkRecord): boolean {
  return link.state === "cancelled" && link.flags.includes("paid-then-credited");
}
