// Svea's status answer's orderItems as the OrderItems a create sends: what the customer paid for, in Svea's words.
import type { OrderItem, OrderStatusResponse } from "../../common/svea-instore-types.js";

export function orderItemsFromStatus(status: OrderStatusResponse): OrderItem[] {
  return (status.orderItems ?? []).map((i) => {
    const item: OrderItem = { name: i.name, quantity: i.quantity, unitPrice: i.unitPrice, vatPercent: i.vatPercent, unit: i.unit ?? "st" };
    if (i.articleNumber != null) item.articleNumber = i.articleNumber;
    if (i.discountPercent != null) item.discountPercent = i.discountPercent;
    if (i.discountAmount != null) item.discountAmount = i.discountAmount;
    if (i.rowNumber != null) item.rowNumber = i.rowNumber;
    return item;
  });
}
