// The nightly sweep: every waiting link past its expiry gets one paced status read and ends expired (grey) or paid.
import { describeError } from "../callback/background-tasks.js";
import { forEachBounded } from "./bounded-concurrency.js";
import { recordStatus, requireSvea } from "./link-operations.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export interface ExpireLinksSummary {
  checked: number;
  expired: number;
  paid: number;
  errors: number;
}

export async function expireLinks(deps: UseCaseDeps): Promise<ExpireLinksSummary> {
  const svea = requireSvea(deps);
  const summary: ExpireLinksSummary = { checked: 0, expired: 0, paid: 0, errors: 0 };
  const now = deps.clock.now();
  const due = (await deps.store.listOrdersWithOpenWork()).flatMap((order) =>
    order.links
      .filter((l) => l.state === "waiting" && l.expiresAt <= now)
      .map((l) => ({ orderId: order.orderId, merchantOrderNumber: l.merchantOrderNumber })),
  );
  await forEachBounded(due, deps.settings.sweepConcurrency, async ({ orderId, merchantOrderNumber }) => {
    try {
      await deps.store.withOrderLock(orderId, async () => {
        const link = (await deps.store.getOrder(orderId))?.links.find((l) => l.merchantOrderNumber === merchantOrderNumber);
        // Settled while this sweep waited for the lock (a callback, a save): nothing to do.
        if (!link || link.state !== "waiting" || link.expiresAt > deps.clock.now()) return;
        const status = await svea.getOrderStatus(merchantOrderNumber);
        summary.checked++;
        const seen = await recordStatus(deps, orderId, link, status, { reportFirst: true });
        if (seen.link.state === "expired") summary.expired++;
        if (seen.link.state === "paid") summary.paid++;
      });
    } catch (error) {
      summary.errors++;
      deps.logger.warn({ orderId, merchantOrderNumber, err: describeError(error) }, "expire-links could not check a link");
    }
  });
  deps.logger.info({ ...summary }, "expire-links done");
  return summary;
}
