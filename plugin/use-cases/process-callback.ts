// Works off one recorded callback: the truth comes from a status read under the order's lock, never from the body.
import type { CallbackInboxEntry } from "../store/index.js";
import { cancelLinksBesidePayment } from "./cancel-links-beside-payment.js";
import { recordStatus, requireSvea } from "./link-operations.js";
import { settleOrphanedCreates } from "./settle-orphaned-creates.js";
import { orphanedCreates } from "./unconfirmed-create.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export type CallbackOutcome = "paid" | "unchanged" | "changed" | "already-settled" | "unknown-link" | "already-processed";

export async function processCallback(deps: UseCaseDeps, entry: CallbackInboxEntry): Promise<CallbackOutcome> {
  return deps.store.withOrderLock(entry.orderId, () => processCallbackLocked(deps, entry));
}

/**
 * processCallback for a caller that holds the order's lock already (reconcile). `linksBesidePayment` "left-to-caller":
 * the caller cancels the other links of an order found paid itself (reconcile's last step, which counts them).
 */
export async function processCallbackLocked(
  deps: UseCaseDeps,
  entry: CallbackInboxEntry,
  linksBesidePayment: "cancel" | "left-to-caller" = "cancel",
): Promise<CallbackOutcome> {
  let record = await deps.store.getOrder(entry.orderId);
  const inbox = record?.inbox.find((e) => e.id === entry.id);
  if (inbox?.processedAt != null) return "already-processed";
  // The callback is for a link a stopped process created but never stored: settled first, so the link is known.
  if (orphanedCreates(record).some((i) => i.merchantOrderNumber === entry.merchantOrderNumber)) {
    await settleOrphanedCreates(deps, entry.orderId, record);
    record = await deps.store.getOrder(entry.orderId);
    // Svea does not have it yet (its create may still land): left unprocessed for reconcile to try again.
    if (orphanedCreates(record).some((i) => i.merchantOrderNumber === entry.merchantOrderNumber)) return "unknown-link";
  }
  const link = record?.links.find((l) => l.merchantOrderNumber === entry.merchantOrderNumber);
  const finish = async (outcome: CallbackOutcome) => {
    await deps.store.markCallbackProcessed(entry.orderId, entry.id, { at: deps.clock.now(), outcome });
    return outcome;
  };
  if (!link) return finish("unknown-link");
  // A paid link, or one already flagged as paid-then-credited, has nothing left to learn: no Svea call.
  if (link.state === "paid" || link.flags.includes("paid-then-credited")) return finish("already-settled");
  const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
  const seen = await recordStatus(deps, entry.orderId, link, status, { reportFirst: true, viaCallback: true });
  // Paid: the order's other links must not take a second payment until reconcile gets to them.
  if (seen.link.state === "paid" && linksBesidePayment === "cancel") await cancelLinksBesidePayment(deps, entry.orderId, link.merchantOrderNumber);
  return finish(seen.link.state === "paid" ? "paid" : seen.changed ? "changed" : "unchanged");
}
