// picking.filter through the hook: reasons per state, the answer the full records give, one summary read, and input read in place yet checked like the lenient copy.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { readHookInput, HookInputError } from "../../plugin/hook-input.js";
import { hostContractValidators } from "../../plugin/host-contract/host-contract-schemas.js";
import type { LinkState, PickingFilterInput, PickingFilterResult } from "../../plugin/host-contract/host-contract-types.js";
import { currentLink, type PluginStore } from "../../plugin/store/index.js";
import type { AfterPaymentRecord } from "../../plugin/store/after-payment-record.js";
import { pickingFilter } from "../../plugin/use-cases/index.js";
import { link } from "./store/plugin-store-contract.js";
import { SveaUnavailableError } from "../../plugin/svea-client/index.js";
import { FakeSvea } from "./support/fake-svea.js";
import { hostOrder, startKit } from "./support/plugin-test-kit.js";

const INSTORE = "svea-instore";

async function kit() {
  const svea = new FakeSvea();
  const k = await startKit(undefined, { svea });
  /** Gives an order links in these states, oldest first. */
  const give = async (orderId: string, states: LinkState[]) => {
    for (const [i, state] of states.entries()) await k.deps.store.putLink(orderId, link(`${orderId}-${i + 1}`, { sequence: i + 1, state }));
  };
  return { ...k, svea, give, filter: k.instance.hooks["picking.filter"] };
}

/** picking.filter as it was before payment summaries: whole records from getOrderStates. */
async function fromRecords(store: PluginStore, input: PickingFilterInput): Promise<{ pickable: string[]; heldBack: [string, string][] }> {
  const reasons: Record<string, string> = { none: "no-link", waiting: "awaiting-payment", failed: "payment-failed", cancelled: "payment-cancelled", expired: "link-expired" };
  const records = await store.getOrderStates(input.orders.filter((o) => o.paymentMethod === INSTORE).map((o) => o.id));
  const out = { pickable: [] as string[], heldBack: [] as [string, string][] };
  for (const order of input.orders) {
    const record = records.get(order.id);
    if (order.paymentMethod !== INSTORE || record?.links.some((l) => l.state === "paid")) out.pickable.push(order.id);
    else out.heldBack.push([order.id, reasons[currentLink(record)?.state ?? "none"]!]);
  }
  return out;
}

const brief = (result: PickingFilterResult) => ({ pickable: result.pickable, heldBack: result.heldBack.map((h) => [h.orderId, h.reason]) });

describe("picking.filter", () => {
  it("lets paid and other orders through in the host's order and holds back the rest with a reason, in one summary read and no Svea call", async () => {
    const { deps, svea, give, filter } = await kit();
    await give("paid", ["paid"]);
    await give("paid-then-cancelled", ["paid", "cancelled"]);
    await give("waiting", ["waiting"]);
    await give("failed", ["failed"]);
    await give("cancelled", ["waiting", "cancelled"]);
    await give("expired", ["expired"]);
    await deps.store.nextLinkSequence("begun", "B1");
    const summaries = vi.spyOn(deps.store, "getPaymentSummaries");
    const records = vi.spyOn(deps.store, "getOrderStates");
    const ids = ["waiting", "card", "paid", "failed", "cancelled", "never", "expired", "paid-then-cancelled", "begun", "invoice"];
    const result = await filter({
      orders: ids.map((id) => ({ id, paymentMethod: id === "card" || id === "invoice" ? id : INSTORE })),
      locale: "en",
    });
    expect(brief(result)).toEqual({
      pickable: ["card", "paid", "paid-then-cancelled", "invoice"],
      heldBack: [
        ["waiting", "awaiting-payment"],
        ["failed", "payment-failed"],
        ["cancelled", "payment-cancelled"],
        ["never", "no-link"],
        ["expired", "link-expired"],
        ["begun", "no-link"],
      ],
    });
    expect(result.heldBack[0]!.message).toBe("Not paid with Svea Instore yet (Waiting for payment)");
    expect(summaries).toHaveBeenCalledTimes(1);
    expect(summaries.mock.calls[0]![0]).toEqual(ids.filter((id) => id !== "card" && id !== "invoice"));
    expect(records).not.toHaveBeenCalled();
    expect(svea.calls).toEqual([]);
    expect(hostContractValidators.pickingFilterResult(result).ok).toBe(true);
  });

  it("holds back an order whose payment method is almost svea-instore: meant as it, it never got a link, and would be picked unpaid", async () => {
    const { filter } = await kit();
    const methods = ["Svea Instore", "SVEA_INSTORE", "svea instore", "Svea Instore (payment link by SMS)", "S V E A - I N S T O R E", "S.v.e.a In-store", "swish", "sveainstorex", "card", "s"];
    const result = await filter({ orders: methods.map((paymentMethod, i) => ({ id: `o${i}`, paymentMethod })), locale: "en" });
    expect(brief(result)).toEqual({
      pickable: ["o6", "o7", "o8", "o9"],
      heldBack: ["o0", "o1", "o2", "o3", "o4", "o5"].map((id) => [id, "payment-method-near-miss"]),
    });
    expect(result.heldBack[0]!.message).toBe(
      'The payment method "Svea Instore" looks like Svea Instore but is not its code (svea-instore): no payment link was sent. Do not pick the order until the method is corrected and the order saved.',
    );
    expect(hostContractValidators.pickingFilterResult(result).ok).toBe(true);
  });

  it("words each held-back message in the clerk's language", async () => {
    const { give, filter } = await kit();
    await give("w", ["waiting"]);
    const orders = [{ id: "w", paymentMethod: INSTORE }, { id: "x", paymentMethod: INSTORE }];
    const sv = await filter({ orders, locale: "sv" });
    const en = await filter({ orders, locale: "en" });
    expect(sv.heldBack.map((h) => h.message)).toEqual(["Inte betald med Svea Instore än (Väntar på betalning)", expect.stringMatching(/^Inte betald med Svea Instore än \(.+\)$/)]);
    expect(en.heldBack[1]!.message).toMatch(/^Not paid with Svea Instore yet \(.+\)$/);
    expect(sv.heldBack[1]!.message).not.toBe(sv.heldBack[0]!.message);
  });

  it("holds back an order whose create's answer was lost as being checked with Svea (the customer may have the link), not as no link or a failed one", async () => {
    const { deps, svea, filter, instance, orders: host } = await kit();
    // A create that timed out: its link is failed but may exist at Svea.
    svea.failNextCreate = new SveaUnavailableError("timeout", { outcomeUnknown: true });
    const order = hostOrder({ id: "timed-out" });
    host.orders.set(order.id, order);
    expect(await instance.hooks["order.save"]({ order, locale: "en" })).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
    // A create a stopped process sent and never stored the answer of: only its open intent.
    await deps.store.beginLink("crashed", "2002", (sequence) => ({ id: "i1", orderId: "crashed", kind: "create", merchantOrderNumber: `2002-${sequence}`, replaces: null, startedAt: 5, sequence }));
    const orders = ["timed-out", "crashed"].map((id) => ({ id, paymentMethod: INSTORE }));
    const en = await filter({ orders, locale: "en" });
    const sv = await filter({ orders, locale: "sv" });
    expect(brief(en)).toEqual({ pickable: [], heldBack: [["timed-out", "payment-being-checked"], ["crashed", "payment-being-checked"]] });
    expect(en.heldBack[0]!.message).toBe("Not paid with Svea Instore yet (Being checked with Svea: the payment link may have been sent to the customer)");
    expect(sv.heldBack[1]!.message).toBe("Inte betald med Svea Instore än (Kontrolleras hos Svea: betallänken kan ha skickats till kunden)");
    expect(hostContractValidators.pickingFilterResult(en).ok).toBe(true);
  });

  it("an order paid twice, one payment given back in full: the payment view shows the one picking counts, and its extra-payment flag no longer asks for a refund", async () => {
    const { deps, filter, instance } = await kit();
    const annulled: AfterPaymentRecord = { currency: "SEK", paidMinor: "10000", credits: [], deliveries: [], annulled: { at: 5, how: "cancelled" }, pending: null };
    const creditedInFull: AfterPaymentRecord = { ...annulled, annulled: null, credits: [{ at: 5, amountMinor: "10000", via: "credit", rows: null }] };
    /** Main payment 42 (link -1), extra payment 43 (link -2, flagged extra-payment), each given back as said. */
    const paidTwice = async (orderId: string, main?: AfterPaymentRecord, extra?: AfterPaymentRecord) => {
      await deps.store.putLink(orderId, link(`${orderId}-1`, { state: "paid", paymentOrderId: 42, ...(main ? { afterPayment: main } : {}) }));
      await deps.store.putLink(orderId, link(`${orderId}-2`, { sequence: 2, state: "paid", paymentOrderId: 43, flags: ["extra-payment"], ...(extra ? { afterPayment: extra } : {}) }));
    };
    await paidTwice("main-annulled", annulled);
    await paidTwice("main-credited", creditedInFull);
    await paidTwice("extra-annulled", undefined, annulled);
    await paidTwice("both-annulled", annulled, annulled);
    await paidTwice("both-stand");
    const ids = ["main-annulled", "main-credited", "extra-annulled", "both-annulled", "both-stand"];
    const picking = await filter({ orders: ids.map((id) => ({ id, paymentMethod: INSTORE })), locale: "en" });
    expect(brief(picking)).toEqual({ pickable: ["main-annulled", "main-credited", "extra-annulled", "both-stand"], heldBack: [["both-annulled", "payment-annulled"]] });
    const view = async (locale: "sv" | "en") => {
      const { views } = await instance.hooks["order.payment-view"]({ orderIds: ids, locale });
      return Object.fromEntries(views.map((v) => [v.orderId, { label: v.label, icon: v.icon.name, sveaReference: v.sveaReference, flags: v.flags.map((f) => f.message) }]));
    };
    const refundOne = "Paid through a link the order no longer uses: check whether the order is paid twice and, if so, refund one payment";
    const otherGivenBack = "Paid through a link the order no longer uses: the order's other payment was given back in full, and this payment stands";
    const thisGivenBack = "Paid through a link the order no longer uses: this payment was given back in full";
    expect(await view("en")).toEqual({
      // The payment that stands is the order's payment: "Paid", its reference, as picking lets the order through.
      "main-annulled": { label: "Paid", icon: "svea-instore-paid", sveaReference: 43, flags: [`${otherGivenBack} (main-annulled-2)`] },
      "main-credited": { label: "Paid", icon: "svea-instore-paid", sveaReference: 43, flags: [`${otherGivenBack} (main-credited-2)`] },
      "extra-annulled": { label: "Paid", icon: "svea-instore-paid", sveaReference: 42, flags: [`${thisGivenBack} (extra-annulled-2)`] },
      "both-annulled": { label: "Paid, then annulled", icon: "svea-instore-cancelled", sveaReference: 42, flags: [`${thisGivenBack} (both-annulled-2)`] },
      "both-stand": { label: "Paid", icon: "svea-instore-paid", sveaReference: 42, flags: [`${refundOne} (both-stand-2)`] },
    });
    const sv = await view("sv");
    expect([sv["main-annulled"], sv["extra-annulled"]?.flags]).toEqual([
      { label: "Betald", icon: "svea-instore-paid", sveaReference: 43, flags: ["Betald via en länk som ordern inte längre använder: orderns andra betalning är återbetald i sin helhet, och den här betalningen gäller (main-annulled-2)"] },
      ["Betald via en länk som ordern inte längre använder: den här betalningen är återbetald i sin helhet (extra-annulled-2)"],
    ]);
  });

  it("property: gives exactly the answer the full records give, for any link histories and any list (repeats and unknown orders too)", async () => {
    const history = fc.array(fc.constantFrom<LinkState>("waiting", "failed", "cancelled", "expired", "paid"), { maxLength: 3 });
    const scenario = fc.record({
      histories: fc.array(history, { minLength: 6, maxLength: 6 }),
      list: fc.array(fc.record({ order: fc.integer({ min: 0, max: 7 }), method: fc.constantFrom(INSTORE, INSTORE, INSTORE, "card") }), { maxLength: 20 }),
      locale: fc.constantFrom("sv" as const, "en" as const),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ histories, list, locale }) => {
        const { deps, give, filter } = await kit();
        for (const [i, states] of histories.entries()) await give(`o${i}`, states);
        const input = { orders: list.map((e) => ({ id: `o${e.order}`, paymentMethod: e.method })), locale };
        expect(brief(await filter(input))).toEqual(await fromRecords(deps.store, input));
      }),
      { numRuns: 60 },
    );
  });

  it("answers for the list as the host passed it, even if the host changes its array while the store reads", async () => {
    const { deps, give } = await kit();
    await give("paid", ["paid"]);
    await give("waiting", ["waiting"]);
    const orders = [{ id: "waiting", paymentMethod: INSTORE }, { id: "card", paymentMethod: "card" }, { id: "paid", paymentMethod: INSTORE }];
    const read = deps.store.getPaymentSummaries.bind(deps.store);
    vi.spyOn(deps.store, "getPaymentSummaries").mockImplementation(async (ids) => {
      const answer = read(ids);
      orders.unshift({ id: "late", paymentMethod: "card" });
      orders[2]!.id = "renamed";
      return answer;
    });
    const result = await pickingFilter(deps, { orders, locale: "en" });
    expect(brief(result)).toEqual({ pickable: ["card", "paid"], heldBack: [["waiting", "awaiting-payment"]] });
  });
});

describe("picking.filter input", () => {
  it("refuses a bad item naming the field and the rule, before reading the store", async () => {
    const { deps, filter } = await kit();
    const summaries = vi.spyOn(deps.store, "getPaymentSummaries");
    const bad = { orders: [{ id: "a", paymentMethod: INSTORE }, { id: "b", paymentMethod: 7 }, { paymentMethod: "card" }], locale: "en" };
    const error = await filter(bad as unknown as PickingFilterInput).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookInputError);
    expect((error as HookInputError).errors).toEqual([
      { path: "orders[1].paymentMethod", rule: "type", message: "must be string", params: { type: "string" } },
      { path: "orders[2].id", rule: "required", message: "is required", params: { missingProperty: "id" } },
    ]);
    await expect(filter({ orders: [], locale: "fi" } as unknown as PickingFilterInput)).rejects.toMatchObject({ errors: [{ path: "locale", rule: "enum" }] });
    expect(summaries).not.toHaveBeenCalled();
  });

  it("reads the host's list where it lies: no copy is made, and nothing in it changes (unknown properties stay)", () => {
    const input = { orders: [{ id: "a", paymentMethod: INSTORE, extra: { deep: [1] } }], locale: "sv", newerHostField: true };
    const before = structuredClone(input);
    const read = readHookInput("picking.filter", hostContractValidators.pickingFilterInput, input);
    expect(read.ok && read.value).toBe(input);
    expect(input).toEqual(before);
  });

  it("property: accepts and refuses exactly what the lenient validator does on a copy, with the same field errors", () => {
    const item = fc.oneof(
      { weight: 6, arbitrary: fc.record({ id: fc.string(), paymentMethod: fc.constantFrom(INSTORE, "card") }) },
      { weight: 3, arbitrary: fc.record({ id: fc.anything(), paymentMethod: fc.anything(), extra: fc.anything() }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.anything() },
    );
    const input = fc.oneof(
      { weight: 8, arbitrary: fc.record({ orders: fc.array(item, { maxLength: 5 }), locale: fc.constantFrom("sv", "en", "fi", 1), more: fc.anything() }, { requiredKeys: ["orders"] }) },
      { weight: 1, arbitrary: fc.anything() },
    );
    fc.assert(
      fc.property(input, (value) => {
        const before = structuredClone(value);
        const lenient = hostContractValidators.pickingFilterInput(structuredClone(value));
        const inPlace = readHookInput("picking.filter", hostContractValidators.pickingFilterInput, value);
        expect(inPlace.ok).toBe(lenient.ok);
        if (!inPlace.ok && !lenient.ok) expect(inPlace.errors).toEqual(lenient.errors);
        if (inPlace.ok && lenient.ok) expect(lenient.value).toEqual(inPlace.value);
        expect(value).toEqual(before);
      }),
      { numRuns: 2000 },
    );
  });
});
