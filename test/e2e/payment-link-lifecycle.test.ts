// The brief's story, row by row, over real HTTP: host ⇄ compiled plugin ⇄ mock Svea, time moved only on the shared ManualClock.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { eventually, orderFor, startStory, sveaCalls, sveaCallsFor, whileDriving, type Story } from "./story-harness.js";

const LINK_LIFETIME_MS = 2880 * 60_000;

describe("payment link lifecycle (end to end)", () => {
  let story: Story;
  beforeEach(async () => {
    story = await startStory();
  });
  afterEach(async () => {
    await story.close();
  });

  const currentMon = (view: PaymentView | null) => view?.links.at(-1)?.merchantOrderNumber ?? "";
  const codes = (notices: { code: string }[]) => notices.map((n) => n.code);

  it("create: the save answers waiting with the link, and the SMS with that link is in the mock's outbox", async () => {
    const saved = await story.save(orderFor("ord-1"));
    expect(saved.status).toBe(201);
    expect(saved.accepted).toBe(true);
    expect(codes(saved.notices)).toContain("sms-will-be-sent");
    expect(saved.paymentView?.state).toBe("waiting");
    expect(saved.paymentView?.icon.colour).toBe("own");
    const mon = currentMon(saved.paymentView);
    const link = saved.paymentView?.paymentLink ?? "";
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    const sms = (await story.sms()).filter((m) => m.merchantOrderNumber === mon);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.mobilePhoneNumber).toBe("+46701234567");
    expect(sms[0]?.text).toContain(link);
    expect(sveaCallsFor(await story.requests(), mon)).toEqual(["create"]);
    expect((await story.mockOrder(mon)).orderStatus).toBe("Active");
  });

  it("re-save with a change: exactly status, cancel and create at Svea, a new SMS, and a notice", async () => {
    const first = await story.save(orderFor("ord-2"));
    const oldMon = currentMon(first.paymentView);
    await story.pause();
    const before = (await story.requests()).length;

    const changed = orderFor("ord-2", { rows: [{ name: "Kaffe mellanrost 500 g", quantity: "3", unitPrice: "59.90", vatPercent: "12" }], total: "179.70" });
    const second = await story.save(changed);
    expect(second.status).toBe(200);
    expect(codes(second.notices)).toEqual(expect.arrayContaining(["link-reissued", "sms-will-be-sent"]));
    const newMon = currentMon(second.paymentView);
    expect(newMon).not.toBe(oldMon);
    expect(sveaCalls((await story.requests()).slice(before))).toEqual([`status:${oldMon}`, `cancel:${oldMon}`, `create:${newMon}`]);
    expect((await story.mockOrder(oldMon)).orderStatus).toBe("Canceled");
    expect((await story.mockOrder(newMon)).orderStatus).toBe("Active");
    expect((await story.sms()).filter((m) => m.merchantOrderNumber === newMon)).toHaveLength(1);
    expect(second.paymentView?.links.map((l) => l.state)).toEqual(["cancelled", "waiting"]);
  });

  it("re-save without a change: no Svea call, the same link, and a notice saying so", async () => {
    const first = await story.save(orderFor("ord-3"));
    await story.pause();
    const before = (await story.requests()).length;
    const smsBefore = (await story.sms()).length;
    const again = await story.save(orderFor("ord-3"));
    expect(again.accepted).toBe(true);
    expect(codes(again.notices)).toContain("link-unchanged");
    expect((await story.requests()).slice(before)).toEqual([]);
    expect((await story.sms()).length).toBe(smsBefore);
    expect(again.paymentView?.paymentLink).toBe(first.paymentView?.paymentLink);
  });

  it("re-save of an expired link renews it: a new link and a new SMS, the old one shown expired", async () => {
    const first = await story.save(orderFor("ord-4"));
    const oldMon = currentMon(first.paymentView);
    await story.advance(LINK_LIFETIME_MS + 60_000);
    const renewed = await story.save(orderFor("ord-4"));
    expect(renewed.accepted).toBe(true);
    const newMon = currentMon(renewed.paymentView);
    expect(newMon).not.toBe(oldMon);
    expect(renewed.paymentView?.state).toBe("waiting");
    expect(renewed.paymentView?.links.find((l) => l.merchantOrderNumber === oldMon)?.state).not.toBe("waiting");
    expect((await story.sms()).filter((m) => m.merchantOrderNumber === newMon)).toHaveLength(1);
    expect((await story.mockOrder(oldMon)).orderStatus).not.toBe("Active");
  });

  it("delete before payment: status then cancel at Svea, and the order shows black", async () => {
    const saved = await story.save(orderFor("ord-5"));
    const mon = currentMon(saved.paymentView);
    await story.pause();
    const before = (await story.requests()).length;
    const deleted = await story.remove("ord-5");
    expect(deleted.status).toBe(200);
    expect(sveaCalls((await story.requests()).slice(before))).toEqual([`status:${mon}`, `cancel:${mon}`]);
    expect((await story.mockOrder(mon)).orderStatus).toBe("Canceled");
    const view = await story.view("ord-5");
    expect(view?.state).toBe("cancelled");
    expect(view?.icon.colour).toBe("black");
    expect(await story.pickableIds()).not.toContain("ord-5");
  });

  it("the customer pays: Svea calls back, the reference and address are saved, the order becomes pickable", async () => {
    const saved = await story.save(orderFor("ord-6"));
    const mon = currentMon(saved.paymentView);
    expect(await story.pickableIds()).not.toContain("ord-6");
    const completed = await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "card" });
    expect(completed.status).toBe(200);
    const paymentOrderId = ((await completed.json()) as { order: { paymentOrderId: number } }).order.paymentOrderId;

    const view = await eventually(() => story.view("ord-6"), (v) => v?.state === "paid", story.clock);
    expect(view?.state).toBe("paid");
    expect(view?.icon.colour).toBe("normal");
    expect(view?.sveaReference).toBe(paymentOrderId);
    const record = await story.host.store.get("ord-6");
    expect(record?.payment).toMatchObject({ orderId: "ord-6", state: "paid", sveaReference: paymentOrderId });
    expect(record?.payment?.paymentMethod).toBeTruthy();
    expect(record?.payment?.billingAddress ?? record?.payment?.shippingAddress).toBeTruthy();
    expect(await story.pickableIds()).toContain("ord-6");
  });

  it("the customer declines: the order shows black and stays off the picking list", async () => {
    const saved = await story.save(orderFor("ord-7"));
    const mon = currentMon(saved.paymentView);
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/decline`)).status).toBe(200);
    const view = await eventually(() => story.view("ord-7"), (v) => v?.state === "cancelled", story.clock);
    expect(view?.state).toBe("cancelled");
    expect(view?.icon.colour).toBe("black");
    expect(await story.pickableIds()).not.toContain("ord-7");
  });

  it("creation fails at Svea (500): the order is kept and shows its link as being checked (Svea may have it); a later save sends it under the same number", async () => {
    const fault = await story.admin("POST", "/faults", { kind: "http-status", endpoint: "create", status: 500, count: 100 });
    expect(fault.status).toBe(201);
    // The client backs off between retries and the save has a deadline, both on the shared clock: let that time pass.
    const failed = await whileDriving(story.save(orderFor("ord-8")), story.clock);
    expect(failed.accepted).toBe(true);
    expect(failed.notices.some((n) => n.severity === "error")).toBe(true);
    expect(sveaCalls(await story.requests()).filter((c) => c.startsWith("create:")).length).toBeGreaterThan(0);
    expect(failed.paymentView?.state).toBe("checking");
    expect(failed.paymentView?.icon).toEqual({ name: "svea-instore-checking", colour: "own" });
    expect(await story.host.store.get("ord-8")).toBeDefined();
    expect((await story.sms()).length).toBe(0);

    expect((await story.admin("DELETE", "/faults")).status).toBe(200);
    await story.pause();
    const recovered = await story.save(orderFor("ord-8"));
    expect(recovered.paymentView?.state).toBe("waiting");
    const mon = currentMon(recovered.paymentView);
    expect(mon).toBe(currentMon(failed.paymentView));
    expect(recovered.paymentView?.links).toHaveLength(1);
    expect((await story.mockOrder(mon)).orderStatus).toBe("Active");
    expect((await story.sms()).filter((m) => m.merchantOrderNumber === mon)).toHaveLength(1);
  });

  it("expiry: after the lifetime the expire-links command turns the link grey, cancelling it at Svea, which still reported it Active", async () => {
    const saved = await story.save(orderFor("ord-9"));
    const mon = currentMon(saved.paymentView);
    await story.advance(LINK_LIFETIME_MS + 60_000);
    // The mock's sweeper has not run: Svea still reports the link Active. The cancel's own status read waits out the 5 s pace.
    expect((await story.mockOrder(mon)).orderStatus).toBe("Active");
    const before = (await story.requests()).length;
    const ran = await whileDriving(story.command("expire-links"), story.clock);
    expect(ran.ok).toBe(true);
    expect((await story.mockOrder(mon)).orderStatus).toBe("Canceled");
    expect(sveaCallsFor((await story.requests()).slice(before), mon)).toEqual(["status", "status", "cancel"]);
    const view = await story.view("ord-9");
    expect(view?.state).toBe("expired");
    expect(view?.icon.colour).toBe("grey");
    expect(view?.links.find((l) => l.merchantOrderNumber === mon)?.state).toBe("expired");
    expect(await story.pickableIds()).not.toContain("ord-9");
  });

  it("expiry also runs as the host's schedule", async () => {
    const saved = await story.save(orderFor("ord-10"));
    await story.advance(LINK_LIFETIME_MS + 60_000);
    // Svea has expired it too (the mock's sweeper): the sweep's one status read says Canceled.
    expect((await story.admin("POST", "/sweep")).status).toBe(200);
    const run = await story.host.schedules.run("expire-links");
    expect(run.skipped).toBe(false);
    expect((await story.view("ord-10"))?.state).toBe("expired");
    expect(saved.paymentView?.state).toBe("waiting");
  });

  it("a lost callback: the clerk's check-now reads Svea and finds the order paid", async () => {
    const saved = await story.save(orderFor("ord-11"));
    const mon = currentMon(saved.paymentView);
    expect((await story.admin("POST", "/faults", { kind: "callback-suppressed", merchantOrderNumber: mon })).status).toBe(201);
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`)).status).toBe(200);
    expect((await story.view("ord-11"))?.state).toBe("waiting");
    await story.pause();
    const res = await fetch(`${story.host.url}/api/orders/ord-11/check-payment?locale=en`, { method: "POST" });
    expect(res.status).toBe(200);
    const checked = (await res.json()) as { paymentView: PaymentView | null };
    expect(checked.paymentView?.state).toBe("paid");
    expect(await story.pickableIds()).toContain("ord-11");
  });

  it("a lost callback: the reconcile schedule settles it once the link has waited long enough", async () => {
    const saved = await story.save(orderFor("ord-12"));
    const mon = currentMon(saved.paymentView);
    expect((await story.admin("POST", "/faults", { kind: "callback-suppressed", merchantOrderNumber: mon })).status).toBe(201);
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`)).status).toBe(200);
    await story.advance(31 * 60_000);
    const run = await story.host.schedules.run("reconcile");
    expect(run.skipped).toBe(false);
    expect((await story.view("ord-12"))?.state).toBe("paid");
    expect((await story.host.store.get("ord-12"))?.payment?.state).toBe("paid");
  });
});
