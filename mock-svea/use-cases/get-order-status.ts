// GET /api/v1/orders/{merchantOrderNumber}/status, paced at one poll per 5 s per order.
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import { POLL_INTERVAL_MS } from "../poll-guard.js";
import { MockSveaError } from "../problem-document.js";
import { findOrder } from "./find-order.js";

export function getOrderStatus(deps: MockSveaDeps, merchantId: string, merchantOrderNumber: string): MockOrder {
  const order = findOrder(deps, merchantId, merchantOrderNumber);
  if (!deps.pollGuard.admit(merchantId, merchantOrderNumber)) {
    throw new MockSveaError(403, `status of "${merchantOrderNumber}" may be polled at most once every ${POLL_INTERVAL_MS / 1000} seconds`);
  }
  return order;
}
