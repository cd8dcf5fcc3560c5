// What the clerk reads when order.save refuses, through the real hook against the mock Svea on 127.0.0.1: Swedish
// rule texts, and decimals written with a comma in Swedish.
import { describe, expect, test } from "vitest";
import { finnishOrderWith, orderWith, useWorld } from "../after-payment/paid-order-world.js";

const shop = useWorld({ shop: {} }, "shop");

async function refusalsOf(order: ReturnType<typeof orderWith>, locale: "sv" | "en") {
  const saved = await shop.runtime().instance.hooks["order.save"]({ order, locale });
  expect(saved.accepted).toBe(false);
  return saved.accepted ? [] : saved.errors;
}

describe("Swedish refusals speak Swedish and write decimals with a comma", () => {
  test("a row number past Svea's 32-bit range is refused in Swedish, not with an English rule text", async () => {
    const order = orderWith({ rows: [{ rowNumber: 3_000_000_000, name: "Stol", quantity: "1", unit: "st", unitPrice: "100.00", vatPercent: "25" }] });
    const [refusal] = await refusalsOf(order, "sv");
    expect(refusal).toMatchObject({ code: "order-invalid", field: "rows[0].rowNumber" });
    // Not "Ordern kan inte läsas: rows[0].rowNumber: must be a 32-bit integer."
    expect(refusal!.message).toBe("Ordern kan inte läsas: rows[0].rowNumber: måste vara ett heltal som ryms i 32 bitar.");
  });

  test("a Finnish VAT rate list is written with decimal commas in Swedish", async () => {
    const order = finnishOrderWith("24");
    const [refusal] = await refusalsOf(order, "sv");
    expect(refusal).toMatchObject({ code: "vat-invalid", field: "rows[0].vatPercent" });
    // Not "… Giltiga satser: 0, 10, 13.5, 25.5."
    expect(refusal!.message).toContain("13,5");
    expect(refusal!.message).toContain("25,5");
  });

  test("a quantity with three decimals is echoed with a decimal comma in Swedish (as a refused price is)", async () => {
    const order = orderWith({ rows: [{ rowNumber: 1, name: "Stol", quantity: "1.555", unit: "st", unitPrice: "100.00", vatPercent: "25" }], total: "155.50" });
    const refusals = await refusalsOf(order, "sv");
    const quantity = refusals.find((r) => r.code === "quantity-invalid");
    expect(quantity?.field).toBe("rows[0].quantity");
    // Not "Antalet 1.555 på rad 1 går inte att skicka till Svea (högst två decimaler, mellan 0,01 och 99 999,99)."
    expect(quantity!.message).toContain("Antalet 1,555 ");
  });

  test("a discount with three decimals is echoed with a decimal comma in Swedish", async () => {
    const order = orderWith({ rows: [{ rowNumber: 1, name: "Stol", quantity: "1", unit: "st", unitPrice: "100.00", vatPercent: "25", discountPercent: "12.345" }], total: "87.66" });
    const refusals = await refusalsOf(order, "sv");
    const discount = refusals.find((r) => r.code === "discount-invalid");
    expect(discount?.field).toBe("rows[0].discountPercent");
    // Not "Rabatten 12.345 % på rad 1 …"
    expect(discount!.message).toContain("Rabatten 12,345 %");
  });

  test("a total with more decimals than the currency is echoed with a decimal comma in Swedish", async () => {
    const order = orderWith({ total: "100.005" });
    const refusals = await refusalsOf(order, "sv");
    const total = refusals.find((r) => r.code === "total-invalid");
    expect(total?.field).toBe("total");
    // Not "Orderns total 100.005 går inte att läsa som ett belopp i SEK."
    expect(total!.message).toContain("100,005");
  });
});
