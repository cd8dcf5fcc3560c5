// Wraps the real Svea client to time every status read: their sum over the concurrency is the fastest a sweep could be.
import type { CreateOrderRequest, OrderStatusResponse, ReturnRequest } from "../common/svea-instore-types.js";
import type { CallOptions, CancelResult, CreateOrderResult, SveaInstoreClient } from "../plugin/index.js";

export class TimedSveaClient implements SveaInstoreClient {
  statusCalls = 0;
  statusMsTotal = 0;

  constructor(private readonly inner: SveaInstoreClient) {}

  reset(): void {
    this.statusCalls = 0;
    this.statusMsTotal = 0;
  }

  createOrder(request: CreateOrderRequest, options?: CallOptions): Promise<CreateOrderResult> {
    return this.inner.createOrder(request, options);
  }

  async getOrderStatus(merchantOrderNumber: string, options?: CallOptions): Promise<OrderStatusResponse> {
    const started = performance.now();
    try {
      return await this.inner.getOrderStatus(merchantOrderNumber, options);
    } finally {
      this.statusCalls++;
      this.statusMsTotal += performance.now() - started;
    }
  }

  cancelOrder(merchantOrderNumber: string, options?: CallOptions): Promise<CancelResult> {
    return this.inner.cancelOrder(merchantOrderNumber, options);
  }

  returnOrder(merchantOrderNumber: string, request: ReturnRequest, options?: CallOptions): Promise<void> {
    return this.inner.returnOrder(merchantOrderNumber, request, options);
  }
}
