// The notices of an order.save re-issue (old link cancelled, new one created or not): none says a link is sent that is not.
import { describe, expect, it } from "vitest";
import { SveaDuplicateOrderError } from "../../../plugin/svea-client/index.js";
import { hostOrder, startKitWithFakeSvea } from "../support/plugin-test-kit.js";

const kitWithFake = startKitWithFakeSvea;

describe("re-issue notices", () => {
  it("a re-issue whose new link Svea created but whose SMS failed does not also say the new link is sent", async () => {
    const { hooks, svea } = await kitWithFake();
    expect((await hooks["order.save"]({ order: hostOrder(), locale: "en" })).accepted).toBe(true);
    svea.smsSentSuccessfully = false;
    const changed = hostOrder({ rows: [{ rowNumber: 1, articleNumber: "A1", name: "Chair", quantity: "1", unit: "st", unitPrice: "120.00", vatPercent: "25" }], total: "120.00" });
    const again = await hooks["order.save"]({ order: changed, locale: "en" });
    const notices = again.accepted ? again.notices : [];
    expect(notices.map((n) => n.code)).toContain("sms-failed");
    // Was "link-reissued" ("… the old payment link was cancelled and a new one is sent.") right before
    // "The SMS to … could not be sent": the clerk was told both that the link is sent and that it is not.
    expect(notices.filter((n) => /a new one is sent/.test(n.message))).toEqual([]);
    expect(notices.map((n) => n.code)).toEqual(["phone-normalised", "link-reissued", "sms-failed"]);
    expect(notices[1]!.message).toBe("The payment changed: the old payment link was cancelled and a new one was created, but its SMS could not be sent (see the next message).");
    expect(again.accepted && again.paymentView?.state).toBe("waiting");
  });

  it("a re-issue whose first create got a 409 and whose retry was created says link-reissued", async () => {
    const { hooks, svea } = await kitWithFake();
    expect((await hooks["order.save"]({ order: hostOrder(), locale: "en" })).accepted).toBe(true);
    svea.failNextCreate = new SveaDuplicateOrderError();
    const changed = hostOrder({ rows: [{ rowNumber: 1, articleNumber: "A1", name: "Chair", quantity: "1", unit: "st", unitPrice: "120.00", vatPercent: "25" }], total: "120.00" });
    const again = await hooks["order.save"]({ order: changed, locale: "en" });
    expect(again.accepted && again.notices.map((n) => n.code)).toEqual(["phone-normalised", "link-reissued", "sms-will-be-sent"]);
    expect(again.accepted && again.paymentView?.state).toBe("waiting");
  });

  it("a re-issue whose old link turned out paid says already-paid, no re-issue notice", async () => {
    const { hooks, svea } = await kitWithFake();
    expect((await hooks["order.save"]({ order: hostOrder(), locale: "en" })).accepted).toBe(true);
    svea.complete([...svea.orders.keys()][0]!);
    const changed = hostOrder({ rows: [{ rowNumber: 1, articleNumber: "A1", name: "Chair", quantity: "1", unit: "st", unitPrice: "120.00", vatPercent: "25" }], total: "120.00" });
    const again = await hooks["order.save"]({ order: changed, locale: "en" });
    const codes = again.accepted ? again.notices.map((n) => n.code) : [];
    expect(codes[0]).toBe("already-paid");
    expect(codes.filter((c) => c.startsWith("link-reissue"))).toEqual([]);
  });
});
