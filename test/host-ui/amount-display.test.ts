// Totals on the clerk's pages carry the currency's minor digits, whether the API was given "296.20", "296" or 296.2.
import { describe, expect, it } from "vitest";
import { displayAmount } from "../../host/ui/format-amount.js";
import { fakePayOrder, putJson } from "../host/host-test-helpers.js";
import { useHostOnOrderBook } from "./host-on-order-book.js";

const start = useHostOnOrderBook();

describe("displayAmount", () => {
  it("pads a total given with fewer digits than the currency has, in the clerk's language", () => {
    expect(displayAmount("296.2", "SEK", "sv")).toBe("296,20 SEK");
    expect(displayAmount(296.2, "SEK", "en")).toBe("296.20 SEK");
    expect(displayAmount("296", "EUR", "sv")).toBe("296,00 EUR");
    expect(displayAmount("-0.5", "SEK", "en")).toBe("-0.50 SEK");
  });

  it("never cuts digits, and leaves a currency without minor digits or an unknown one as given", () => {
    expect(displayAmount("10.005", "SEK", "sv")).toBe("10,005 SEK");
    expect(displayAmount("1500", "JPY", "en")).toBe("1500 JPY");
    expect(displayAmount("12.5", "XYZ", "en")).toBe("12.5 XYZ");
    expect(displayAmount("12.50", "SEK", "sv")).toBe("12,50 SEK");
  });
});

describe("the order list and order page", () => {
  it("show a total the clerk API was given as a JSON number with two decimals", async () => {
    const host = await start({}, "memory");
    const order = { ...fakePayOrder("ord-296", { number: "296" }), rows: [{ name: "Kaffe", quantity: "2", unitPrice: "148.10", vatPercent: "25" }], total: 296.2 };
    expect((await putJson(`${host.url}/api/orders/ord-296`, order)).status).toBe(201);
    const list = await (await fetch(`${host.url}/?lang=sv`)).text();
    expect(list).toContain("296,20 SEK");
    expect(list).not.toContain("296,2 SEK");
    const page = await (await fetch(`${host.url}/orders/ord-296`)).text();
    expect(page).toContain(">296,20 SEK</strong>");
  });
});
