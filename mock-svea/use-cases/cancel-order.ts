// POST /api/v1/orders/{merchantOrderNumber}/cancel: Active → Canceled; Canceled → no-op; Completed → full credit, as Svea does.
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { remainingMinor } from "./credit-arithmetic.js";
import { findOrder } from "./find-order.js";

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
      // A paid order's invoice is credited in full (what a return has not credited yet); it then reports Canceled.
      const remaining = remainingMinor(order);
      const credits = remaining > 0n ? [...order.credits, { at, kind: "cancel" as const, items: [], amountMinor: remaining.toString() }] : order.credits;
      const credited: MockOrder = { ...order, orderStatus: "Canceled", reason: "credited", canceledAt: at, credits };
      await deps.repo.save(credited);
      return credited;
    }
  }
}
