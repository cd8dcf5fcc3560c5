// The fault matrix over real HTTP: each fault injected at the mock Svea, and for each the order's end state, the clerk's notices and what Svea holds.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { orderFor, startStory, sveaCalls, type SaveAnswer, type Story } from "../e2e/story-harness.js";
import { driven, waitFor } from "./support/activated-plugin.js";
import { rawHttp } from "./support/raw-http.js";

const RECONCILE_QUIET_MS = 31 * 60_000;

describe("fault matrix", () => {
  let story: Story;
  beforeEach(async () => {
    story = await startStory();
  });
  afterEach(async () => story.close());

  const mon = (view: PaymentView | null | undefined) => view?.links.at(-1)?.merchantOrderNumber ?? "";
  const codes = (answer: SaveAnswer) => [...answer.notices.map((n) => n.code), ...answer.errors.map((e) => e.code)];
  /** What Svea holds for one ERP order number: each link's status, oldest first. */
  const atSvea = (orderNumber: string) =>
    story.mock.deps.repo
      .list({})
      .filter((o) => o.merchantOrderNumber.startsWith(`${orderNumber}-`))
      .reverse()
      .map((o) => o.orderStatus);
  const fault = async (body: unknown) => expect((await story.admin("POST", "/faults", body)).status).toBe(201);
  const save = (id: string, changes = {}) => driven(story.save(orderFor(id, changes)), story.clock);
  const changedRows = { rows: [{ rowNumber: 1, name: "Kaffe mellanrost 500 g", quantity: "3", unit: "st", unitPrice: "59.90", vatPercent: "12" }], total: "179.70" };
  const smsTo = async (m: string) => (await story.sms()).filter((s) => s.merchantOrderNumber === m);
  const paidView = (id: string) => waitFor(() => story.view(id), (v) => v?.state === "paid", story.clock);
  const reconcile = async () => {
    await story.advance(RECONCILE_QUIET_MS);
    return driven(story.command("reconcile"), story.clock);
  };

  for (const status of [500, 503] as const) {
    it(`create answers ${status}: Svea may have carried it out, so the order shows the link as being checked; Svea holds nothing, no SMS`, async () => {
      await fault({ kind: "http-status", endpoint: "create", status, count: 10 });
      const saved = await save("f-500");
      expect(saved.accepted).toBe(true);
      expect(saved.paymentView?.state).toBe("checking");
      expect(saved.paymentView?.label).toBe("Being checked with Svea: the payment link may have been sent to the customer (Svea could not be reached)");
      expect(codes(saved)).toEqual(["svea-unavailable"]);
      expect(saved.notices[0]?.message).toBe(
        "Svea answered with an error or cut the connection, but may still have created the payment link and sent the SMS, so the order shows as being checked with Svea until Svea answers. Save the order again to send the link: it goes under the same number, so there are never two links.",
      );
      expect(atSvea("500")).toEqual([]);
      expect(await story.sms()).toEqual([]);
    });
  }

  it("create times out: the save answers by its deadline with the link being checked and the reason; Svea stores the order later; reconcile turns it waiting", async () => {
    await fault({ kind: "delay", endpoint: "create", delayMs: 120_000 });
    const started = story.clock.now();
    const saved = await save("f-501");
    expect(story.clock.now() - started).toBeLessThanOrEqual(21_000);
    // Not "failed": Svea may yet create it and text the customer.
    expect(saved.paymentView?.state).toBe("checking");
    expect(codes(saved)).toEqual(["svea-timeout"]);
    expect(saved.notices[0]?.message).toBe(
      "Svea did not answer in time. Svea may still have created the payment link and sent the SMS, so the order shows as being checked with Svea until Svea answers. Save the order again to send the link: it goes under the same number, so there are never two links.",
    );
    expect(saved.paymentView?.label).toBe("Being checked with Svea: the payment link may have been sent to the customer (Svea did not answer in time)");
    // The delayed create completes at Svea after the deadline.
    await waitFor(async () => atSvea("501"), (s) => s.length === 1, story.clock);
    expect(atSvea("501")).toEqual(["Active"]);
    await reconcile();
    const view = await story.view("f-501");
    expect(view?.state).toBe("waiting");
    expect(atSvea("501")).toEqual(["Active"]);
  });

  it("create times out: the host is told failed with beingChecked and picking holds the order back as being checked; once Svea has it, waiting without it", async () => {
    await fault({ kind: "delay", endpoint: "create", delayMs: 120_000 });
    const saved = await save("f-507");
    expect(saved.paymentView?.state).toBe("checking");
    /** What the reference host stored from the plugin's last PaymentStateUpdate, and picking's word on the order. */
    const hostPayment = async () => ((await (await fetch(`${story.host.url}/api/orders/f-507?locale=en`)).json()) as { payment: Record<string, unknown> | null }).payment;
    const heldBack = async (locale: string) =>
      ((await (await fetch(`${story.host.url}/api/picking-list?locale=${locale}`)).json()) as { heldBack: { orderId: string; reason: string; message: string }[] }).heldBack.find(
        (h) => h.orderId === "f-507",
      );
    // Not a plain "failed" the ERP might act on: the customer may still get the link and pay it.
    expect(await hostPayment()).toMatchObject({ orderId: "f-507", state: "failed", beingChecked: true, paymentLink: null });
    expect(await heldBack("en")).toEqual({
      orderId: "f-507",
      reason: "payment-being-checked",
      message: "Not paid with Svea Instore yet (Being checked with Svea: the payment link may have been sent to the customer)",
    });
    expect((await heldBack("sv"))?.message).toBe("Inte betald med Svea Instore än (Kontrolleras hos Svea: betallänken kan ha skickats till kunden)");
    // Svea stores the delayed create; reconcile finds it, and the host hears it settled.
    await waitFor(async () => atSvea("507"), (s) => s.length === 1, story.clock);
    await reconcile();
    const settled = await hostPayment();
    expect(settled).toMatchObject({ state: "waiting", paymentLink: (await story.view("f-507"))?.paymentLink });
    expect(settled?.paymentLink).toMatch(/^http/);
    expect(settled).not.toHaveProperty("beingChecked");
    expect((await heldBack("en"))?.reason).toBe("awaiting-payment");
  });

  it("create times out and the clerk saves again while Svea still holds it: the save sends it under the same number, and the held create is refused as a duplicate: one order, one SMS", async () => {
    await fault({ kind: "delay", endpoint: "create", delayMs: 120_000 });
    const saved = await save("f-506");
    expect(saved.paymentView?.state).toBe("checking");
    const lost = mon(saved.paymentView);
    expect(saved.paymentView?.links).toMatchObject([{ merchantOrderNumber: lost, state: "failed", beingChecked: true }]);
    // The clerk's page draws it as being checked, in the state and in the history: not the red "failed".
    const page = await (await fetch(`${story.host.url}/orders/f-506?locale=sv`)).text();
    expect(page).toMatch(/data-state="checking" data-colour="own" data-icon="svea-instore-checking" data-shape="checking"/);
    expect(page).toContain("Kontrolleras hos Svea: betallänken kan ha skickats till kunden (Svea svarade inte i tid)");
    const historyRow = new RegExp(`<tr data-merchant-order-number="${lost}" data-link-state="failed">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? "";
    expect(historyRow).toContain('data-state="checking"');
    expect(historyRow).toContain("Kontrolleras hos Svea");
    expect(historyRow).not.toContain("Betallänken misslyckades");
    const resaved = await save("f-506");
    expect(resaved.paymentView?.state).toBe("waiting");
    expect(resaved.paymentView?.links.map((l) => l.merchantOrderNumber)).toEqual([lost]);
    expect(codes(resaved)).toEqual(["sms-will-be-sent"]);
    expect(atSvea("506")).toEqual(["Active"]);
    // Svea gets to the create it held: the number is taken.
    await story.advance(120_000);
    const creates = async () => (await story.requests()).filter((e) => e.method === "POST" && e.path === "/api/v1/orders").map((e) => e.status);
    expect(await waitFor(creates, (c) => c.length === 2, story.clock)).toEqual([200, 409]);
    expect(atSvea("506")).toEqual(["Active"]);
    expect(await smsTo(lost)).toHaveLength(1);
    const checked = await reconcile();
    expect(checked.ok).toBe(true);
    expect((await story.view("f-506"))?.state).toBe("waiting");
    expect(atSvea("506")).toEqual(["Active"]);
  });

  it("create drops the connection after Svea stored the order: the plugin finds the link and shows waiting, one link at Svea", async () => {
    await fault({ kind: "drop-connection", endpoint: "create", afterStore: true });
    const saved = await save("f-502");
    expect(atSvea("502")).toEqual(["Active"]);
    const final = saved.paymentView?.state === "waiting" ? saved.paymentView : (await reconcile(), await story.view("f-502"));
    expect(final?.state).toBe("waiting");
    expect(mon(final)).toBe(story.mock.deps.repo.list({}).find((o) => o.merchantOrderNumber.startsWith("502-"))?.merchantOrderNumber);
    expect(await smsTo(mon(final))).toHaveLength(1);
  });

  // Svea's auth can flap, or the password be rotated between two attempts: a 401 after an attempt that may have landed
  // says nothing about that attempt. Today's failed-for-good link had a later save send a second link and SMS beside it.
  describe("the credentials refused (401) after a create that Svea stored and whose answer was lost", () => {
    const hostPayment = async (id: string) => ((await (await fetch(`${story.host.url}/api/orders/${id}?locale=en`)).json()) as { payment: Record<string, unknown> | null }).payment;
    const losesFirstCreateThenRefusesCredentials = async () => {
      await fault({ kind: "drop-connection", endpoint: "create", afterStore: true });
      await fault({ kind: "http-status", endpoint: "create", status: 401 });
    };

    it("the link is being checked with the credentials named, the host is told so, a save while they are refused sends no second link, and reconcile settles it once they work: one link, one SMS, paid into picking", async () => {
      await losesFirstCreateThenRefusesCredentials();
      const saved = await save("f-640");
      expect(saved.accepted).toBe(true);
      expect(saved.paymentView?.state).toBe("checking");
      expect(codes(saved)).toEqual(["svea-unauthorized"]);
      expect(saved.notices[0]).toMatchObject({
        severity: "error",
        message:
          "Svea did not accept the credentials. Check the merchant id and password in the settings. An earlier attempt may still have created the payment link and sent the SMS, so the order shows as being checked with Svea until Svea accepts the credentials and answers. Then save the order again to send the link: it goes under the same number, so there are never two links.",
      });
      expect(saved.paymentView?.label).toBe(
        "Being checked with Svea: the payment link may have been sent to the customer (Svea did not accept the credentials. Check the merchant id and password in the settings.)",
      );
      const link = mon(saved.paymentView);
      expect(saved.paymentView?.links).toMatchObject([{ merchantOrderNumber: link, state: "failed", reason: "svea-unauthorized", beingChecked: true }]);
      expect(await hostPayment("f-640")).toMatchObject({ state: "failed", beingChecked: true, paymentLink: null });
      expect(atSvea("640")).toEqual(["Active"]);
      expect(await smsTo(link)).toHaveLength(1);

      // Saved again while the credentials are still refused: sent under the same number, refused, still being checked.
      await story.pause();
      await fault({ kind: "http-status", endpoint: "create", status: 401 });
      const before = (await story.requests()).length;
      const resaved = await save("f-640");
      expect((await story.requests()).slice(before).map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(["POST /api/v1/orders 401"]);
      expect(resaved.paymentView?.state).toBe("checking");
      expect(codes(resaved)).toEqual(["svea-unauthorized"]);
      expect(resaved.paymentView?.links.map((l) => l.merchantOrderNumber)).toEqual([link]);
      expect(atSvea("640")).toEqual(["Active"]);

      // Reconcile while every call is refused leaves it being checked; once the credentials work, it finds the link.
      await fault({ kind: "http-status", endpoint: "any", status: 401, count: 50 });
      expect((await reconcile()).ok).toBe(false);
      expect((await story.view("f-640"))?.state).toBe("checking");
      expect((await story.admin("DELETE", "/faults")).status).toBe(200);
      expect((await reconcile()).ok).toBe(true);
      const settled = await story.view("f-640");
      expect(settled?.state).toBe("waiting");
      expect(settled?.links.map((l) => l.merchantOrderNumber)).toEqual([link]);
      expect(await hostPayment("f-640")).toMatchObject({ state: "waiting", paymentLink: settled?.paymentLink });

      await story.pause();
      expect(codes(await save("f-640"))).toEqual(["link-unchanged"]);
      expect(atSvea("640")).toEqual(["Active"]);
      expect(await story.sms()).toHaveLength(1);
      expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${link}/complete`, { paymentMethod: "card" })).status).toBe(200);
      const paid = await paidView("f-640");
      expect(paid?.sveaReference).toBe(story.mock.deps.repo.find(story.mock.merchant.id, link)?.paymentOrderId);
      expect(await story.pickableIds()).toContain("f-640");
    });

    it("the customer pays the link while it is being checked: the callback's status read finds it paid", async () => {
      await losesFirstCreateThenRefusesCredentials();
      const saved = await save("f-641");
      expect(saved.paymentView?.state).toBe("checking");
      const link = mon(saved.paymentView);
      expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${link}/complete`, { paymentMethod: "card" })).status).toBe(200);
      const paid = await paidView("f-641");
      expect(paid?.links.map((l) => `${l.merchantOrderNumber}:${l.state}`)).toEqual([`${link}:paid`]);
      expect(await hostPayment("f-641")).toMatchObject({ state: "paid", sveaReference: paid?.sveaReference });
      expect(await story.pickableIds()).toContain("f-641");
      expect(atSvea("641")).toEqual(["Completed"]);
    });
  });

  it("status answers 403 on a re-save (Svea's 5 s poll gap): the plugin waits out the gap, reads again, then re-issues", async () => {
    const first = await save("f-503");
    const old = mon(first.paymentView);
    await story.pause();
    // Someone else read the status a moment ago, so Svea answers the plugin's first read with 403.
    const auth = `Basic ${Buffer.from(`${story.mock.merchant.id}:${story.mock.merchant.password}`).toString("base64")}`;
    expect((await rawHttp("GET", `${story.mock.url}/api/v1/orders/${old}/status`, { authorization: auth })).status).toBe(200);
    const before = (await story.requests()).length;
    const resaved = await save("f-503", changedRows);
    const calls = (await story.requests()).slice(before).filter((e) => e.path.startsWith("/api/v1/"));
    const current = mon(resaved.paymentView);
    expect(calls.map((e) => `${sveaCalls([e])[0]} ${e.status}`)).toEqual([`status:${old} 403`, `status:${old} 200`, `cancel:${old} 200`, `create:${current} 200`]);
    expect(codes(resaved)).toEqual(["link-reissued", "sms-will-be-sent"]);
    expect(resaved.paymentView?.state).toBe("waiting");
    expect(atSvea("503")).toEqual(["Canceled", "Active"]);
  });

  for (const status of [500, 503] as const) {
    it(`status answers ${status} on a re-save: no cancel without a status read, the old link stays waiting`, async () => {
      const first = await save("f-504");
      await story.pause();
      await fault({ kind: "http-status", endpoint: "status", status, count: 10 });
      const before = (await story.requests()).length;
      const resaved = await save("f-504", changedRows);
      expect(sveaCalls((await story.requests()).slice(before)).filter((c) => !c.startsWith("status:"))).toEqual([]);
      expect(resaved.accepted).toBe(false);
      expect(codes(resaved)).toEqual(["svea-unavailable"]);
      expect(atSvea("504")).toEqual(["Active"]);
      expect((await story.view("f-504"))?.state).toBe("waiting");
      expect(mon(await story.view("f-504"))).toBe(mon(first.paymentView));
    });
  }

  it("status times out on a re-save: the save answers by its deadline, nothing is cancelled", async () => {
    const first = await save("f-505");
    await story.pause();
    await fault({ kind: "delay", endpoint: "status", delayMs: 120_000 });
    const resaved = await save("f-505", changedRows);
    expect(resaved.accepted).toBe(false);
    expect(codes(resaved)).toEqual(["svea-unavailable"]);
    expect(resaved.errors[0]?.message).toBe("Svea could not be reached just now. Try again in a moment.");
    expect(atSvea("505")).toEqual(["Active"]);
    expect(mon(await story.view("f-505"))).toBe(mon(first.paymentView));
    expect((await story.view("f-505"))?.state).toBe("waiting");
  });

  it("cancel fails halfway through a re-issue (500): no new link is created, the old one stays Active and waiting", async () => {
    const first = await save("f-506");
    await story.pause();
    await fault({ kind: "http-status", endpoint: "cancel", status: 500, count: 10 });
    const resaved = await save("f-506", changedRows);
    expect(resaved.accepted).toBe(false);
    expect(codes(resaved)).toEqual(["svea-unavailable"]);
    expect(atSvea("506")).toEqual(["Active"]);
    expect((await story.view("f-506"))?.state).toBe("waiting");
    expect(mon(await story.view("f-506"))).toBe(mon(first.paymentView));
    expect(await story.sms()).toHaveLength(1);
  });

  it("cancel is done at Svea but its answer is lost: no second Active link; reconcile brings the order to a known state", async () => {
    await save("f-507");
    await story.pause();
    await fault({ kind: "drop-connection", endpoint: "cancel", afterStore: true });
    const resaved = await save("f-507", changedRows);
    // Never two Active links, whatever the plugin answered.
    expect(atSvea("507").filter((s) => s === "Active").length).toBeLessThanOrEqual(1);
    expect(atSvea("507")[0]).toBe("Canceled");
    await reconcile();
    const view = await story.view("f-507");
    expect(["waiting", "cancelled"]).toContain(view?.state);
    expect(atSvea("507").filter((s) => s === "Active").length).toBeLessThanOrEqual(1);
    if (atSvea("507").includes("Active")) expect(view?.state).toBe("waiting");
    expect(codes(resaved).length).toBeGreaterThan(0);
  });

  it("the SMS is rejected: the order waits, the clerk gets the link to hand over, Svea holds the order", async () => {
    await fault({ kind: "sms-failure", mobilePhoneNumber: "+46701234567" });
    const saved = await save("f-508");
    const link = saved.paymentView?.paymentLink ?? "";
    expect(saved.paymentView?.state).toBe("waiting");
    const smsFailed = saved.notices.find((n) => n.code === "sms-failed");
    expect(smsFailed).toMatchObject({ severity: "warning", paymentLink: link, message: `The SMS to +46701234567 could not be sent. Give the customer the payment link another way: ${link}` });
    expect(atSvea("508")).toEqual(["Active"]);
    expect((await smsTo(mon(saved.paymentView))).map((s) => s.accepted)).toEqual([false]);
  });

  it("the callback target is down for a while: Svea retries, the order ends paid once", async () => {
    const saved = await save("f-509");
    const m = mon(saved.paymentView);
    await fault({ kind: "callback-failure", merchantOrderNumber: m, count: 3 });
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${m}/complete`, { paymentMethod: "card" })).status).toBe(200);
    const view = await paidView("f-509");
    expect(view?.state).toBe("paid");
    const attempts = ((await (await story.admin("GET", "/callbacks")).json()) as { attempts: { merchantOrderNumber: string; ok?: boolean; outcome?: string }[] }).attempts.filter((a) => a.merchantOrderNumber === m);
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    expect(atSvea("509")).toEqual(["Completed"]);
    expect(await story.pickableIds()).toContain("f-509");
  });

  it("the callback is never sent: the order waits until reconcile reads Svea and marks it paid", async () => {
    const saved = await save("f-510");
    const m = mon(saved.paymentView);
    await fault({ kind: "callback-suppressed", merchantOrderNumber: m });
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${m}/complete`, { paymentMethod: "card" })).status).toBe(200);
    expect((await story.view("f-510"))?.state).toBe("waiting");
    expect(await story.pickableIds()).not.toContain("f-510");
    await reconcile();
    const view = await story.view("f-510");
    expect(view?.state).toBe("paid");
    expect(view?.sveaReference).toBe(story.mock.deps.repo.find(story.mock.merchant.id, m)?.paymentOrderId);
    expect(await story.pickableIds()).toContain("f-510");
  });

  it("the callback is sent twice: both answer 2xx, the order is paid once", async () => {
    const saved = await save("f-511");
    const m = mon(saved.paymentView);
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${m}/complete`, { paymentMethod: "card" })).status).toBe(200);
    await paidView("f-511");
    const payment = (await story.host.store.get("f-511"))?.payment;
    const again = await rawHttp("POST", story.callbackUrl(m), { "content-type": "application/json" }, JSON.stringify({ merchantOrderNumber: m }));
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect((await story.host.store.get("f-511"))?.payment).toEqual(payment);
    expect((await story.view("f-511"))?.links.map((l) => l.state)).toEqual(["paid"]);
    expect(atSvea("511")).toEqual(["Completed"]);
  });

  it("callbacks arrive out of order: a late callback of the cancelled link after the new link was paid changes nothing", async () => {
    const first = await save("f-512");
    const old = mon(first.paymentView);
    await story.pause();
    const second = await save("f-512", changedRows);
    const current = mon(second.paymentView);
    expect(current).not.toBe(old);
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${current}/complete`, { paymentMethod: "card" })).status).toBe(200);
    await paidView("f-512");
    const late = await rawHttp("POST", story.callbackUrl(old), {}, JSON.stringify({ merchantOrderNumber: old }));
    expect(late.status).toBe(200);
    await story.pause();
    await new Promise((r) => setTimeout(r, 100));
    const view = await story.view("f-512");
    expect(view?.state).toBe("paid");
    expect(view?.links.map((l) => l.state)).toEqual(["cancelled", "paid"]);
    expect(view?.sveaReference).toBe(story.mock.deps.repo.find(story.mock.merchant.id, current)?.paymentOrderId);
    expect(atSvea("512")).toEqual(["Canceled", "Completed"]);
  });

  it("the customer pays between the plugin's status read and its cancel: flagged 'paid, then credited by the cancel', and the clerk is told", async () => {
    const first = await save("f-513");
    const old = mon(first.paymentView);
    await story.pause();
    // Hold the cancel open at Svea; the customer pays while it waits.
    await fault({ kind: "delay", endpoint: "cancel", delayMs: 3_000 });
    const resave = story.save(orderFor("f-513", changedRows));
    await waitFor(async () => story.mock.deps.faults.list().endpoint.length, (n) => n === 0, story.clock);
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${old}/complete`, { paymentMethod: "card" })).status).toBe(200);
    const resaved = await driven(resave, story.clock);
    const atSveaOld = await story.mockOrder(old);
    expect(atSveaOld.orderStatus).toBe("Canceled");
    expect(atSveaOld.reason).toBe("credited");
    expect(atSveaOld.credits).toHaveLength(1);
    // Svea's callback for the payment reaches the plugin after the cancel: the plugin reads Canceled for a link it cancelled.
    const flag = { code: "paid-then-credited", message: `Paid, then credited by the cancel (${old})` };
    const view = await waitFor(() => story.view("f-513"), (v) => (v?.flags ?? []).length > 0, story.clock);
    expect(view?.flags).toEqual([flag]);
    expect(view?.links.find((l) => l.merchantOrderNumber === old)?.state).toBe("cancelled");
    expect(view?.state).toBe("waiting");
    expect(codes(resaved)).toEqual(["link-reissued", "sms-will-be-sent"]);
    // The host was told too.
    expect((await story.host.store.get("f-513"))?.payment?.flags).toContain("paid-then-credited");
    // The flag shows in Swedish as well.
    expect((await story.view("f-513", "sv"))?.flags).toEqual([{ code: "paid-then-credited", message: `Betald, sedan krediterad av makuleringen (${old})` }]);
    expect(atSvea("513").filter((s) => s === "Active").length).toBeLessThanOrEqual(1);
  });

  it("the customer declines: the order shows cancelled (black), stays off picking, Svea holds it Canceled", async () => {
    const saved = await save("f-514");
    const m = mon(saved.paymentView);
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${m}/decline`)).status).toBe(200);
    const view = await waitFor(() => story.view("f-514"), (v) => v?.state === "cancelled", story.clock);
    expect(view?.state).toBe("cancelled");
    expect(view?.icon.colour).toBe("black");
    expect(await story.pickableIds()).not.toContain("f-514");
    expect((await story.mockOrder(m))).toMatchObject({ orderStatus: "Canceled" });
    // A save after a decline renews the link.
    await story.pause();
    const renewed = await save("f-514");
    expect(renewed.paymentView?.state).toBe("waiting");
    expect(atSvea("514")).toEqual(["Canceled", "Active"]);
  });

  // Svea's document does not say a repeated merchantOrderNumber gets 409: a create whose earlier attempt may have
  // landed, refused 400 (as ASP.NET answers a validation problem) or 422 instead, is read back from Svea's status.
  describe("a duplicate create refused with 400 or 422 instead of 409 (the mock's duplicateCreateStatus)", () => {
    const setDuplicateStatus = async (status: 400 | 422) =>
      expect((await (await story.admin("PUT", "/settings", { duplicateCreateStatus: status })).json()) as Record<string, unknown>).toMatchObject({ duplicateCreateStatus: status });
    const smsFor = async (orderNumber: string) => (await story.sms()).filter((s) => s.merchantOrderNumber.startsWith(`${orderNumber}-`));
    const paymentLinkOf = (link: string) => `${story.mock.url}/checkout/${story.mock.deps.repo.find(story.mock.merchant.id, link)?.token}`;
    /** The statuses the mock answered the order's creates (a dropped answer is journaled too). */
    const createAnswers = async (orderNumber: string) =>
      (await story.requests())
        .filter((e) => e.method === "POST" && e.path === "/api/v1/orders" && String((e.body as { merchantOrderNumber?: string } | undefined)?.merchantOrderNumber).startsWith(`${orderNumber}-`))
        .map((e) => e.status);

    /** The one link is kept: a later save sends nothing new, and paying it moves the order to picking. */
    async function expectOneLinkPaidIntoPicking(id: string, orderNumber: string, link: string) {
      const creates = (await createAnswers(orderNumber)).length;
      await story.pause();
      const again = await save(id);
      expect(codes(again)).toEqual(["link-unchanged"]);
      expect(again.paymentView?.links.map((l) => l.merchantOrderNumber)).toEqual([link]);
      expect(await createAnswers(orderNumber)).toHaveLength(creates);
      expect(atSvea(orderNumber)).toEqual(["Active"]);
      expect(await smsFor(orderNumber)).toHaveLength(1);
      expect(await story.pickableIds()).not.toContain(id);
      expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${link}/complete`, { paymentMethod: "invoice" })).status).toBe(200);
      const paid = await paidView(id);
      expect(paid?.sveaReference).toBe(story.mock.deps.repo.find(story.mock.merchant.id, link)?.paymentOrderId);
      expect(await story.pickableIds()).toContain(id);
    }

    for (const status of [400, 422] as const) {
      it(`create drops the connection after Svea stored the order and the retry is refused ${status}: the plugin reads the order back, one link waiting, one SMS`, async () => {
        const number = `61${status}`;
        const id = `f-${number}`;
        await setDuplicateStatus(status);
        await fault({ kind: "drop-connection", endpoint: "create", afterStore: true });
        const saved = await save(id);
        expect(saved.accepted).toBe(true);
        // Not failed for good beside the Active link Svea texted the customer: the link Svea holds, waiting.
        expect(saved.paymentView?.state).toBe("waiting");
        const link = mon(saved.paymentView);
        expect(saved.paymentView?.links.map((l) => l.merchantOrderNumber)).toEqual([link]);
        expect(saved.paymentView?.paymentLink).toBe(paymentLinkOf(link));
        expect(codes(saved)).toEqual(["sms-will-be-sent"]);
        expect((await createAnswers(number)).slice(1)).toEqual([status]);
        expect(atSvea(number)).toEqual(["Active"]);
        expect((await smsFor(number)).map((s) => s.merchantOrderNumber)).toEqual([link]);
        await expectOneLinkPaidIntoPicking(id, number, link);
      });
    }

    it("the retry is refused 400 and Svea's status cannot be read: the link is kept as being checked, and reconcile finds it waiting", async () => {
      const number = "630";
      const id = `f-${number}`;
      await setDuplicateStatus(400);
      await fault({ kind: "drop-connection", endpoint: "create", afterStore: true });
      await fault({ kind: "http-status", endpoint: "status", status: 503, count: 3 });
      const saved = await save(id);
      expect(saved.accepted).toBe(true);
      expect(saved.paymentView?.state).toBe("checking");
      expect(codes(saved)).toEqual(["svea-unavailable"]);
      const link = mon(saved.paymentView);
      expect(saved.paymentView?.links).toMatchObject([{ merchantOrderNumber: link, state: "failed", beingChecked: true }]);
      expect(atSvea(number)).toEqual(["Active"]);
      expect((await reconcile()).ok).toBe(true);
      const settled = await story.view(id);
      expect(settled?.state).toBe("waiting");
      expect(settled?.links.map((l) => l.merchantOrderNumber)).toEqual([link]);
      expect(await smsFor(number)).toHaveLength(1);
      await expectOneLinkPaidIntoPicking(id, number, link);
    });

    it("create times out, lands meanwhile, and the clerk's save sends it again and is refused 400: the plugin records the link Svea holds, waiting, one SMS", async () => {
      const number = "620";
      const id = `f-${number}`;
      await fault({ kind: "delay", endpoint: "create", delayMs: 120_000 });
      const first = await save(id);
      expect(first.paymentView?.state).toBe("checking");
      const link = mon(first.paymentView);
      // Svea finishes the create it held: the customer has the SMS.
      await waitFor(async () => atSvea(number), (s) => s.length === 1, story.clock);
      expect(await smsFor(number)).toHaveLength(1);
      await setDuplicateStatus(400);
      await story.pause();
      const resaved = await save(id);
      expect(resaved.accepted).toBe(true);
      expect(resaved.paymentView?.state).toBe("waiting");
      expect(resaved.paymentView?.links.map((l) => l.merchantOrderNumber)).toEqual([link]);
      expect(resaved.paymentView?.paymentLink).toBe(paymentLinkOf(link));
      expect(codes(resaved)).toEqual(["link-unchanged"]);
      expect(await createAnswers(number)).toEqual([200, 400]);
      expect(atSvea(number)).toEqual(["Active"]);
      expect((await smsFor(number)).map((s) => s.merchantOrderNumber)).toEqual([link]);
      await expectOneLinkPaidIntoPicking(id, number, link);
    });
  });
});
