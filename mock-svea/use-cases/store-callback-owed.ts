// Keeps with each order the callback it is still owed (the dispatcher's progress), so a restarted mock goes on retrying.
import type { OrderRepository } from "../order-repository.js";

/**
 * Stores what an order is still owed (see CallbackDispatcherOptions.onProgress): the next attempt and when, or null.
 * An order that is gone (an admin reset) is left alone, and nothing is written when nothing changes.
 */
export async function storeCallbackOwed(
  repo: OrderRepository,
  key: { merchantId: string; merchantOrderNumber: string },
  owed: { attempt: number; dueAt: number } | null,
): Promise<void> {
  const order = repo.find(key.merchantId, key.merchantOrderNumber);
  if (!order || (owed === null && !order.callbackOwed)) return;
  await repo.save({ ...order, callbackOwed: owed && { attempt: owed.attempt, dueAt: new Date(owed.dueAt).toISOString() } });
}
