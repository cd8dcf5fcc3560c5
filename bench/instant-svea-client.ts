// An in-process SveaInstoreClient that answers at once, so a save's measured time is the plugin's own work only.
import type { CreateOrderRequest, OrderStatusResponse } from "../common/svea-instore-types.js";
import type { CallOptions, CancelResult, CreateOrderResult, SveaInstoreClient } from "../plugin/index.js";

export class InstantSveaClient implements SveaInstoreClient {
  private readonly orders = new Map<string, { paymentOrderId: number; status: OrderStatusResponse["orderStatus"] }>();
  private nextId = 8_000_001;
  /** Every call of any method, so a scenario can prove it made none. */
  calls = 0;

  async createOrder(request: CreateOrderRequest, options?: CallOptions): Promise<CreateOrderResult> {
    this.calls++;
    // The HTTP client hands the save's deadline signal to fetch on every call, which makes the deadline build its
    // AbortController and timer: reading it here keeps that part of the plugin's own work in the measured save.
    if (options?.signal?.aborted) throw options.signal.reason;
    const merchantOrderNumber = request.merchantOrderNumber;
    const paymentOrderId = this.nextId++;
    this.orders.set(merchantOrderNumber, { paymentOrderId, status: "Active" });
    // One literal, as the HTTP client's answer would arrive: the answer costs the save next to nothing.
    const instoreUiUri = this.uri(merchantOrderNumber);
    return {
      merchantOrderNumber,
      instoreUiUri,
      orderStatus: "Active",
      paymentOrderId,
      paymentMethodType: null,
      paymentType: null,
      campaignCode: null,
      customerInformation: null,
      tags: null,
      smsSentSuccessfully: true,
      recoveredFromDuplicate: false,
    };
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
