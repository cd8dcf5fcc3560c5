// An in-process SveaInstoreClient for fine-grained cases (a pause between status read and cancel, a hanging create).
import type { OrderStatusResponse } from "../../../common/svea-instore-types.js";
import type { CreateOrderRequest } from "../../../common/svea-instore-types.js";
import type { CancelResult, CreateOrderOptions, CreateOrderResult, SveaInstoreClient } from "../../../plugin/svea-client/index.js";
import { SveaDuplicateOrderError, SveaNotFoundError, SveaUnavailableError } from "../../../plugin/svea-client/index.js";

interface FakeOrder {
  request: CreateOrderRequest;
  status: "Active" | "Completed" | "Canceled";
  paymentOrderId: number;
  paymentMethodType: string | null;
  credited: boolean;
}

export class FakeSvea implements SveaInstoreClient {
  readonly orders = new Map<string, FakeOrder>();
  readonly calls: { kind: "create" | "status" | "cancel" | "return"; merchantOrderNumber: string }[] = [];
  /** Runs after cancel's status read said Active and before the cancel is sent. */
  beforeCancelSend: ((merchantOrderNumber: string) => Promise<void> | void) | undefined;
  /** The next create never answers until its signal aborts (after it reached "Svea"). */
  hangNextCreate = false;
  /** Runs when a create has reached "Svea" and before Svea stores it (a create Svea holds a while). */
  beforeCreateStores: ((merchantOrderNumber: string) => Promise<void> | void) | undefined;
  /** The next create is refused before reaching Svea with this error. */
  failNextCreate: Error | undefined;
  smsSentSuccessfully: boolean | null = true;
  /** The instoreUiUri it answers with (default an https address per order). */
  linkAddress: ((merchantOrderNumber: string) => string) | undefined;
  private nextId = 5000;

  async createOrder(request: CreateOrderRequest, options?: CreateOrderOptions): Promise<CreateOrderResult> {
    this.calls.push({ kind: "create", merchantOrderNumber: request.merchantOrderNumber });
    await Promise.resolve();
    if (this.failNextCreate) {
      const error = this.failNextCreate;
      this.failNextCreate = undefined;
      throw error;
    }
    await this.beforeCreateStores?.(request.merchantOrderNumber);
    // Svea keeps merchantOrderNumbers unique: a create that resumes an earlier one reads that one back, as the client does.
    if (this.orders.has(request.merchantOrderNumber)) {
      if (!options?.resumesEarlierCreate) throw new SveaDuplicateOrderError();
      return { ...this.statusOf(request.merchantOrderNumber), instoreUiUri: this.uri(request.merchantOrderNumber), smsSentSuccessfully: null, recoveredFromDuplicate: true };
    }
    const order: FakeOrder = { request, status: "Active", paymentOrderId: this.nextId++, paymentMethodType: null, credited: false };
    this.orders.set(request.merchantOrderNumber, order);
    if (this.hangNextCreate) {
      this.hangNextCreate = false;
      await new Promise<void>((_, reject) =>
        options?.signal?.addEventListener("abort", () => reject(new SveaUnavailableError("aborted", { outcomeUnknown: true })), { once: true }),
      );
    }
    return { ...this.statusOf(request.merchantOrderNumber), instoreUiUri: this.uri(request.merchantOrderNumber), smsSentSuccessfully: this.smsSentSuccessfully, recoveredFromDuplicate: false };
  }

  async getOrderStatus(merchantOrderNumber: string): Promise<OrderStatusResponse> {
    this.calls.push({ kind: "status", merchantOrderNumber });
    await Promise.resolve();
    return this.statusOf(merchantOrderNumber);
  }

  async cancelOrder(merchantOrderNumber: string): Promise<CancelResult> {
    const status = await this.getOrderStatus(merchantOrderNumber);
    if (status.orderStatus === "Completed") return { outcome: "completed", status };
    if (status.orderStatus === "Canceled") return { outcome: "already-canceled", status };
    await this.beforeCancelSend?.(merchantOrderNumber);
    this.calls.push({ kind: "cancel", merchantOrderNumber });
    const order = this.orders.get(merchantOrderNumber)!;
    // On a paid order, cancel credits the invoice.
    if (order.status === "Completed") order.credited = true;
    order.status = "Canceled";
    return { outcome: "canceled", status };
  }

  async returnOrder(merchantOrderNumber: string): Promise<void> {
    this.calls.push({ kind: "return", merchantOrderNumber });
  }

  complete(merchantOrderNumber: string, paymentMethodType = "Invoice"): void {
    const order = this.orders.get(merchantOrderNumber);
    if (!order) throw new Error(`no such fake order ${merchantOrderNumber}`);
    order.status = "Completed";
    order.paymentMethodType = paymentMethodType;
  }

  active(): string[] {
    return [...this.orders].filter(([, o]) => o.status === "Active").map(([n]) => n);
  }

  count(kind: "create" | "status" | "cancel"): number {
    return this.calls.filter((c) => c.kind === kind).length;
  }

  private uri(merchantOrderNumber: string): string {
    return this.linkAddress?.(merchantOrderNumber) ?? `https://instore.fake/pay/${merchantOrderNumber}`;
  }

  private statusOf(merchantOrderNumber: string): OrderStatusResponse {
    const order = this.orders.get(merchantOrderNumber);
    if (!order) throw new SveaNotFoundError();
    const completed = order.status === "Completed";
    return {
      merchantOrderNumber,
      orderStatus: order.status,
      paymentOrderId: order.paymentOrderId,
      instoreUiUri: this.uri(merchantOrderNumber),
      paymentMethodType: order.paymentMethodType,
      paymentType: completed ? "Invoice" : null,
      customerInformation: completed
        ? { billingAddress: { fullName: "Anna Andersson", streetAddress: "Storgatan 1", postalCode: "11122", city: "Stockholm", countryCode: "SE" } }
        : null,
    } as OrderStatusResponse;
  }
}
