// A failed link's label in the payment view speaks the clerk's language, as the save's notice does.
import { describe, expect, test } from "vitest";
import { finnishOrderWith, useWorld } from "../after-payment/paid-order-world.js";

// The mock's other merchant serves Sweden only: a Finnish order is refused by Svea (400), not by the plugin.
const other = useWorld({ other: { merchantId: "other-merchant", password: "other-password-2026" } }, "other");

describe("a link Svea refused, shown in Swedish", () => {
  test("the Swedish label of the failed link holds no English sentence of the plugin's own", async () => {
    const order = finnishOrderWith("25.5");
    const saved = await other.runtime().instance.hooks["order.save"]({ order, locale: "sv" });
    expect(saved.accepted).toBe(true);
    if (!saved.accepted) return;
    const notice = saved.notices.find((n) => n.code === "svea-rejected");
    // The notice is Swedish (Svea's own field text aside).
    expect(notice?.message).toContain("Svea godtog inte uppgifterna");
    expect(saved.paymentView?.state).toBe("failed");
    const { views } = await other.runtime().instance.hooks["order.payment-view"]({ orderIds: [order.id], locale: "sv" });
    // Not "… Svea avvisade ordern: Svea did not accept the request: countryCode: FI is not …" (the English detail).
    for (const label of [saved.paymentView!.label, views[0]!.label]) {
      expect(label).toContain("Svea avvisade ordern");
      expect(label).not.toContain("Svea did not accept the request");
    }
  });
});
