// An order's record with one link: a paid link of order 7001 unless `link` says otherwise (payment-view tests).
import type { LinkRecord, OrderPaymentRecord } from "../../../plugin/store/index.js";

export function recordWith(link: Partial<LinkRecord>): OrderPaymentRecord {
  const base: LinkRecord = {
    merchantOrderNumber: "7001-1",
    sequence: 1,
    state: "paid",
    instoreUiUri: null,
    paymentOrderId: 42,
    createdAt: 0,
    expiresAt: 1,
    fingerprint: "f",
    canceledByPlugin: false,
    reason: null,
    smsSentSuccessfully: true,
    mayExistAtSvea: false,
    flags: [],
    callbackAt: null,
    checkedAt: null,
  };
  return { orderId: "ord-7001", orderNumber: "7001", linkSequence: 1, links: [{ ...base, ...link }], intents: [], inbox: [] };
}
