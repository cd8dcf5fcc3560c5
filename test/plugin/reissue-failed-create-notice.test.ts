// A re-issue whose new link Svea did not create must not tell the clerk that a new link is sent.
import { afterEach, describe, expect, test } from "vitest";
import { orderWith, useWorld } from "../after-payment/paid-order-world.js";

const shop = useWorld({ shop: {} }, "shop");

// A test's faults not taken by its own saves are not left for the next test's.
afterEach(async () => {
  expect((await fetch(`${shop.world().mock.adminUrl}/faults`, { method: "DELETE" })).status).toBe(200);
});

async function armFault(body: Record<string, unknown>) {
  const res = await fetch(`${shop.world().mock.adminUrl}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
}

describe("notices of a re-issue that failed", () => {
  test("old link cancelled, new create refused (401): no notice says a new link is sent", async () => {
    const order = orderWith({});
    const first = await shop.runtime().instance.hooks["order.save"]({ order, locale: "en" });
    expect(first.accepted).toBe(true);

    const changed = { ...order, rows: [{ ...order.rows[0]!, unitPrice: "120.00" }], total: "120.00" };
    await armFault({ kind: "http-status", endpoint: "create", status: 401, count: 5 });
    const again = await shop.runtime().instance.hooks["order.save"]({ order: changed, locale: "en" });
    expect(again.accepted).toBe(true);
    const notices = again.accepted ? again.notices : [];
    const links = again.accepted ? again.paymentView!.links : [];
    // The old link is cancelled and the new one failed: the customer has no payable link.
    expect(links.map((l) => l.state)).not.toContain("waiting");
    expect(notices.map((n) => n.code)).toContain("svea-unauthorized");
    // Not "link-reissued" ("… and a new one is sent."): it says the old link was cancelled and no new one was sent.
    expect(notices.filter((n) => /a new one is sent/.test(n.message))).toEqual([]);
    expect(notices.map((n) => n.code)).toEqual(["phone-normalised", "link-reissue-failed", "svea-unauthorized"]);
    expect(notices.find((n) => n.code === "link-reissue-failed")!.message).toMatch(/old payment link was cancelled, but no new link was sent/);
  });

  test("old link cancelled, new create answered 503 (it may have landed): the notice says Svea has not confirmed it", async () => {
    const order = orderWith({});
    expect((await shop.runtime().instance.hooks["order.save"]({ order, locale: "sv" })).accepted).toBe(true);
    const changed = { ...order, rows: [{ ...order.rows[0]!, unitPrice: "130.00" }], total: "130.00" };
    await armFault({ kind: "http-status", endpoint: "create", status: 503, count: 5 });
    const again = await shop.runtime().instance.hooks["order.save"]({ order: changed, locale: "sv" });
    const notices = again.accepted ? again.notices : [];
    expect(notices.map((n) => n.code).slice(-2)).toEqual(["link-reissue-unconfirmed", "svea-unavailable"]);
    expect(notices.find((n) => n.code === "link-reissue-unconfirmed")!.message).toContain("Svea har inte bekräftat den nya");
  });
});
