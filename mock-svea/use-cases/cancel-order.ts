// POST /api/v1/orders/{merchantOrderNumber}/cancel: Active → Canceled; Canceled → no-op; Completed → full credit, as Svea does.
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { orderTotalMinor } from "../../common/money.js";
import { creditedMinor, minBigInt, remainingMinor } from "./credit-arithmetic.js";
import { findOrder } from "./find-order.js";
import { deliveredRowIds, rowById } from "./payment-admin-order.js";

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
      // A paid order's invoice is credited in full (what returns have not credited yet) and its undelivered rows (an
      // order delivered later, through Payment Admin) are cancelled: only delivered rows were invoiced, so only they
      // can be credited. It then reports Canceled.
      const credit = minBigInt(remainingMinor(order), orderTotalMinor([...deliveredRowIds(order)].map((id) => rowById(order, id)!)) - creditedMinor(order));
      const credits = credit > 0n ? [...order.credits, { at, kind: "cancel" as const, items: [], amountMinor: credit.toString() }] : order.credits;
      const credited: MockOrder = { ...order, orderStatus: "Canceled", reason: "credited", canceledAt: at, credits };
      await deps.repo.save(credited);
      return credited;
    }
  }
}
