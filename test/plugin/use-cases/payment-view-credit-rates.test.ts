// The payment view tells the host which VAT rates an amount credit may name: the rates of what the customer paid for
// (the link's paid items), plus the rounding row's 0 % when it took öre, never an unpaid order's or a negative row's.
import { describe, expect, it } from "vitest";
import type { OrderItem } from "../../../common/svea-instore-types.js";
import type { LinkRecord } from "../../../plugin/store/index.js";
import { toPaymentView } from "../../../plugin/use-cases/payment-view.js";
import { recordWith } from "../support/link-record-fixture.js";

const item = (vatPercent: number, unitPrice: number, name = "Vara"): OrderItem => ({ name, quantity: 100, unitPrice, vatPercent, unit: "st" });
const rounding = (unitPrice: number): OrderItem => ({ name: "Öresavrundning", quantity: 100, unitPrice, vatPercent: 0, unit: "st" });

const ratesOf = (link: Partial<LinkRecord>) => toPaymentView("ord-7001", recordWith(link), "sv").creditVatRates;

describe("the payment view's creditVatRates", () => {
  it("lists each paid goods' rate once, as a decimal, and the rounding row's 0 only when it took öre", () => {
    expect(ratesOf({ paidItems: [item(1200, 5990), item(2500, 4900), item(2500, 200), item(1250, 100)] })).toEqual(["12", "25", "12.5"]);
    expect(ratesOf({ paidItems: [item(2500, 171), rounding(75)] })).toEqual(["25", "0"]);
    // A negative rounding row gave öre back: there is nothing at 0 % to credit.
    expect(ratesOf({ paidItems: [item(2500, 174), rounding(-75)] })).toEqual(["25"]);
    // Goods at 0 % are a rate of their own, listed once.
    expect(ratesOf({ paidItems: [item(0, 1000), item(2500, 171), rounding(75)] })).toEqual(["0", "25"]);
  });

  it("is absent while the order is not paid, and for a link paid before the plugin kept what was paid for", () => {
    expect(ratesOf({ state: "waiting", paidItems: undefined })).toBeUndefined();
    expect(ratesOf({ paidItems: undefined })).toBeUndefined();
  });
});
