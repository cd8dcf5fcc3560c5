// The rest of the story end to end: refusals (in sv and en), credentials, forged and duplicate callbacks, ten concurrent saves, fix-ups.
import { afterEach, describe, expect, it } from "vitest";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { eventually, orderFor, startStory, sveaCalls, type Story } from "./story-harness.js";

const stories: Story[] = [];
async function story(options?: Parameters<typeof startStory>[0]): Promise<Story> {
  const s = await startStory(options);
  stories.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(stories.splice(0).map((s) => s.close()));
});

const currentMon = (view: PaymentView | null) => view?.links.at(-1)?.merchantOrderNumber ?? "";

describe("refusals (end to end)", () => {
  it("a bad mobile number is refused naming the field, in the clerk's language, and nothing reaches Svea or the order book", async () => {
    const s = await story();
    const bad = orderFor("ref-1", { customer: { ...orderFor("x").customer, mobilePhone: "12345" } });
    const sv = await s.save(bad, "sv");
    const en = await s.save(bad, "en");
    for (const answer of [sv, en]) {
      expect(answer.status).toBe(422);
      expect(answer.errors[0]).toMatchObject({ field: "customer.mobilePhone" });
      expect(answer.errors[0]?.code).toMatch(/^mobile-/);
    }
    expect(sv.errors[0]?.message).toMatch(/^Mobilnumret/);
    expect(en.errors[0]?.message).toMatch(/^The mobile number/);
    expect(await s.requests()).toEqual([]);
    expect(await s.host.store.get("ref-1")).toBeUndefined();
  });

  it("an account without merchant id and password refuses every Instore save (sv and en) but not other payment methods", async () => {
    const s = await story({ settings: { merchantId: undefined, password: undefined } });
    const sv = await s.save(orderFor("ref-2"), "sv");
    const en = await s.save(orderFor("ref-2"), "en");
    expect(sv.status).toBe(422);
    expect(sv.errors.map((e) => e.code)).toEqual(["account-not-configured"]);
    expect(sv.errors[0]?.message).toBe("Svea Instore är inte konfigurerat: ange merchant-id och lösenord i betalsättets inställningar.");
    expect(en.errors[0]?.message).toBe("Svea Instore is not configured: enter the merchant id and password in the payment method's settings.");
    const cash = await s.save(orderFor("ref-3", { paymentMethod: "cash" }));
    expect(cash.status).toBe(201);
    expect(cash.notices).toEqual([]);
    expect(await s.pickableIds()).toEqual(["ref-3"]);
    expect(await s.requests()).toEqual([]);
  });

  it("delete of a paid order is refused (it must be credited) and nothing is cancelled at Svea", async () => {
    const s = await story();
    const saved = await s.save(orderFor("ref-4"));
    const mon = currentMon(saved.paymentView);
    expect((await s.admin("POST", `/orders/${s.mock.merchant.id}/${mon}/complete`)).status).toBe(200);
    await eventually(() => s.view("ref-4"), (v) => v?.state === "paid", s.clock);
    await s.pause();
    const refused = await s.remove("ref-4", "sv");
    expect(refused.status).toBe(409);
    expect(refused.errors.map((e) => e.code)).toEqual(["paid-order-delete"]);
    expect(refused.errors[0]?.message).toContain("krediteras");
    expect(sveaCalls(await s.requests()).filter((c) => c.startsWith("cancel:"))).toEqual([]);
    const atSvea = await s.mockOrder(mon);
    expect(atSvea.orderStatus).toBe("Completed");
    expect(atSvea.credits).toEqual([]);
    expect((await s.host.store.get("ref-4"))?.deletedAt).toBeNull();
  });
});

describe("verify-credentials (end to end)", () => {
  it("tells good credentials from bad ones", async () => {
    const good = await story();
    const ok = await good.command("verify-credentials");
    expect(ok.ok).toBe(true);
    expect(ok.message).toBe("The Svea Instore credentials work.");
    const bad = await story({ settings: { password: "not-the-password" } });
    const refused = await bad.command("verify-credentials", "sv");
    expect(refused.ok).toBe(false);
    expect(refused.message).toBe("Svea godkände inte merchant-id och lösenord.");
    expect(JSON.stringify(refused)).not.toContain("not-the-password");
  });
});

describe("callbacks (end to end)", () => {
  it("forged callbacks (wrong token, unknown order) are answered 401/404 and change nothing, not even with a payment at Svea", async () => {
    const s = await story();
    const saved = await s.save(orderFor("cb-1"));
    const mon = currentMon(saved.paymentView);
    // The customer pays, but Svea's own callback is held back: only a forged one arrives.
    expect((await s.admin("POST", "/faults", { kind: "callback-suppressed", merchantOrderNumber: mon })).status).toBe(201);
    expect((await s.admin("POST", `/orders/${s.mock.merchant.id}/${mon}/complete`)).status).toBe(200);
    const real = new URL(s.callbackUrl(mon));
    const token = real.pathname.split("/").at(-1)!;
    const forged = real.href.replace(token, `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
    const before = (await s.requests()).length;

    for (const url of [forged, `${s.host.pluginBaseUrl}/callback/unknown-order-1/${token}`]) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ merchantOrderNumber: mon }) });
      expect([401, 404]).toContain(res.status);
    }
    expect((await s.requests()).slice(before)).toEqual([]);
    expect((await s.view("cb-1"))?.state).toBe("waiting");
    expect((await s.host.store.get("cb-1"))?.payment?.state).toBe("waiting");
    expect(await s.pickableIds()).not.toContain("cb-1");
  });

  it("duplicate callbacks answer 2xx and change nothing", async () => {
    const s = await story();
    const saved = await s.save(orderFor("cb-2"));
    const mon = currentMon(saved.paymentView);
    expect((await s.admin("POST", `/orders/${s.mock.merchant.id}/${mon}/complete`)).status).toBe(200);
    const paid = await eventually(() => s.view("cb-2"), (v) => v?.state === "paid", s.clock);
    expect(paid?.state).toBe("paid");
    const hostRecord = await s.host.store.get("cb-2");

    for (let i = 0; i < 2; i++) {
      await s.pause();
      const res = await fetch(s.callbackUrl(mon), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ merchantOrderNumber: mon }) });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
    }
    await s.pause();
    expect(await s.view("cb-2")).toEqual(paid);
    expect((await s.host.store.get("cb-2"))?.payment).toEqual(hostRecord?.payment);
    expect(sveaCalls(await s.requests()).filter((c) => c.startsWith("cancel:") || c.startsWith("create:"))).toEqual([`create:${mon}`]);
    expect((await s.mockOrder(mon)).credits).toEqual([]);
  });
});

describe("concurrency (end to end)", () => {
  it("ten concurrent saves of one order leave exactly one Active link at Svea, and it is the order's current link", async () => {
    const s = await story();
    const saves = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.save(orderFor("con-1", { rows: [{ name: "Kaffe", quantity: String(i + 1), unitPrice: "10.00", vatPercent: "12" }], total: `${(i + 1) * 10}.00` })),
      ),
    );
    expect(saves.every((a) => a.status === 200 || a.status === 201 || (a.status === 422 && a.errors.every((e) => e.code === "order-busy")))).toBe(true);
    expect(saves.filter((a) => a.accepted).length).toBeGreaterThan(0);
    const res = await s.admin("GET", `/orders?merchantId=${s.mock.merchant.id}&status=Active`);
    const active = ((await res.json()) as { orders: { merchantOrderNumber: string }[] }).orders;
    expect(active).toHaveLength(1);
    const view = await s.view("con-1");
    expect(view?.state).toBe("waiting");
    expect(currentMon(view)).toBe(active[0]?.merchantOrderNumber);
  });
});

describe("fix-ups (end to end)", () => {
  it("each fix-up comes with a notice naming the field, and Svea receives the fixed value", async () => {
    const s = await story();
    const base = orderFor("fix-1");
    const longName = "Soffbord i massiv ek med förvaring och glasskiva";
    const order = {
      ...base,
      customer: { ...base.customer, mobilePhone: "070-123 45 67" },
      rows: [{ rowNumber: 1, name: longName, quantity: "1", unit: "styck", unitPrice: "296.20", vatPercent: "25" }],
    };
    const saved = await s.save(order, "en");
    expect(saved.accepted).toBe(true);
    const byCode = new Map(saved.notices.map((n) => [n.code, n]));
    expect(byCode.get("phone-normalised")?.field).toBe("customer.mobilePhone");
    expect(byCode.get("name-truncated")?.field).toBe("rows[0].name");
    expect(byCode.get("unit-truncated")?.field).toBe("rows[0].unit");
    for (const code of ["phone-normalised", "name-truncated", "unit-truncated"]) expect(byCode.get(code)?.message.length).toBeGreaterThan(0);

    const sent = s.mock.deps.repo.find(s.mock.merchant.id, currentMon(saved.paymentView))?.request;
    expect(sent?.mobilePhoneNumber).toBe("+46701234567");
    const sentName = sent?.orderItems[0]?.name ?? "";
    expect(sentName.length).toBeGreaterThan(0);
    expect(sentName.length).toBeLessThanOrEqual(40);
    expect(longName.startsWith(sentName)).toBe(true);
    expect(sent?.orderItems[0]?.unit.length).toBeLessThanOrEqual(4);
    // The notices of the last save are what the clerk's list shows.
    expect((await s.host.store.get("fix-1"))?.lastNotices.map((n) => n.code)).toEqual(saved.notices.map((n) => n.code));
  });
});
