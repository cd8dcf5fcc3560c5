// order.save and order.delete through the activated plugin, against an in-process fake of Svea.
import { describe, expect, it } from "vitest";
import { SveaUnavailableError, SveaRateLimitedError, type CallOptions } from "../../../plugin/svea-client/index.js";
import { currentLink, OrderTakenOverError } from "../../../plugin/store/index.js";
import { hostOrder, startKit, startKitWithFakeSvea, testSettings } from "../support/plugin-test-kit.js";

const kitWithFake = startKitWithFakeSvea;

describe("order.save", () => {
  it("creates a waiting link, tells the clerk where the SMS goes and tells the host", async () => {
    const { hooks, svea, orders, deps } = await kitWithFake();
    const result = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(result.accepted).toBe(true);
    if (!result.accepted) return;
    expect(result.paymentView).toMatchObject({ state: "waiting", icon: { colour: "own" } });
    expect(result.paymentView?.paymentLink).toMatch(/^https:\/\/instore\.fake\/pay\/1001-/);
    expect(result.notices).toContainEqual(expect.objectContaining({ code: "sms-will-be-sent", message: expect.stringContaining("+46701234567") }));
    expect(svea.count("create")).toBe(1);
    const sent = [...svea.orders.values()][0]!.request;
    expect(sent.callbackUri).toMatch(/^https:\/\/erp\.example\/plugins\/svea-instore\/callback\/1001-[^/]+\/[A-Za-z0-9_-]{43}$/);
    expect(orders.last("order-1")).toMatchObject({ state: "waiting", paymentLink: result.paymentView?.paymentLink });
    const record = await deps.store.getOrder("order-1");
    expect(record?.intents).toEqual([expect.objectContaining({ kind: "create", outcome: "created" })]);
  });

  it("hands on no link Svea answers that is not an http(s) address: not in the payment view, the notices, the host's state or the history", async () => {
    const { hooks, svea, orders } = await kitWithFake();
    svea.linkAddress = () => "javascript:alert(document.domain)//";
    svea.smsSentSuccessfully = false;
    const result = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(result.accepted && result.paymentView).toMatchObject({ state: "waiting", paymentLink: null });
    const check = await hooks["order.check-payment"]({ order: hostOrder(), locale: "en" });
    const everything = JSON.stringify([result, check, orders.last("order-1"), await hooks["order.payment-view"]({ orderIds: ["order-1"], locale: "en" })]);
    expect(everything).not.toContain("javascript:");
  });

  it("a check Svea does not answer before the check's deadline tells the clerk Svea was too slow, not that a call was aborted", async () => {
    const { hooks, svea, clock } = await kitWithFake();
    expect((await hooks["order.save"]({ order: hostOrder(), locale: "en" })).accepted).toBe(true);
    clock.advance(6_000);
    svea.getOrderStatus = (_mon: string, options?: CallOptions) =>
      new Promise<never>((_, reject) => options?.signal?.addEventListener("abort", () => reject(new SveaUnavailableError("aborted", { outcomeUnknown: true })), { once: true }));
    const checking = hooks["order.check-payment"]({ order: hostOrder(), locale: "en" });
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(1_000);
    }
    const check = await checking;
    expect(check.notices.map((n) => [n.code, n.message])).toContainEqual(["timeout", "Svea did not answer in time"]);
    expect(check.paymentView?.state).toBe("waiting");
  });

  it("refuses a payment method that is almost svea-instore or its manifest label (case, spaces, punctuation), naming the field: it would pass as another method, unpaid", async () => {
    const { hooks, svea, deps } = await kitWithFake();
    for (const paymentMethod of ["Svea Instore", "SVEA-INSTORE", "svea_instore", " svea-instore", "Svea Instore (payment link by SMS)", "svea instore (betallänk via sms)"]) {
      const result = await hooks["order.save"]({ order: hostOrder({ paymentMethod }), locale: "en" });
      expect(result.accepted ? [] : result.errors.map((e) => [e.code, e.field])).toEqual([["payment-method-near-miss", "paymentMethod"]]);
      expect(result.accepted ? "" : result.errors[0]!.message).toContain(`"${paymentMethod}" is almost Svea Instore's code`);
    }
    // Codes of other methods pass untouched, even ones that mention Svea.
    for (const paymentMethod of ["svea-invoice", "sveainstore-card", "card"]) {
      expect(await hooks["order.save"]({ order: hostOrder({ paymentMethod }), locale: "en" })).toEqual({ accepted: true, notices: [] });
    }
    expect(svea.calls).toEqual([]);
    expect(await deps.store.getOrder("order-1")).toBeUndefined();
  });

  it("passes another payment method through untouched: no record, no Svea call, input unchanged", async () => {
    const { hooks, svea, deps } = await kitWithFake();
    const order = { ...hostOrder({ paymentMethod: "invoice" }), extra: { kept: true } };
    const copy = structuredClone(order);
    expect(await hooks["order.save"]({ order, locale: "sv" })).toEqual({ accepted: true, notices: [] });
    expect(order).toEqual(copy);
    expect(svea.calls).toEqual([]);
    expect(await deps.store.getOrder("order-1")).toBeUndefined();
  });

  it("switches an order to Svea Instore whatever the host's previous version looked like: previous is not read, so a cash sale kept without a customer card never blocks the save", async () => {
    const { hooks, svea, orders } = await kitWithFake();
    // A cash sale the ERP stored as its own (another method passes through untouched, whatever its shape): no customer
    // card, its currency as the ERP writes it. The clerk adds the customer and switches to Svea Instore.
    const { customer: _none, ...cashSale } = hostOrder({ paymentMethod: "cash", currency: "sek" });
    expect(await hooks["order.save"]({ order: cashSale as never, locale: "en" })).toEqual({ accepted: true, notices: [] });
    const result = await hooks["order.save"]({ order: hostOrder(), previous: cashSale as never, locale: "en" });
    expect(result.accepted ? result.paymentView?.state : result.errors).toBe("waiting");
    expect(svea.count("create")).toBe(1);
    expect(orders.last("order-1")).toMatchObject({ state: "waiting" });
  });

  it("refuses when the account is not configured, sending nothing", async () => {
    const kit = await startKit(testSettings({ merchantId: undefined, password: undefined }));
    const result = await kit.instance.hooks["order.save"]({ order: hostOrder(), locale: "sv" });
    expect(result).toMatchObject({ accepted: false, errors: [{ code: "account-not-configured" }] });
  });

  it("refuses an order without a valid mobile number, naming the field, sending nothing", async () => {
    const { hooks, svea } = await kitWithFake();
    const result = await hooks["order.save"]({ order: hostOrder({ customer: { countryCode: "SE", mobilePhone: "12" } }), locale: "en" });
    expect(result.accepted).toBe(false);
    if (!result.accepted) expect(result.errors[0]?.field).toBe("customer.mobilePhone");
    expect(svea.calls).toEqual([]);
  });

  it("under payment-change makes no Svea call for a save that changes nothing Svea receives", async () => {
    const { hooks, svea } = await kitWithFake();
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    const again = await hooks["order.save"]({ order: hostOrder({ status: "confirmed" }), locale: "en" });
    expect(again.accepted && again.notices).toContainEqual(expect.objectContaining({ code: "link-unchanged" }));
    expect(svea.calls.map((c) => c.kind)).toEqual(["create"]);
  });

  it("re-issues on a payment change: status, cancel, create, a new SMS, and the old link kept as cancelled", async () => {
    const { hooks, svea, deps } = await kitWithFake();
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    const changed = hostOrder({ rows: [{ name: "Chair", quantity: "2", unitPrice: "100.00", vatPercent: "25" }], total: "200.00" });
    const result = await hooks["order.save"]({ order: changed, locale: "en" });
    expect(svea.calls.map((c) => c.kind)).toEqual(["create", "status", "cancel", "create"]);
    expect(result.accepted && result.notices.map((n) => n.code)).toEqual(expect.arrayContaining(["link-reissued", "sms-will-be-sent"]));
    const record = await deps.store.getOrder("order-1");
    expect(record?.links.map((l) => [l.state, l.reason, l.canceledByPlugin])).toEqual([
      ["cancelled", "reissued", true],
      ["waiting", null, false],
    ]);
    expect(svea.active()).toEqual([record?.links[1]?.merchantOrderNumber]);
    expect(record?.links[0]?.merchantOrderNumber).not.toBe(record?.links[1]?.merchantOrderNumber);
  });

  it("re-issues on every save when reissueOn is every-save", async () => {
    const { hooks, svea } = await kitWithFake(testSettings({ reissueOn: "every-save" }));
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(svea.count("create")).toBe(2);
    expect(svea.active()).toHaveLength(1);
  });

  it("marks the order paid instead of cancelling when the status read says Completed", async () => {
    const { hooks, svea, orders } = await kitWithFake();
    const first = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    const number = first.accepted ? first.paymentView?.links[0]?.merchantOrderNumber : undefined;
    svea.complete(number!, "Card");
    const result = await hooks["order.save"]({ order: hostOrder({ total: "200.00", rows: [{ name: "Chair", quantity: "2", unitPrice: "100.00", vatPercent: "25" }] }), locale: "en" });
    // Paid for one chair, now two: the clerk is told the difference is not paid.
    expect(result).toMatchObject({ accepted: true, paymentView: { state: "paid", sveaReference: 5000 }, notices: [{ code: "already-paid" }, { code: "paid-order-total-higher" }] });
    expect(svea.count("cancel")).toBe(0);
    expect(svea.count("create")).toBe(1);
    expect(orders.last("order-1")).toMatchObject({ state: "paid", sveaReference: 5000, paymentMethod: "Card", billingAddress: { city: "Stockholm" } });
  });

  it("answers within the save deadline when Svea hangs: being checked (Svea may hold it), timeout reason, intent left for reconcile", async () => {
    const { hooks, svea, clock, deps } = await kitWithFake(testSettings({ saveDeadlineSeconds: 5 }));
    svea.hangNextCreate = true;
    const pending = hooks["order.save"]({ order: hostOrder(), locale: "en" });
    while (clock.pending === 0) await new Promise((r) => setImmediate(r));
    clock.advance(5_000);
    const result = await pending;
    expect(result).toMatchObject({ accepted: true, paymentView: { state: "checking", icon: { name: "svea-instore-checking", colour: "own" } } });
    if (result.accepted) {
      expect(result.paymentView?.label).toBe("Being checked with Svea: the payment link may have been sent to the customer (Svea did not answer in time)");
      expect(result.notices).toContainEqual(expect.objectContaining({ code: "svea-timeout", severity: "error" }));
    }
    const record = await deps.store.getOrder("order-1");
    expect(record?.intents[0]).toMatchObject({ kind: "create", completedAt: null });
    // Reconcile finds the link Active at Svea: it turns waiting.
    const summary = await (await import("../../../plugin/use-cases/index.js")).reconcile(deps);
    expect(summary.errors).toBe(0);
    expect(currentLink(await deps.store.getOrder("order-1"))?.state).toBe("waiting");
    expect(svea.active()).toHaveLength(1);
  });

  it("a save whose write after Svea's answer is refused (another node took the order over) says the outcome is unknown, and the next save settles it", async () => {
    const { hooks, svea, deps } = await kitWithFake();
    const putLink = deps.store.putLink.bind(deps.store);
    deps.store.putLink = async (orderId) => {
      throw new OrderTakenOverError(orderId, `order ${orderId}: this node's lease expired before its write`);
    };
    const saved = await hooks["order.save"]({ order: hostOrder(), locale: "sv" });
    deps.store.putLink = putLink;
    expect(saved.accepted ? [] : saved.errors.map((e) => e.code)).toEqual(["order-taken-over"]);
    expect(!saved.accepted && saved.errors[0]!.message).toMatch(/^En annan server tog över ordern medan detta pågick/);
    // Svea made the link; the intent written before the call stays open, so the next save finds it before anything else.
    expect(svea.count("create")).toBe(1);
    expect((await deps.store.getOrder("order-1"))?.intents).toEqual([expect.objectContaining({ kind: "create", outcome: null })]);
    const again = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(again.accepted && again.paymentView?.state).toBe("waiting");
    expect([...svea.orders.values()].filter((o) => o.status === "Active")).toHaveLength(1);
  });

  it("a link whose create timed out but reached Svea: the next save sends it again under its number, finds it and keeps it, no second SMS", async () => {
    const { hooks, svea, deps } = await kitWithFake();
    svea.failNextCreate = new SveaUnavailableError("timeout", { outcomeUnknown: true });
    // The fake throws before recording: simulate that the create did arrive by creating it behind the plugin's back.
    const first = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(first).toMatchObject({ paymentView: { state: "checking" } });
    const lost = (await deps.store.getOrder("order-1"))!.links[0]!;
    svea.orders.set(lost.merchantOrderNumber, { request: {} as never, status: "Active", paymentOrderId: 1, paymentMethodType: null, credited: false });
    const second = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(second).toMatchObject({ accepted: true, paymentView: { state: "waiting", paymentLink: `https://instore.fake/pay/${lost.merchantOrderNumber}` } });
    expect(second.accepted && second.notices.map((n) => n.code)).toEqual(["phone-normalised", "link-unchanged"]);
    expect(svea.calls.map((c) => [c.kind, c.merchantOrderNumber === lost.merchantOrderNumber])).toEqual([
      ["create", true],
      ["create", true],
    ]);
    expect(svea.active()).toEqual([lost.merchantOrderNumber]);
    const record = await deps.store.getOrder("order-1");
    expect(record?.links).toHaveLength(1);
    expect(record?.intents.every((i) => i.completedAt !== null || i.abandonedAt !== null)).toBe(true);
  });

  it("renews an expired link with a save", async () => {
    const { hooks, svea, clock } = await kitWithFake(testSettings({ linkLifetimeMinutes: 10 }));
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    clock.advance(11 * 60_000);
    const result = await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(result).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
    expect(svea.count("create")).toBe(2);
    expect(svea.active()).toHaveLength(1);
  });

  it("warns with the link to hand over when the SMS could not be sent", async () => {
    const { hooks, svea } = await kitWithFake();
    svea.smsSentSuccessfully = false;
    const result = await hooks["order.save"]({ order: hostOrder(), locale: "sv" });
    const warning = result.accepted ? result.notices.find((n) => n.code === "sms-failed") : undefined;
    expect(warning).toMatchObject({ severity: "warning", paymentLink: expect.stringMatching(/^https:\/\/instore\.fake\/pay\//) });
  });

  it("leaves exactly one Active link at Svea after ten concurrent saves of one order", async () => {
    const { hooks, svea, deps } = await kitWithFake(testSettings({ reissueOn: "every-save" }));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => hooks["order.save"]({ order: hostOrder({ rows: [{ name: "Chair", quantity: String(i + 1), unitPrice: "10", vatPercent: "25" }], total: String(10 * (i + 1)) }), locale: "en" })),
    );
    expect(results.every((r) => r.accepted)).toBe(true);
    expect(svea.active()).toHaveLength(1);
    const record = await deps.store.getOrder("order-1");
    expect(record?.links.filter((l) => l.state === "waiting").map((l) => l.merchantOrderNumber)).toEqual(svea.active());
    expect(new Set(record?.links.map((l) => l.merchantOrderNumber)).size).toBe(10);
  });
});

describe("order.delete", () => {
  it("cancels a waiting link after a status read; the order shows black", async () => {
    const { hooks, svea } = await kitWithFake();
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    const result = await hooks["order.delete"]({ order: hostOrder(), locale: "en" });
    expect(result).toMatchObject({ accepted: true, notices: [{ code: "link-cancelled" }], paymentView: { state: "cancelled", icon: { colour: "black" } } });
    expect(svea.calls.map((c) => c.kind)).toEqual(["create", "status", "cancel"]);
    expect(svea.active()).toEqual([]);
  });

  it("refuses to delete a paid order: it must be credited", async () => {
    const { hooks, svea } = await kitWithFake();
    await hooks["order.save"]({ order: hostOrder(), locale: "sv" });
    svea.complete([...svea.orders.keys()][0]!);
    const result = await hooks["order.delete"]({ order: hostOrder(), locale: "sv" });
    expect(result).toMatchObject({ accepted: false, errors: [{ code: "paid-order-delete", message: expect.stringContaining("krediteras") }] });
    expect(svea.count("cancel")).toBe(0);
  });

  it("switching a waiting order to another payment method cancels its link with that reason (method-changed), not as replaced by a newer link", async () => {
    const { hooks, svea, clock, deps } = await kitWithFake();
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    clock.advance(6_000);
    const result = await hooks["order.save"]({ order: hostOrder({ paymentMethod: "cash" }), locale: "en" });
    expect(result).toMatchObject({ accepted: true, notices: [{ code: "link-cancelled" }] });
    expect(svea.active()).toEqual([]);
    const record = await deps.store.getOrder("order-1");
    expect(record?.links.map((l) => [l.state, l.reason])).toEqual([["cancelled", "method-changed"]]);
    const view = await hooks["order.payment-view"]({ orderIds: ["order-1"], locale: "en" });
    expect(view.views[0]?.links.map((l) => l.reason)).toEqual(["method-changed"]);
  });

  it("refuses to switch a paid order to another payment method, naming the field, whether the payment was known or found then", async () => {
    for (const known of [true, false]) {
      const { hooks, svea, clock } = await kitWithFake();
      await hooks["order.save"]({ order: hostOrder(), locale: "en" });
      svea.complete([...svea.orders.keys()][0]!);
      if (known) await hooks["order.check-payment"]({ order: hostOrder(), locale: "en" });
      clock.advance(6_000);
      const result = await hooks["order.save"]({ order: hostOrder({ paymentMethod: "cash" }), locale: "en" });
      expect(result, `payment known: ${known}`).toMatchObject({
        accepted: false,
        errors: [{ code: "paid-order-method-change", field: "paymentMethod", message: "The order has been paid with Svea Instore and cannot change its payment method. Credit the payment first." }],
      });
      expect(svea.count("cancel")).toBe(0);
    }
  });

  it("a save refused because Svea kept answering 403 says Svea asked to slow down, not that it could not be reached", async () => {
    const { hooks, svea, clock } = await kitWithFake();
    await hooks["order.save"]({ order: hostOrder(), locale: "en" });
    clock.advance(6_000);
    svea.getOrderStatus = async () => {
      throw new SveaRateLimitedError(403);
    };
    const result = await hooks["order.save"]({ order: hostOrder({ total: "200.00", rows: [{ name: "Chair", quantity: "2", unitPrice: "100.00", vatPercent: "25" }] }), locale: "sv" });
    expect(result).toMatchObject({ accepted: false, errors: [{ code: "svea-rate-limited", message: expect.stringMatching(/^Svea Instore ber oss vänta/) }] });
    expect(svea.count("create")).toBe(1);
  });

  it("accepts deleting an order the plugin never saw", async () => {
    const { hooks, svea } = await kitWithFake();
    expect(await hooks["order.delete"]({ order: hostOrder({ id: "other" }), locale: "en" })).toEqual({ accepted: true, notices: [] });
    expect(svea.calls).toEqual([]);
  });
});
