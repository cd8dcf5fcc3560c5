// What a process stopped in the middle of a create leaves in the store, for tests that settle it afterwards.
import type { IntentRecord } from "../../../plugin/store/index.js";
import type { UseCaseDeps } from "../../../plugin/use-cases/index.js";

/** What a crash during a create leaves: its intent is open and no link record was written. */
export function createInterruptedAfterBegin(deps: UseCaseDeps, orderId: string, extra: Partial<Pick<IntentRecord, "fingerprint" | "deferredDelivery" | "amount">> = {}) {
  return deps.store.beginLink(orderId, `N${orderId}`, (sequence) => ({
    id: "lost-create",
    orderId,
    kind: "create",
    merchantOrderNumber: `N${orderId}-${sequence}-lost`,
    replaces: null,
    startedAt: deps.clock.now(),
    sequence,
    ...extra,
  }));
}
