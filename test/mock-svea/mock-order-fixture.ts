// A stored mock order for the state tests: order n of the demo merchant, Active, with any field overridden.
import type { MockOrder } from "../../mock-svea/mock-svea-schemas.js";

export function order(n: number, overrides: Partial<MockOrder> = {}): MockOrder {
  return {
    merchantId: "demo-merchant",
    merchantOrderNumber: `O-${n}`,
    paymentOrderId: 8_000_000 + n,
    token: `token-${n}`,
    orderStatus: "Active",
    reason: null,
    createdAt: "2026-01-15T10:00:00.000Z",
    expiresAt: "2026-01-15T10:20:00.000Z",
    currency: "SEK",
    request: { merchantOrderNumber: `O-${n}`, countryCode: "SE", termsUri: "https://t.example", orderItems: [{ name: "x", quantity: 100, unitPrice: 100, vatPercent: 2500, unit: "st" }] },
    smsSentSuccessfully: null,
    paymentType: null,
    paymentMethodType: null,
    campaignCode: null,
    customerInformation: null,
    credits: [],
    ...overrides,
  };
}
