// The nightly sweep: every waiting link past its expiry gets one paced status read and ends expired (grey) or paid.
import { describeError } from "../callback/background-tasks.js";
import { forEachBounded } from "./bounded-concurrency.js";
import { cancelLinksBesidePayment } from "./cancel-links-beside-payment.js";
import { recordStatusEndingExpired } from "./end-expired-link.js";
import { requireSvea } from "./link-operations.js";
import { classifySveaFailure } from "./svea-failure.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export interface ExpireLinksSummary {
  /** Links whose status Svea answered. */
  checked: number;
  expired: number;
  /** Completed at Svea although no callback had settled them: the host was told. */
  paid: number;
  /** Links left waiting for the next run: Svea could not be read, or the host refused the update. */
  errors: number;
}

/**
 * Every status read goes through the Svea client, which waits for the link's next poll slot (5 s apart, kept in the
 * store), so a run never earns a 403 however many links it reads. At most `settings.sweepConcurrency` links are read
 * at a time. A link Svea still reports Active is cancelled there (one more paced status read, the cancel's own, and the
 * cancel), so the grey link cannot be paid beside a renewal. A link whose read or cancel fails stays waiting for the
 * next run; wrong credentials stop the run at once instead of failing every remaining link the same way.
 */
export async function expireLinks(deps: UseCaseDeps): Promise<ExpireLinksSummary> {
  const svea = requireSvea(deps);
  const summary: ExpireLinksSummary = { checked: 0, expired: 0, paid: 0, errors: 0 };
  const now = deps.clock.now();
  const due = (await deps.store.listOrdersWithOpenWork()).flatMap((order) =>
    order.links
      .filter((l) => l.state === "waiting" && l.expiresAt <= now)
      .map((l) => ({ orderId: order.orderId, merchantOrderNumber: l.merchantOrderNumber })),
  );
  let stoppedBy: string | undefined;
  await forEachBounded(due, deps.settings.sweepConcurrency, async ({ orderId, merchantOrderNumber }) => {
    if (stoppedBy) {
      summary.errors++;
      return;
    }
    try {
      await deps.store.withOrderLock(orderId, async () => {
        const link = (await deps.store.getOrder(orderId))?.links.find((l) => l.merchantOrderNumber === merchantOrderNumber);
        // Settled while this sweep waited for the lock (a callback, a save): nothing to do.
        if (!link || link.state !== "waiting" || link.expiresAt > deps.clock.now()) return;
        const status = await svea.getOrderStatus(merchantOrderNumber);
        summary.checked++;
        // Still Active past its expiry: cancelled at Svea too (see end-expired-link.ts); a failed cancel throws.
        const seen = await recordStatusEndingExpired(deps, orderId, link, status);
        if (seen.link.state === "expired") summary.expired++;
        if (seen.link.state === "paid") {
          summary.paid++;
          await cancelLinksBesidePayment(deps, orderId, merchantOrderNumber);
        }
      });
    } catch (error) {
      summary.errors++;
      if (classifySveaFailure(error).reason === "svea-unauthorized") stoppedBy = "svea-unauthorized";
      deps.logger.warn({ orderId, merchantOrderNumber, err: describeError(error) }, "expire-links could not check a link; it waits for the next run");
    }
  });
  deps.logger.info({ ...summary, due: due.length, ...(stoppedBy ? { stoppedBy } : {}) }, "expire-links done");
  return summary;
}
