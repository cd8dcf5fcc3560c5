// POST /api/v1/orders/{merchantOrderNumber}/cancel: Active → Canceled; Canceled → no-op; Completed → full credit, as Svea does.
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { maxBigInt, minBigInt, remainingMinor } from "./credit-arithmetic.js";
import { findOrder } from "./find-order.js";
import { creditsOnDeliveries } from "./payment-admin-order.js";

export async function cancelOrder(deps: MockSveaDeps, merchantId: string, merchantOrderNumber: string): Promise<MockOrder> {
  const order = findOrder(deps, merchantId, merchantOrderNumber);
  const at = new Date(deps.clock.now()).toISOString();
  switch (order.orderStatus) {
    case "Canceled":
      return order;
    case "Active": {
      const canceled: MockOrder = { ...order, orderStatus: "Canceled", reason: "merchant", canceledAt: at };
      await deps.repo.save(canceled);
      return canceled;
    }
    case "Completed": {
      // A paid order's invoices are credited in full (what credits have not credited yet) and its undelivered rows (an
      // order delivered later, through Payment Admin) are cancelled: only delivered rows were invoiced, so only they
      // can be credited. A return of a row not delivered yet took nothing from an invoice (see creditsOnDeliveries).
      // It then reports Canceled.
      const invoicesLeft = creditsOnDeliveries(order).reduce((sum, d) => sum + maxBigInt(d.creditable, 0n), 0n);
      const credit = minBigInt(remainingMinor(order), invoicesLeft);
      const credits = credit > 0n ? [...order.credits, { at, kind: "cancel" as const, items: [], amountMinor: credit.toString() }] : order.credits;
      const credited: MockOrder = { ...order, orderStatus: "Canceled", reason: "credited", canceledAt: at, credits };
      await deps.repo.save(credited);
      return credited;
    }
  }
}
