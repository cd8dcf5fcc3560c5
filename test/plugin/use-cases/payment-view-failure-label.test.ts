// A failed link's label names why in the clerk's language: the localized detail kept with the link, or, for a link
// stored before it was kept, the English detail it has.
import { describe, expect, it } from "vitest";
import { toPaymentView } from "../../../plugin/use-cases/payment-view.js";
import { recordWith } from "../support/link-record-fixture.js";

const failed = { state: "failed" as const, paymentOrderId: null, reason: "svea-rejected" as const, detail: "Svea did not accept the request: x." };

describe("the payment view's label of a failed link", () => {
  it("takes the detail in the view's locale", () => {
    const record = recordWith({ ...failed, localizedDetail: { sv: "Svea godtog inte uppgifterna: x.", en: "Svea did not accept the request: x." } });
    expect(toPaymentView("ord-7001", record, "sv").label).toBe("Betallänken misslyckades: Svea avvisade ordern: Svea godtog inte uppgifterna: x.");
    expect(toPaymentView("ord-7001", record, "en").label).toBe("Payment link failed: Svea refused the order: Svea did not accept the request: x.");
  });

  it("falls back to the stored English detail on a link stored before the localized one was kept", () => {
    expect(toPaymentView("ord-7001", recordWith(failed), "sv").label).toBe("Betallänken misslyckades: Svea avvisade ordern: Svea did not accept the request: x.");
  });
});
