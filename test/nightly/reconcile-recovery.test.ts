// Reconcile against the mock Svea: a dropped callback, and each operation an interruption leaves half-done, ends in a known state with one Active link.
import { afterEach, describe, expect, it } from "vitest";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { CREATE_OUTCOME_WINDOW_MS } from "../../plugin/use-cases/unconfirmed-create.js";
import { eventually, orderFor, startStory, sveaCalls, whileDriving, type Story } from "../e2e/story-harness.js";

const QUIET_MIN = 30;
const mon = (view: PaymentView | null | undefined) => view?.links.at(-1)?.merchantOrderNumber ?? "";
const changedRows = { rows: [{ rowNumber: 1, name: "Kaffe mellanrost 500 g", quantity: "3", unit: "st", unitPrice: "59.90", vatPercent: "12" }], total: "179.70" };

describe("reconcile", () => {
  let story: Story;
  afterEach(async () => story?.close());

  const start = () => startStory({ settings: { reconcileAfterMinutes: QUIET_MIN } });
  const fault = async (body: unknown) => expect((await story.admin("POST", "/faults", body)).status).toBe(201);
  const reconcile = () => whileDriving(story.command("reconcile"), story.clock);
  /** What Svea holds for one ERP order number: each link's status, oldest first. */
  const atSvea = (orderNumber: string) =>
    story.mock.deps.repo
      .list({})
      .filter((o) => o.merchantOrderNumber.startsWith(`${orderNumber}-`))
      .sort((a, b) => a.paymentOrderId - b.paymentOrderId)
      .map((o) => o.orderStatus);

  it("finds a Completed order whose callback was dropped paid, once the link has waited reconcileAfterMinutes", async () => {
    story = await start();
    const m = mon((await story.save(orderFor("rec-1"))).paymentView);
    await fault({ kind: "callback-suppressed", merchantOrderNumber: m });
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${m}/complete`, { paymentMethod: "invoice" })).status).toBe(200);

    // Too early: a link younger than reconcileAfterMinutes is not read.
    await story.advance(10 * 60_000);
    const before = (await story.requests()).length;
    expect((await reconcile()).data).toMatchObject({ checked: 0, paid: 0, errors: 0 });
    expect((await story.requests()).slice(before)).toEqual([]);
    expect((await story.view("rec-1"))?.state).toBe("waiting");

    await story.advance(QUIET_MIN * 60_000);
    expect((await reconcile()).data).toMatchObject({ checked: 1, paid: 1, errors: 0 });
    const view = await story.view("rec-1");
    expect(view?.state).toBe("paid");
    expect(view?.sveaReference).toBe(story.mock.deps.repo.find(story.mock.merchant.id, m)?.paymentOrderId);
    expect((await story.host.store.get("rec-1"))?.payment).toMatchObject({ state: "paid", paymentMethod: "Invoice", billingAddress: expect.any(Object) });
    expect(await story.pickableIds()).toContain("rec-1");
  });

  it("a create whose answer was lost and that never reached Svea ends failed for good, with nothing left open to ask Svea at once", async () => {
    story = await start();
    await fault({ kind: "http-status", endpoint: "create", status: 503, count: 3 });
    const saved = await whileDriving(story.save(orderFor("rec-2")), story.clock);
    expect(saved.paymentView?.state).toBe("checking");
    // A 503 leaves the outcome unknown: a 404 a minute later proves nothing, Svea may still store the create.
    await story.advance(60_000);
    expect((await reconcile()).data).toMatchObject({ intents: 0, errors: 0 });
    expect((await story.view("rec-2"))?.state).toBe("checking");
    // Past the create's outcome window the 404 is final.
    await story.advance(CREATE_OUTCOME_WINDOW_MS);
    expect((await reconcile()).data).toMatchObject({ intents: 1, errors: 0 });
    const view = await story.view("rec-2");
    expect([view?.state, view?.icon.colour]).toEqual(["failed", "red"]);
    expect(atSvea("2")).toEqual([]);
    // Settled: the next run asks Svea nothing about this order. It stays on the list (Svea may still store the create
    // late), read again only once quiet for reconcileAfterMinutes.
    const before = (await story.requests()).length;
    expect((await reconcile()).data).toMatchObject({ orders: 1, checked: 0 });
    expect((await story.requests()).slice(before)).toEqual([]);
  });

  it("a create whose answer was lost but that reached Svea turns waiting, with one Active link", async () => {
    story = await start();
    await fault({ kind: "delay", endpoint: "create", delayMs: 60_000 });
    const saved = await whileDriving(story.save(orderFor("rec-3")), story.clock);
    expect(saved.paymentView?.state).toBe("checking");
    await eventually(async () => atSvea("3"), (s) => s.length === 1, story.clock);
    expect((await reconcile()).data).toMatchObject({ intents: 1, errors: 0 });
    const view = await story.view("rec-3");
    expect(view?.state).toBe("waiting");
    expect(view?.paymentLink).toEqual(expect.stringContaining("/checkout/"));
    expect(atSvea("3")).toEqual(["Active"]);
  });

  it("a re-issue whose cancel went through but whose create failed is finished: the link is created for the order as the host has it", async () => {
    story = await start();
    const first = await story.save(orderFor("rec-4"));
    const old = mon(first.paymentView);
    await story.pause();
    await fault({ kind: "http-status", endpoint: "create", status: 503, count: 3 });
    const resaved = await whileDriving(story.save(orderFor("rec-4", changedRows)), story.clock);
    expect(resaved.paymentView?.state).toBe("checking");
    expect(atSvea("4")).toEqual(["Canceled"]);

    // The create's outcome is unknown (503): nothing is re-created while it may still land at Svea.
    await story.advance(60_000);
    expect((await reconcile()).data).toMatchObject({ intents: 0, recreated: 0, errors: 0 });
    await story.advance(CREATE_OUTCOME_WINDOW_MS);
    const before = (await story.requests()).length;
    expect((await reconcile()).data).toMatchObject({ intents: 1, recreated: 1, errors: 0 });
    const calls = sveaCalls((await story.requests()).slice(before));
    const view = await story.view("rec-4");
    const newMon = mon(view);
    expect(calls).toEqual([`status:${resaved.paymentView?.links.at(-1)?.merchantOrderNumber}`, `create:${newMon}`]);
    expect(view?.state).toBe("waiting");
    expect(view?.links.map((l) => l.state)).toEqual(["cancelled", "failed", "waiting"]);
    expect(view?.links[0]?.merchantOrderNumber).toBe(old);
    expect(atSvea("4")).toEqual(["Canceled", "Active"]);
    // The order as the host has it now: the changed rows.
    expect(story.mock.deps.repo.find(story.mock.merchant.id, newMon)?.request.orderItems[0]?.quantity).toBe(300);
    expect((await story.sms()).filter((s) => s.merchantOrderNumber === newMon)).toHaveLength(1);
    expect((await story.host.store.get("rec-4"))?.payment).toMatchObject({ state: "waiting", paymentLink: view?.paymentLink });
  });

  it("a callback that was recorded but not processed (Svea could not be read then) is processed: the order ends paid", async () => {
    story = await start();
    const m = mon((await story.save(orderFor("rec-5"))).paymentView);
    // Every attempt of the processing's status read fails; the callback stays in the inbox.
    await fault({ kind: "http-status", endpoint: "status", status: 503, count: 3 });
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${m}/complete`, { paymentMethod: "card" })).status).toBe(200);
    const statusAnswers = async () => (await story.requests()).filter((e) => e.path.endsWith("/status")).map((e) => e.status);
    expect(await eventually(statusAnswers, (s) => s.length === 3, story.clock)).toEqual([503, 503, 503]);
    await new Promise((r) => setTimeout(r, 50));
    expect((await story.view("rec-5"))?.state).toBe("waiting");

    await story.pause();
    expect((await reconcile()).data).toMatchObject({ callbacks: 1, paid: 1, errors: 0 });
    const view = await story.view("rec-5");
    expect([view?.state, view?.sveaReference]).toEqual(["paid", story.mock.deps.repo.find(story.mock.merchant.id, m)?.paymentOrderId]);
    expect((await story.host.store.get("rec-5"))?.payment).toMatchObject({ state: "paid", paymentMethod: "Card" });
  });
});
