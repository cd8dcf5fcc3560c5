// The narrow interface the plugin's use cases depend on; the HTTP implementation and test fakes both satisfy it.
import type {
  CreateOrderRequest,
  CreateOrderResponse,
  OrderStatusResponse,
  ReturnRequest,
} from "../../common/svea-instore-types.js";

export interface CallOptions {
  /** Aborts the call (and any retry wait); the call rejects with a retryable SveaUnavailableError of cause "aborted". */
  signal?: AbortSignal;
  /**
   * When the caller stops waiting (epoch ms on the client's clock). A status read whose poll slot comes after it is not
   * waited for: it fails at once with SveaUnavailableError of cause "paced-past-deadline" (nothing sent).
   */
  deadline?: number;
}

export interface CreateOrderOptions extends CallOptions {
  /**
   * An earlier create of this merchantOrderNumber may have reached Svea (its answer was lost: a timeout, or a process
   * that stopped before storing it). Svea keeps the number unique, so a refusal (409, or the 400 or other 4xx Svea may
   * answer a duplicate with; not 401, 403 or 429) may mean that create landed: its status is read, and the order found
   * is returned (recoveredFromDuplicate), as for a retry's refusal. A 404 there lets the refusal stand, unless it says the
   * number is taken (a 409, or a 400 or 422 naming merchantOrderNumber: its outcome stays unknown); a read that fails
   * rejects with a SveaUnavailableError whose outcomeUnknown is true.
   */
  resumesEarlierCreate?: boolean;
}

export interface CreateOrderResult extends CreateOrderResponse {
  /**
   * True when a retry was refused (as a duplicate, whatever the status) and the order's status showed the first attempt
   * had reached Svea: the order was read back. `smsSentSuccessfully` is then unknown (null).
   */
  recoveredFromDuplicate: boolean;
}

/**
 * What a cancel ended in. Cancel is never sent blind: a paced status read decides first, and `status` is that read
 * (for "canceled" it therefore still says Active: the order was Active when the cancel was sent and Svea answered {}).
 */
export type CancelResult =
  | { outcome: "canceled"; status: OrderStatusResponse }
  | { outcome: "already-canceled"; status: OrderStatusResponse }
  /**
   * The order was Completed (paid): cancel was not sent (again), because on a paid order it credits the invoice.
   * `cancelMayHaveLanded`: an earlier try of this call sent a cancel whose answer was lost (a timeout, a 5xx); Svea may
   * still carry it out and credit the payment, so the payment cannot be taken as standing yet.
   */
  | { outcome: "completed"; status: OrderStatusResponse; cancelMayHaveLanded?: true };

/**
 * Every method rejects only with a SveaInstoreError subclass (plugin/svea-client/svea-instore-errors.ts); a request
 * that breaks a schema rule is refused with SveaValidationError (sentToSvea false) before anything is sent.
 */
export interface SveaInstoreClient {
  /** Retried with the same merchantOrderNumber; never creates two orders (see CreateOrderResult.recoveredFromDuplicate). */
  createOrder(request: CreateOrderRequest, options?: CreateOrderOptions): Promise<CreateOrderResult>;
  /** Paced: waits for the order's next poll slot (5 s apart) instead of meeting Svea's 403. */
  getOrderStatus(merchantOrderNumber: string, options?: CallOptions): Promise<OrderStatusResponse>;
  /**
   * Reads the status before every try and sends cancel only to an Active order. An answer to the cancel that is no
   * acknowledgement (an error document in a 200) rejects with SveaUnexpectedResponseError: it may or may not have landed.
   */
  cancelOrder(merchantOrderNumber: string, options?: CallOptions): Promise<CancelResult>;
  /**
   * Credits rows (an empty returnedItems credits the whole order). Retried only when nothing can have been credited;
   * an ambiguous failure is a SveaUnavailableError with outcomeUnknown true and retryable false, or, for a 2xx that is
   * no acknowledgement (not JSON, an error document such as {"success": false}), a SveaUnexpectedResponseError: unknown too.
   */
  returnOrder(merchantOrderNumber: string, request: ReturnRequest, options?: CallOptions): Promise<void>;
}

/**
 * Where the status-poll slots per order are kept, so several hosts sharing one account can share them later.
 * `reserve` is atomic: it returns the earliest time >= `now` that is at least `gapMs` after the previous slot
 * of that order, and records it as the new last slot. The caller waits until then, then polls (the HTTP client passes
 * its poll gap plus POLL_SLOT_MARGIN_MS and sends at the slot, so a slot is when a read goes). A previous slot more
 * than MAX_QUEUED_POLL_GAPS gaps ahead of `now` is a clock jump, not a queue (see poll-slot-rule.ts): the slot is then
 * `now`, and `onClockJump` is told the slot it discarded.
 */
export interface PollSlotStore {
  reserve(merchantOrderNumber: string, now: number, gapMs: number, onClockJump?: (discardedSlot: number) => void): Promise<number>;
}
