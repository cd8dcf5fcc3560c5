// What the clerk reads from order.credit and order.annul, through the real hooks against the mock Svea on 127.0.0.1:
// decimals as the clerk's language writes them, and an annulment that sent nothing said as such.
import { describe, expect, it } from "vitest";
import { finnishOrderWith, orderWith, pay, useWorld } from "./paid-order-world.js";

const immediate = useWorld({ immediate: { deferredDelivery: false } }, "immediate");

/** A Finnish order with a row at 25.5 % and one at 13.5 %. */
const twoRates = () =>
  finnishOrderWith("25.5", {
    rows: [
      { rowNumber: 1, name: "Tuoli", quantity: "1", unit: "kpl", unitPrice: "100.00", vatPercent: "25.5" },
      { rowNumber: 2, name: "Kirja", quantity: "1", unit: "kpl", unitPrice: "20.00", vatPercent: "13.5" },
    ],
    total: "120.00",
  });

describe("after-payment refusals in Swedish write decimals with a comma", () => {
  it("a credit of a Finnish order with two VAT rates names the rates with decimal commas in Swedish", async () => {
    const rt = immediate.runtime();
    const host = twoRates();
    await pay(immediate.world(), rt, host);
    const answer = await rt.instance.hooks["order.credit"]({ order: host, locale: "sv", amount: "10.00" });
    expect(answer.accepted).toBe(false);
    const [refusal] = answer.accepted ? [] : answer.errors;
    expect(refusal).toMatchObject({ code: "credit-vat-required", field: "vatPercent" });
    // Not "Ordern har flera momssatser (25.5, 13.5 %): …"
    expect(refusal!.message).toContain("13,5");
    expect(refusal!.message).toContain("25,5");
  });

  it("a credit over what a Finnish rate has left names the rate with a decimal comma in Swedish", async () => {
    const rt = immediate.runtime();
    const host = twoRates();
    await pay(immediate.world(), rt, host);
    const answer = await rt.instance.hooks["order.credit"]({ order: host, locale: "sv", amount: "50.00", vatPercent: "13.5" });
    expect(answer.accepted).toBe(false);
    const [refusal] = answer.accepted ? [] : answer.errors;
    expect(refusal).toMatchObject({ code: "credit-exceeds-rate" });
    // Not "50,00 EUR med 13.5 % moms kan inte krediteras: av det som såldes med 13.5 % moms återstår 20,00 EUR. …"
    expect(refusal!.message).toContain("13,5 % moms");
  });

  it("a credit amount with too many decimals, and a row quantity with too many, are echoed with decimal commas in Swedish", async () => {
    const rt = immediate.runtime();
    const host = orderWith({ rows: [{ rowNumber: 1, name: "Stol", quantity: "2", unit: "st", unitPrice: "100.00", vatPercent: "25" }], total: "200.00" });
    await pay(immediate.world(), rt, host);
    const amount = await rt.instance.hooks["order.credit"]({ order: host, locale: "sv", amount: "10.005" });
    const quantity = await rt.instance.hooks["order.credit"]({ order: host, locale: "sv", rows: [{ row: 0, quantity: "1.555" }] });
    const [a] = amount.accepted ? [] : amount.errors;
    const [q] = quantity.accepted ? [] : quantity.errors;
    expect(a).toMatchObject({ code: "credit-amount-invalid", field: "amount" });
    expect(q).toMatchObject({ code: "credit-quantity-invalid", field: "rows[0].quantity" });
    // Not "Beloppet 10.005 går inte att kreditera: …" and "Antalet 1.555 på rad 1 …"
    expect(a!.message).toContain("Beloppet 10,005 ");
    expect(q!.message).toContain("Antalet 1,555 ");
  });
});

describe("an annulment that sends nothing to Svea", () => {
  it("annulling an order already credited in full does not tell the clerk that Svea credited anything", async () => {
    const rt = immediate.runtime();
    const host = orderWith({ rows: [{ rowNumber: 1, name: "Stol", quantity: "1", unit: "st", unitPrice: "100.00", vatPercent: "25" }], total: "100.00" });
    await pay(immediate.world(), rt, host);
    const credit = await rt.instance.hooks["order.credit"]({ order: host, locale: "en", rows: [{ row: 0 }] });
    expect(credit.accepted).toBe(true);
    const returns = async () => {
      const res = await fetch(`${immediate.world().mock.adminUrl}/requests`);
      const body = JSON.stringify(await res.json());
      return (body.match(/\/return/g) ?? []).length;
    };
    const before = await returns();
    // The preview (no confirm) does not promise a credit either.
    const preview = await rt.instance.hooks["order.annul"]({ order: host, locale: "sv" });
    expect(preview.accepted ? [] : preview.notices).toContainEqual(
      expect.objectContaining({ code: "annul-will-credit", message: "Ordern är redan krediterad i sin helhet hos Svea: makuleringen registreras bara här, inget skickas till Svea." }),
    );
    const annul = await rt.instance.hooks["order.annul"]({ order: host, locale: "en", confirm: true });
    expect(annul.accepted).toBe(true);
    // Nothing went to Svea: no return call was made by the annulment.
    expect(await returns()).toBe(before);
    const notices = annul.accepted ? annul.notices : [];
    // Not "The order was annulled: Svea credited the remaining 0.00 SEK." (Svea was asked for nothing.)
    expect(notices.filter((n) => /Svea credited/.test(n.message))).toEqual([]);
    expect(notices).toEqual([
      { code: "annulled", severity: "info", message: "The order was annulled: it had already been credited in full, so nothing was left to credit and nothing was sent to Svea." },
    ]);
  });
});
