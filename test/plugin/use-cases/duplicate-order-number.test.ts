// Two host orders with one ERP order number get different merchantOrderNumbers; Svea's 409 is retried once and named, never "unreachable".
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { CreateOrderRequest } from "../../../common/svea-instore-types.js";
import type { CallOptions, CreateOrderResult } from "../../../plugin/svea-client/index.js";
import { SveaDuplicateOrderError } from "../../../plugin/svea-client/index.js";
import { makeMerchantOrderNumber, MERCHANT_ORDER_NUMBER_PATTERN } from "../../../plugin/svea-order/index.js";
import { orderFor, startStory, type Story } from "../../e2e/story-harness.js";
import { FakeSvea } from "../support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../support/plugin-test-kit.js";

const NOW = Date.UTC(2026, 2, 2, 9, 0, 0);

describe("merchantOrderNumber per host order", () => {
  it("ends in a part of the host order's own, so two host orders with one ERP number, sequence and second differ; length and alphabet hold", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), (number, idA, idB, sequence) => {
        fc.pre(idA !== idB);
        const a = makeMerchantOrderNumber(number, sequence, NOW, idA);
        const b = makeMerchantOrderNumber(number, sequence, NOW, idB);
        for (const m of [a, b]) expect(m).toMatch(MERCHANT_ORDER_NUMBER_PATTERN);
        // Only the last part depends on the host order: 4 base-36 digits of a hash, so two ids collide about once in
        // 1.7 million pairs (the fixed pair below shows they differ); one id always gives the same number.
        expect(a.slice(0, -5)).toBe(b.slice(0, -5));
        expect(a.at(-5)).toBe("-");
        expect(makeMerchantOrderNumber(number, sequence, NOW, idA)).toBe(a);
      }),
    );
    expect(makeMerchantOrderNumber("1001", 1, NOW, "order-a")).not.toBe(makeMerchantOrderNumber("1001", 1, NOW, "order-b"));
    expect(makeMerchantOrderNumber("1001", 1, NOW, "order-a")).toMatch(/^1001-1-[0-9a-z]{7}-[0-9a-z]{4}$/);
    // Even an absurd sequence keeps the 32-character limit.
    expect(makeMerchantOrderNumber("x".repeat(60), Number.MAX_SAFE_INTEGER, NOW, "order-a").length).toBeLessThanOrEqual(32);
  });
});

describe("two host orders with one ERP order number, saved in the same second, over the mock Svea", () => {
  let story: Story;
  afterEach(async () => story?.close());

  it("both get a waiting link of their own: no 409, no 'Svea could not be reached'", async () => {
    story = await startStory();
    const [a, b] = await Promise.all([story.save(orderFor("twin-a", { number: "5005" })), story.save(orderFor("twin-b", { number: "5005" }))]);
    expect([a.paymentView?.state, b.paymentView?.state]).toEqual(["waiting", "waiting"]);
    const [ma, mb] = [a.paymentView?.links.at(-1)?.merchantOrderNumber, b.paymentView?.links.at(-1)?.merchantOrderNumber];
    expect(ma).not.toBe(mb);
    expect(ma?.startsWith("5005-1-")).toBe(true);
    expect((await story.requests()).filter((r) => r.status === 409)).toEqual([]);
  });
});

/** Svea holds other orders under the first `duplicates` numbers the plugin tries. */
class DuplicateRefusingSvea extends FakeSvea {
  constructor(private duplicates: number) {
    super();
  }
  override async createOrder(request: CreateOrderRequest, options?: CallOptions): Promise<CreateOrderResult> {
    if (this.duplicates-- > 0) {
      this.calls.push({ kind: "create", merchantOrderNumber: request.merchantOrderNumber });
      throw new SveaDuplicateOrderError();
    }
    return super.createOrder(request, options);
  }
}

describe("Svea answers 409 to a create's first attempt", () => {
  const save = async (svea: FakeSvea, locale: "sv" | "en" = "en") => {
    const kit = await startKit(testSettings(), { svea });
    return kit.instance.hooks["order.save"]({ order: hostOrder(), locale });
  };

  it("once: the plugin takes the next sequence and tries once more, and the link is waiting", async () => {
    const svea = new DuplicateRefusingSvea(1);
    const saved = await save(svea);
    expect(saved).toMatchObject({ accepted: true, paymentView: { state: "waiting" } });
    const tried = svea.calls.filter((c) => c.kind === "create").map((c) => c.merchantOrderNumber);
    expect(tried).toHaveLength(2);
    expect(tried[0]).toMatch(/^1001-1-/);
    expect(tried[1]).toMatch(/^1001-2-/);
    expect(saved.accepted && saved.paymentView?.links.map((l) => l.state)).toEqual(["failed", "waiting"]);
  });

  it("twice: failed with its own message naming the number, not 'Svea could not be reached'", async () => {
    const svea = new DuplicateRefusingSvea(2);
    const saved = await save(svea);
    expect(saved).toMatchObject({ accepted: true, paymentView: { state: "failed" } });
    if (!saved.accepted) return;
    const last = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
    expect(saved.notices.filter((n) => n.severity === "error")).toEqual([
      {
        code: "svea-duplicate-order",
        severity: "error",
        message: `Svea already holds an order with the number ${last} and refused the payment link (409), even under a new number. No link was sent. Contact support if it happens again.`,
      },
    ]);
    expect(saved.paymentView?.label).not.toContain("could not be reached");
    expect(saved.paymentView?.label).toContain("already been used");
    expect(svea.calls.filter((c) => c.kind === "create")).toHaveLength(2);
    const sv = await save(new DuplicateRefusingSvea(2), "sv");
    expect(sv.accepted && sv.notices.find((n) => n.code === "svea-duplicate-order")?.message).toContain("Svea har redan en order med ordernumret");
    // The label is Swedish too: not the client's English "This order number has already been used …".
    expect(sv.accepted && sv.paymentView?.label).toBe("Betallänken misslyckades: Svea avvisade ordern: Ordernumret har redan använts hos Svea Instore. En ny betallänk behöver ett nytt ordernummer.");
  });
});
