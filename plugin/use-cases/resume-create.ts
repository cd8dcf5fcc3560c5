// A save meets a create whose outcome is unknown: it sends the create again under that create's own number.
import type { CallOptions } from "../svea-client/index.js";
import { amountOf, createLink, type BuiltLinkRequest, type CreatedLink } from "./link-operations.js";
import type { UnsettledCreate } from "./unconfirmed-create.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/**
 * Svea keeps merchantOrderNumbers unique, so the earlier create and this one make one order at most, and the answer
 * says which: created (the earlier one never landed; if it arrives later Svea refuses it as a duplicate, so the
 * customer gets one SMS), or found (409: the earlier one landed; the link is recorded from its status). No 10-minute
 * wait, and no second link beside one whose fate is unknown. A failure leaves it unsettled, as before.
 *
 * Sent under a fresh intent for the same number (startedAt now: this create may land too), and the earlier create's
 * intent is closed once the fresh one is written, so one open intent always covers the number. The earlier one left
 * open beside it would look like work superseded by it, and reconcile would cancel the link.
 */
export async function resumeCreate(
  deps: UseCaseDeps,
  order: { id: string },
  unsettled: UnsettledCreate,
  built: BuiltLinkRequest,
  options?: CallOptions,
): Promise<CreatedLink> {
  const { merchantOrderNumber, sequence } = unsettled;
  const earlier = unsettled.link ?? unsettled.intent!;
  const sentAt = unsettled.link?.createdAt ?? unsettled.intent!.startedAt;
  const intent = await deps.store.startIntent({
    id: deps.newId(),
    orderId: order.id,
    kind: "create",
    merchantOrderNumber,
    replaces: null,
    startedAt: deps.clock.now(),
    sequence,
    fingerprint: built.fingerprint,
    deferredDelivery: built.request.deferredDelivery === true,
    amount: amountOf(built),
  });
  if (unsettled.intent) await deps.store.finishIntent(order.id, unsettled.intent.id, { at: deps.clock.now(), outcome: "resumed" });
  deps.logger.info({ orderId: order.id, merchantOrderNumber }, "svea instore create with an unknown outcome is sent again under its own number");
  return createLink(deps, order.id, { merchantOrderNumber, sequence, intent }, built, options, {
    fingerprint: unsettled.fingerprint,
    sentAt,
    ...(earlier.amount ? { amount: earlier.amount } : {}),
    ...(earlier.deferredDelivery === undefined ? {} : { deferredDelivery: earlier.deferredDelivery }),
  });
}
