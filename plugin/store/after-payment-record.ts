// What happened to a paid link after payment (credits, deliveries, annulment), kept on the paid LinkRecord itself so
// every PluginStore keeps it through putLink without new methods. Amounts in minor units as decimal strings (exact).

export interface AfterPaymentCredit {
  /** Epoch ms. */
  at: number;
  amountMinor: string;
  /** credit: order.credit; annul: the full credit of an annulment after delivery. */
  via: "credit" | "annul";
  /** The rows credited (Svea rowNumber and quantity in hundredths); null for a credit by amount or in full. */
  rows: { rowNumber: number; quantity: number }[] | null;
  /** A credit by amount: its VAT rate (hundredths). Absent on row credits, annulments and amount credits kept before. */
  vatPercent?: number;
}

export interface AfterPaymentDelivery {
  at: number;
  /** Svea's delivery id (Payment Admin). */
  deliveryId: number;
  /** Svea's row ids delivered. */
  orderRowIds: number[];
}

/**
 * A Svea call whose lost answer matters, written before it is sent and cleared with its answer. While one is open,
 * the next after-payment action on the order first asks Payment Admin what became of it.
 */
export interface AfterPaymentPending {
  id: string;
  kind: "credit" | "annul-cancel" | "annul-credit" | "deliver";
  startedAt: number;
  /** credit / annul-credit: the amount being credited. */
  amountMinor: string | null;
  /** credit: the rows being credited; deliver: Svea's row ids being delivered. */
  rows: { rowNumber: number; quantity: number }[] | null;
  /** credit by amount: its VAT rate (hundredths), kept on the credit once settled. */
  vatPercent?: number;
  orderRowIds: number[] | null;
  /** The host's request that made the call (its `requestId`, and what it asked), if it gave an id. */
  request?: HostRequest | null;
}

export interface AfterPaymentRecord {
  currency: string;
  /** What the customer paid, in minor units. */
  paidMinor: string;
  credits: AfterPaymentCredit[];
  deliveries: AfterPaymentDelivery[];
  annulled: { at: number; how: "cancelled" | "credited" } | null;
  pending: AfterPaymentPending | null;
  /**
   * A call whose answer the clerk never got, settled since without the clerk (reconcile, at activation or on its
   * schedule): the clerk's next after-payment action is told its outcome first and, when it was carried out, is not
   * sent (most likely the same action again; a credit would pay the customer twice). Absent or null otherwise.
   */
  unanswered?: { kind: AfterPaymentPending["kind"]; done: boolean; settledAt: number; request?: HostRequest | null } | null;
  /**
   * The host's requests carried out on this payment (`requestId` of order.credit, order.annul, order.deliver, with what
   * each asked), newest last, the last REQUESTS_KEPT: a request repeating one is answered as done and nothing is done
   * again; one repeating an id for something else is refused. Written with the record the request changed, so no
   * crash can separate them. Absent when no request gave an id.
   */
  requests?: HostRequest[];
  /**
   * True once a delivery through order.deliver left no row open at Svea (every row not cancelled is delivered), as
   * Payment Admin's order showed it then. Absent on records written before the plugin kept it, and while rows are open.
   */
  allDelivered?: boolean;
}

/**
 * Whether the customer got everything back: annulled, or credited (recorded credits, not a call still pending) at
 * least what was paid. Such a payment no longer stands: nothing is owed, and the goods must not be picked.
 */
export function isSettledInFull(record: AfterPaymentRecord): boolean {
  return record.annulled !== null || creditedMinorOf(record) >= BigInt(record.paidMinor);
}

/** What the recorded credits add up to, in minor units (a call still pending not counted). */
export function creditedMinorOf(record: AfterPaymentRecord): bigint {
  return record.credits.reduce((sum, c) => sum + BigInt(c.amountMinor), 0n);
}

/**
 * Whether a call whose outcome is unknown may have given the customer everything back: an annulment, or a credit that
 * would reach what was paid. Until Payment Admin says, the goods must not be picked.
 */
export function mayBeRefundedInFull(record: AfterPaymentRecord): boolean {
  const pending = record.pending;
  if (!pending) return false;
  if (pending.kind === "annul-cancel" || pending.kind === "annul-credit") return true;
  if (pending.kind !== "credit") return false;
  return creditedMinorOf(record) + BigInt(pending.amountMinor ?? "0") >= BigInt(record.paidMinor);
}

/** A host's request by its own id, and what it asked (the action and its input), so a reused id is told apart. */
export interface HostRequest {
  id: string;
  what: string;
  /**
   * Kept with a request refused because an earlier call of its kind, whose outcome the clerk was told was unknown,
   * turned out carried out (`earlier-action-carried-out`): the same request again gets the same refusal, so a resend
   * (a reload of the refused page, a retry after a lost answer) never carries out what the clerk was told was not
   * done. Absent on requests carried out.
   */
  refused?: { code: "earlier-action-carried-out"; kind: AfterPaymentPending["kind"] };
}

/** How many requests a paid link keeps: a host repeats a request within minutes, and a payment sees few actions. */
export const REQUESTS_KEPT = 50;

/** The record with `request` added to its requests (none given: as it was). */
export function withRequest(record: AfterPaymentRecord, request: HostRequest | null | undefined): AfterPaymentRecord {
  if (!request || record.requests?.some((r) => r.id === request.id)) return record;
  const kept: HostRequest = request.refused ? { id: request.id, what: request.what, refused: request.refused } : { id: request.id, what: request.what };
  return { ...record, requests: [...(record.requests ?? []), kept].slice(-REQUESTS_KEPT) };
}
