// A create failed for good past its outcome window that Svea may have stored late after all: what a read of it makes of it.
import type { OrderStatusResponse } from "../../common/svea-instore-types.js";
import { currentLink, type LinkReason, type LinkRecord } from "../store/index.js";
import { recordStatusEndingExpired } from "./end-expired-link.js";
import { buildForHost } from "./host-order-version.js";
import { cancelLink, requireSvea } from "./link-operations.js";
import type { OrderRun } from "./settle-intent.js";
import { classifySveaFailure, type SveaFailure } from "./svea-failure.js";
import { SVEA_INSTORE_PAYMENT_METHOD, type UseCaseDeps } from "./use-case-deps.js";

/** Whether a failed link is a create Svea answered 404 for past its window (any age): one Svea may have stored late. */
export function isLateCreate(link: LinkRecord): boolean {
  return link.state === "failed" && !link.mayExistAtSvea && link.paymentOrderId === null;
}

/**
 * Reads a create failed for good past its window (reconcile's quiet read, a callback for it): Svea may have stored it
 * after the plugin gave up on it, and texted the customer. 404: it stays failed, read now (`stored` false: a link known
 * only from its intent, which is not written). Completed: the customer paid it, recorded paid (the money decides),
 * flagged `extra-payment` when the order has another payment (recordStatus) or has left Svea Instore (deleted,
 * switched). Active: adopted as the order's waiting link only when it is the order's current link, no other link is
 * paid, and the host holds the order as Svea Instore in the version it sent; otherwise the order no longer wants it
 * and it is cancelled at Svea (status read again first, never blind; Completed by then → paid), as a delete, a switch
 * and a payment through another link end it. A cancel that fails throws, leaving the link failed for the next read.
 * What the link became, or undefined on 404.
 */
export async function readLateCreate(
  run: OrderRun,
  link: LinkRecord,
  options: { viaCallback?: boolean; stored?: boolean } = {},
): Promise<LinkRecord | undefined> {
  const { deps, orderId } = run;
  let status: OrderStatusResponse;
  try {
    status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
  } catch (error) {
    if (!classifySveaFailure(error).notFound) throw error;
    // Still not at Svea: failed as the host was told. A read at or past its expiry takes it off reconcile's list; a
    // create Svea refused outright (never read: checkedAt null) stays unwatched.
    if (options.stored !== false && link.checkedAt !== null) await deps.store.putLink(orderId, { ...link, checkedAt: deps.clock.now() });
    return undefined;
  }
  return settleLateCreate(run, link, status, options);
}

/**
 * What Svea's answer for a create failed for good past its window makes of it (readLateCreate's rule, for a caller that
 * read the status itself: the clerk's check-now). A payment found by the cancel's own status read is flagged
 * `extra-payment` as one found by this read is, when the order has left Svea Instore.
 */
export async function settleLateCreate(run: OrderRun, link: LinkRecord, status: OrderStatusResponse, options: { viaCallback?: boolean } = {}): Promise<LinkRecord> {
  const { deps, orderId } = run;
  run.summary.checked++;
  const viaCallback = options.viaCallback === true ? { viaCallback: true } : {};
  if (status.orderStatus !== "Active" && status.orderStatus !== "Completed") return (await recordStatusEndingExpired(deps, orderId, link, status, viaCallback)).link;
  const standing = await orderStanding(deps, orderId, link);
  if (status.orderStatus === "Active" && standing.endWith !== null) {
    const ended = await cancelLink(deps, orderId, link, standing.endWith, { extraPayment: standing.left });
    if (ended.outcome === "failed") throw new LateCreateCancelFailedError(link.merchantOrderNumber, ended.failure);
    if (ended.outcome === "paid") run.summary.paid++;
    else run.summary.extraLinksCancelled++;
    run.unreported = true;
    return ended.link;
  }
  const seen = await recordStatusEndingExpired(deps, orderId, link, status, { ...viaCallback, extraPayment: standing.left });
  if (seen.link.state === "paid") run.summary.paid++;
  return seen.link;
}

/**
 * What the order makes of a link Svea stored late: `left`, the host no longer has it as a Svea Instore order (deleted,
 * switched), so a payment on it is money the order does not want; `endWith`, the reason to cancel it with when it is
 * payable, or null when it is the order's link (its current one, no other payment, the host's version).
 */
async function orderStanding(deps: UseCaseDeps, orderId: string, link: LinkRecord): Promise<{ left: boolean; endWith: LinkReason | null }> {
  const order = await deps.orders.get(orderId);
  if (!order) return { left: true, endWith: "deleted" };
  if (order.paymentMethod !== SVEA_INSTORE_PAYMENT_METHOD) return { left: true, endWith: "method-changed" };
  const record = await deps.store.getOrder(orderId);
  const current = currentLink(record)?.merchantOrderNumber === link.merchantOrderNumber;
  const paidElsewhere = record?.links.some((l) => l.state === "paid" && l.merchantOrderNumber !== link.merchantOrderNumber) ?? false;
  const built = buildForHost(deps, order);
  const sameVersion = !link.fingerprint || (built.ok && built.fingerprint === link.fingerprint);
  return { left: false, endWith: current && !paidElsewhere && sameVersion ? null : "replaced" };
}

/** A create Svea stored late, still payable on an order that no longer wants it, could not be cancelled at Svea. */
export class LateCreateCancelFailedError extends Error {
  readonly code: string;
  readonly outcomeUnknown: boolean;
  constructor(
    readonly merchantOrderNumber: string,
    failure: SveaFailure,
  ) {
    super(`a create Svea stored late (${merchantOrderNumber}) could not be cancelled (${failure.code})`);
    this.name = "LateCreateCancelFailedError";
    this.code = failure.code;
    this.outcomeUnknown = failure.mayHaveReachedSvea;
  }
}
