// The order page's history of payment links: each paid link as its payment stands, so an order paid twice whose one
// payment was given back does not show two plain "Paid" rows beside a view built from the one that stands.
import { describe, expect, it } from "vitest";
import { OrderHistory } from "../../host/ui/order-history.js";
import type { Locale } from "../../plugin/host-contract/host-contract-types.js";
import type { AfterPaymentRecord } from "../../plugin/store/after-payment-record.js";
import type { OrderPaymentRecord } from "../../plugin/store/index.js";
import { toPaymentView } from "../../plugin/use-cases/payment-view.js";
import { link } from "../plugin/store/plugin-store-contract.js";

const annulled: AfterPaymentRecord = { currency: "SEK", paidMinor: "10000", credits: [], deliveries: [], annulled: { at: 5, how: "cancelled" }, pending: null };
const creditedInFull: AfterPaymentRecord = { ...annulled, annulled: null, credits: [{ at: 5, amountMinor: "10000", via: "credit", rows: null }] };

/** Main payment 42 (link 7001-1), extra payment 43 (link 7001-2, flagged extra-payment), each given back as said. */
function paidTwice(main?: AfterPaymentRecord, extra?: AfterPaymentRecord): OrderPaymentRecord {
  return {
    orderId: "ord-7001",
    orderNumber: "7001",
    linkSequence: 2,
    intents: [],
    inbox: [],
    links: [
      link("7001-1", { state: "paid", paymentOrderId: 42, ...(main ? { afterPayment: main } : {}) }),
      link("7001-2", { sequence: 2, state: "paid", paymentOrderId: 43, flags: ["extra-payment"], ...(extra ? { afterPayment: extra } : {}) }),
    ],
  };
}

/** Each history row's number, label and icon colour. */
function rows(record: OrderPaymentRecord, locale: Locale): string[][] {
  const view = toPaymentView(record.orderId, record, locale);
  const html = String(OrderHistory({ links: view.links, locale, timeZone: "Europe/Stockholm", payment: view }));
  return [...html.matchAll(/data-merchant-order-number="([^"]+)".*?data-colour="([^"]+)".*?<span class="state-label">([^<]+)<\/span>/g)].map((m) => [m[1]!, m[3]!, m[2]!]);
}

describe("OrderHistory of an order paid twice", () => {
  it("shows each paid link as its payment stands: the one given back as the view would, the one that stands as paid", () => {
    expect(rows(paidTwice(annulled), "en")).toEqual([
      ["7001-1", "Paid, then annulled", "black"],
      ["7001-2", "Paid", "normal"],
    ]);
    expect(rows(paidTwice(creditedInFull), "sv")).toEqual([
      ["7001-1", "Betald, sedan krediterad i sin helhet", "black"],
      ["7001-2", "Betald", "normal"],
    ]);
    expect(rows(paidTwice(undefined, annulled), "sv")).toEqual([
      ["7001-1", "Betald", "normal"],
      ["7001-2", "Betald, sedan makulerad", "black"],
    ]);
    expect(rows(paidTwice(annulled, creditedInFull), "en")).toEqual([
      ["7001-1", "Paid, then annulled", "black"],
      ["7001-2", "Paid, then credited in full", "black"],
    ]);
    expect(rows(paidTwice(), "en")).toEqual([
      ["7001-1", "Paid", "normal"],
      ["7001-2", "Paid", "normal"],
    ]);
  });

  it("tells the host which paid link was given back, and how (links[].givenBack), and nothing for any other link", () => {
    const view = toPaymentView("ord-7001", paidTwice(annulled, creditedInFull), "en");
    expect(view.links.map((l) => l.givenBack)).toEqual(["annulled", "credited"]);
    expect(toPaymentView("ord-7001", paidTwice(), "en").links.map((l) => "givenBack" in l)).toEqual([false, false]);
  });
});

describe("OrderHistory's Reason column", () => {
  const reasons = (reason: string, locale: Locale) => {
    const record: OrderPaymentRecord = { ...paidTwice(), links: [link("7001-1", { state: "cancelled", reason: reason as never })] };
    const html = String(OrderHistory({ links: toPaymentView(record.orderId, record, locale).links, locale, timeZone: "Europe/Stockholm" }));
    return /<td data-reason="[^"]*">([^<]*)<\/td>/.exec(html)?.[1] ?? html;
  };

  it("says a link ended because the order left Svea Instore (method-changed) as such, in both languages, and an older record's replaced as before", () => {
    expect(reasons("method-changed", "en")).toBe("The order was switched to another payment method");
    expect(reasons("method-changed", "sv")).toBe("Ordern bytte till ett annat betalsätt");
    expect(reasons("replaced", "en")).toBe("Replaced by a newer link");
  });
});
