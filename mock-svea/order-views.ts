// Turns a stored order into what Svea answers: the CreateOrderResponse and the GetOrderStatusResponse.
import type { CreateOrderResponse, OrderItem, OrderStatusResponse, ResponseOrderItem } from "../common/svea-instore-types.js";
import type { MockOrder } from "./mock-svea-schemas.js";

/** The payment link of an order: the mock's own checkout page, keyed by the order's unguessable token. */
export function instoreUiUri(publicUrl: string, order: MockOrder): string {
  return `${publicUrl}/checkout/${order.token}`;
}

// ASP.NET serializes every property of its response model; absent optional values come back as null.
export function responseItem(item: OrderItem): ResponseOrderItem {
  return {
    articleNumber: item.articleNumber ?? null,
    name: item.name,
    quantity: item.quantity,
    unitPrice: item.unitPrice,
    discountPercent: item.discountPercent ?? null,
    discountAmount: item.discountAmount ?? null,
    vatPercent: item.vatPercent,
    unit: item.unit,
    rowNumber: item.rowNumber ?? null,
    merchantData: item.merchantData ?? null,
  };
}

export function toStatusResponse(order: MockOrder, publicUrl: string): OrderStatusResponse {
  return {
    merchantOrderNumber: order.merchantOrderNumber,
    instoreUiUri: instoreUiUri(publicUrl, order),
    orderStatus: order.orderStatus,
    paymentOrderId: order.paymentOrderId,
    paymentMethodType: order.paymentMethodType,
    paymentType: order.paymentType,
    campaignCode: order.campaignCode,
    customerInformation: order.customerInformation,
    tags: order.request.tags ?? null,
    orderItems: order.request.orderItems.map(responseItem),
  };
}

export function toCreateOrderResponse(order: MockOrder, publicUrl: string): CreateOrderResponse {
  return { ...toStatusResponse(order, publicUrl), instoreUiUri: instoreUiUri(publicUrl, order), smsSentSuccessfully: order.smsSentSuccessfully };
}
