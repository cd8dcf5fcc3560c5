// A Swedish list of VAT rates writes decimals with a comma, so a list holding one is joined with semicolons, never "13,5, 25,5".
import { describe, expect, test } from "vitest";
import { finnishOrderWith, pay, useWorld } from "./paid-order-world.js";

const shop = useWorld({ shop: { deferredDelivery: false } }, "shop");

/** The list must not hold a decimal comma directly followed by the list's ", " separator ("13,5, 25,5"). */
const AMBIGUOUS = /\d,\d+, \d/;

describe("Swedish VAT rate lists stay readable", () => {
  test("the valid Finnish rates in a Swedish vat-invalid refusal are not run together with the list's commas", async () => {
    const saved = await shop.runtime().instance.hooks["order.save"]({ order: finnishOrderWith("24"), locale: "sv" });
    expect(saved.accepted).toBe(false);
    const refusal = saved.accepted ? undefined : saved.errors.find((e) => e.code === "vat-invalid");
    // Was "… Giltiga satser: 0, 10, 13,5, 25,5.", which reads as six rates (0, 10, 13, 5, 25, 5).
    const list = /Giltiga satser: (.*)\.$/.exec(refusal!.message)![1]!;
    expect(list).not.toMatch(AMBIGUOUS);
    expect(list).toBe("0; 10; 13,5; 25,5");
  });

  test("the rates of a paid Finnish order in a Swedish credit-vat-required refusal are not run together", async () => {
    const rt = shop.runtime();
    const host = finnishOrderWith("25.5", {
      rows: [
        { rowNumber: 1, name: "Tuoli", quantity: "1", unit: "kpl", unitPrice: "100.00", vatPercent: "25.5" },
        { rowNumber: 2, name: "Kirja", quantity: "1", unit: "kpl", unitPrice: "20.00", vatPercent: "13.5" },
      ],
      total: "120.00",
    });
    await pay(shop.world(), rt, host);
    const answer = await rt.instance.hooks["order.credit"]({ order: host, locale: "sv", amount: "10.00" });
    const refusal = answer.accepted ? undefined : answer.errors.find((e) => e.code === "credit-vat-required");
    // Was "Ordern har flera momssatser (25,5, 13,5 %): …", which reads as 25, 5, 13 and 5 %.
    expect(refusal!.message).not.toMatch(AMBIGUOUS);
    expect(refusal!.message).toContain("(25,5; 13,5 %)");
  });
});
