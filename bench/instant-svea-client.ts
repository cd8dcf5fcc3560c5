// An in-process SveaInstoreClient that answers at once, so a save's measured time is the plugin's own work only.
import type { CreateOrderRequest, OrderStatusResponse } from "../common/svea-instore-types.js";
import type { CancelResult, CreateOrderResult, SveaInstoreClient } from "../plugin/index.js";

export class InstantSveaClient implements SveaInstoreClient {
  private readonly orders = new Map<string, { paymentOrderId: number; status: OrderStatusResponse["orderStatus"] }>();
  private nextId = 8_000_001;
  /** Every call of any method, so a scenario can prove it made none. */
  calls = 0;

  async createOrder(request: CreateOrderRequest): Promise<CreateOrderResult> {
    this.calls++;
    const order = { paymentOrderId: this.nextId++, status: "Active" as const };
    this.orders.set(request.merchantOrderNumber, order);
    return { ...this.status(request.merchantOrderNumber), instoreUiUri: this.uri(request.merchantOrderNumber), smsSentSuccessfully: true, recoveredFromDuplicate: false };
  }

  async getOrderStatus(merchantOrderNumber: string): Promise<OrderStatusResponse> {
    this.calls++;
    return this.status(merchantOrderNumber);
  }

  async cancelOrder(merchantOrderNumber: string): Promise<CancelResult> {
    this.calls++;
    const status = this.status(merchantOrderNumber);
    if (status.orderStatus === "Completed") return { outcome: "completed", status };
    if (status.orderStatus === "Canceled") return { outcome: "already-canceled", status };
    this.orders.get(merchantOrderNumber)!.status = "Canceled";
    return { outcome: "canceled", status };
  }

  async returnOrder(): Promise<void> {
    this.calls++;
  }

  private uri(merchantOrderNumber: string): string {
    return `https://instore.example/pay/${merchantOrderNumber}`;
  }

  private status(merchantOrderNumber: string): OrderStatusResponse {
    const order = this.orders.get(merchantOrderNumber);
    return {
      merchantOrderNumber,
      instoreUiUri: this.uri(merchantOrderNumber),
      orderStatus: order?.status ?? "Active",
      paymentOrderId: order?.paymentOrderId ?? 0,
      paymentMethodType: null,
      paymentType: null,
      campaignCode: null,
      customerInformation: null,
      tags: null,
    };
  }
}
