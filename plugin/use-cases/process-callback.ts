// Works off one recorded callback: the truth comes from a status read under the order's lock, never from the body.
import type { CallbackInboxEntry, LinkRecord } from "../store/index.js";
import { cancelLinksBesidePayment } from "./cancel-links-beside-payment.js";
import { isLateCreate, readLateCreate } from "./late-create.js";
import { recordStatus, reportToHostSafely, requireSvea } from "./link-operations.js";
import { linkFromIntent, type OrderRun } from "./settle-intent.js";
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
  // No link record, but a create of the order's went out under this number (closed without a record by an earlier
  // version, when Svea answered 404 past its window): Svea calls back for orders it holds, so it is read, never dropped.
  const sent = link ? undefined : record?.intents.find((i) => i.kind !== "cancel" && i.merchantOrderNumber === entry.merchantOrderNumber);
  if (!link && !sent) return finish("unknown-link");
  // A paid link, or one already flagged as paid-then-credited, has nothing left to learn: no Svea call.
  if (link && (link.state === "paid" || link.flags.includes("paid-then-credited"))) return finish("already-settled");
  let seen: { link: LinkRecord | undefined; changed: boolean };
  if (!link || isLateCreate(link)) {
    // A create failed for good that Svea stored late: paid → recorded; payable → adopted, or cancelled when the order
    // no longer wants it (late-create.ts).
    const run: OrderRun = { deps, orderId: entry.orderId, summary: { checked: 0, paid: 0, extraLinksCancelled: 0, recreated: 0 }, unreported: false, recreate: false };
    const known = link ?? { ...linkFromIntent(deps, sent!), mayExistAtSvea: false };
    const read = await readLateCreate(run, known, { viaCallback: true, stored: link !== undefined });
    if (run.unreported) await reportToHostSafely(deps, await deps.store.getOrder(entry.orderId));
    if (!read && !link) return finish("unknown-link");
    seen = { link: read, changed: read !== undefined && (read.state !== known.state || read.flags.length !== known.flags.length) };
  } else {
    const status = await requireSvea(deps).getOrderStatus(link.merchantOrderNumber);
    seen = await recordStatus(deps, entry.orderId, link, status, { reportFirst: true, viaCallback: true });
  }
  const paid = seen.link?.state === "paid";
  // Paid: the order's other links must not take a second payment until reconcile gets to them.
  if (paid && linksBesidePayment === "cancel") await cancelLinksBesidePayment(deps, entry.orderId, entry.merchantOrderNumber);
  return finish(paid ? "paid" : seen.changed ? "changed" : "unchanged");
}
