// Looks an order up within one merchant's orders: another merchant's order is as unknown as a missing one (404).
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { MockSveaError } from "../problem-document.js";

export function findOrder(deps: MockSveaDeps, merchantId: string, merchantOrderNumber: string): MockOrder {
  const order = deps.repo.find(merchantId, merchantOrderNumber);
  if (!order) throw new MockSveaError(404, `no order with merchantOrderNumber "${merchantOrderNumber}"`);
  return order;
}
