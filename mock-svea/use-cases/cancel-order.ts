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
      // A paid order's invoices are credited in full (what was delivered less every credit so far, returns of rows not
      // delivered yet included) and its undelivered rows (an order delivered later, through Payment Admin) are
      // cancelled: only delivered rows were invoiced, so only they can be credited. The plugin settles a lost credit
      // by what Instore credited in all (creditedThroughInstore), so this amount must not grow with how the credits
      // are shown on the deliveries. The credit shows on the invoices with something left (creditsOnDeliveries).
      // It then reports Canceled.
      const delivered = orderTotalMinor([...deliveredRowIds(order)].map((id) => rowById(order, id)!));
      const credit = minBigInt(remainingMinor(order), delivered - creditedMinor(order));
      const credits = credit > 0n ? [...order.credits, { at, kind: "cancel" as const, items: [], amountMinor: credit.toString() }] : order.credits;
      const credited: MockOrder = { ...order, orderStatus: "Canceled", reason: "credited", canceledAt: at, credits };
      await deps.repo.save(credited);
      return credited;
    }
  }
}
