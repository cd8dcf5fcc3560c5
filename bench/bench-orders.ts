// The orders every bench scenario sends: a Svea create body and a host order, each with a chosen number of rows.
import type { CreateOrderRequest } from "../common/svea-instore-types.js";
import type { HostOrder } from "../plugin/host-contract/host-contract-types.js";

export const SVEA_INSTORE = "svea-instore";

/** A valid Svea create body (SE, SEK, an SMS number) with `rows` rows of 2 × 12.50 SEK at 25 % VAT. */
export function sveaCreateBody(merchantOrderNumber: string, rows: number): CreateOrderRequest {
  return {
    merchantOrderNumber,
    countryCode: "SE",
    currency: "SEK",
    mobilePhoneNumber: "+46701234567",
    orderItems: Array.from({ length: rows }, (_, i) => ({
      articleNumber: `ART-${1000 + i}`,
      name: `Artikel ${i + 1}`,
      quantity: 200,
      unitPrice: 1250,
      vatPercent: 2500,
      unit: "st",
      rowNumber: i + 1,
    })),
    callbackUri: `https://erp.example/plugins/svea-instore/callback/${merchantOrderNumber}/bench`,
    termsUri: "https://shop.example/terms",
    minutesUntilLinkExpires: 2880,
  };
}

/** A host order paid with Svea Instore: `rows` rows of 2 × 12.50 SEK incl. 25 % VAT, total rows × 25.00. */
export function benchHostOrder(id: string, rows: number): HostOrder {
  return {
    id,
    number: id.replace(/[^A-Za-z0-9]/g, "").slice(-12) || "1",
    paymentMethod: SVEA_INSTORE,
    currency: "SEK",
    pricesIncludeVat: true,
    customer: { countryCode: "SE", mobilePhone: "070-123 45 67", name: "Anna Andersson" },
    rows: Array.from({ length: rows }, (_, i) => ({
      rowNumber: i + 1,
      articleNumber: `ART-${1000 + i}`,
      name: `Artikel ${i + 1}`,
      quantity: "2",
      unit: "st",
      unitPrice: "12.50",
      vatPercent: "25",
    })),
    total: `${rows * 25}.00`,
  };
}

export function basicAuthHeader(id: string, password: string): string {
  return `Basic ${Buffer.from(`${id}:${password}`).toString("base64")}`;
}
