// Seeded random sequences over deferred-delivery orders (Instore returns by row with/without rowNumber, by
// amount, empty; Instore cancel; Payment Admin deliver and credit), checking after each step the invariants the
// mock's Payment Admin twin claims (README "Both APIs read one stored order…", creditsOnDeliveries).
import { describe, expect, it } from "vitest";
import { creditedThroughInstore } from "../../plugin/use-cases/after-payment/settle-pending.js";
import { creditsOnDeliveries } from "../../mock-svea/use-cases/payment-admin-order.js";
import { creditedMinor, replayCredits } from "../../mock-svea/use-cases/credit-arithmetic.js";
import type { MockOrder } from "../../mock-svea/mock-svea-schemas.js";
import { seededRandom } from "../../soak/seeded-random.js";
import { instoreCall, paidMockOrder, paymentAdminCall, useTestMock } from "./payment-admin-support.js";

const running = useTestMock();

type Item = { articleNumber?: string; name: string; quantity: number; unitPrice: number; vatPercent: number; unit: string; rowNumber?: number };
const TEMPLATES: Item[][] = [
  [
    { articleNumber: "K-1", name: "Kaffe", quantity: 200, unitPrice: 4900, vatPercent: 1200, unit: "st", rowNumber: 1 },
    { articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st", rowNumber: 2 },
    { articleNumber: "T-1", name: "Te", quantity: 100, unitPrice: 20000, vatPercent: 1200, unit: "st", rowNumber: 3 },
  ],
  [
    { articleNumber: "K-1", name: "Kaffe", quantity: 200, unitPrice: 5000, vatPercent: 1200, unit: "st", rowNumber: 1 },
    { articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 20000, vatPercent: 2500, unit: "st", rowNumber: 2 },
  ],
  [
    { articleNumber: "K-1", name: "Kaffe", quantity: 200, unitPrice: 4900, vatPercent: 1200, unit: "st", rowNumber: 1 },
    { articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st", rowNumber: 2 },
    { articleNumber: "K-1", name: "Kaffe", quantity: 100, unitPrice: 4900, vatPercent: 1200, unit: "st", rowNumber: 3 },
  ],
];

const total = (items: Item[]) => items.reduce((s, i) => s + Math.round((i.quantity * i.unitPrice) / 100), 0);

function stored(merchantOrderNumber: string): MockOrder {
  for (const o of running.mock.deps.repo.allOrders()) if (o.merchantOrderNumber === merchantOrderNumber) return o;
  throw new Error("no order");
}

interface Violation {
  seed: number;
  rule: string;
  detail: string;
  steps: string[];
}

async function runSequence(seed: number): Promise<Violation[]> {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const items = pick(TEMPLATES);
  const { merchantOrderNumber, paymentOrderId } = await paidMockOrder(running.mock, { deferredDelivery: true, orderItems: items });
  const orderTotal = total(items);
  const steps: string[] = [`order ${JSON.stringify(items.map((i) => [i.articleNumber, i.quantity, i.unitPrice]))} total ${orderTotal}`];
  const violations: Violation[] = [];
  const fail = (rule: string, detail: string) => violations.push({ seed, rule, detail, steps: [...steps] });
  let cancelled = false;
  const nSteps = 2 + Math.floor(rnd() * 9);
  for (let s = 0; s < nSteps; s++) {
    const before = stored(merchantOrderNumber);
    const delivered = new Set((before.deliveries ?? []).flatMap((d) => d.orderRowIds));
    const undelivered = items.map((_, i) => i + 1).filter((id) => !delivered.has(id));
    const op = rnd();
    let label = "";
    let status = 0;
    if (op < 0.25 && undelivered.length > 0) {
      const rows = undelivered.filter(() => rnd() < 0.6);
      const chosen = rows.length > 0 ? rows : [pick(undelivered)];
      label = `PA deliver ${JSON.stringify(chosen)}`;
      status = (await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries`, { orderRowIds: chosen })).status;
    } else if (op < 0.45) {
      const i = Math.floor(rnd() * items.length);
      const row = items[i]!;
      const qty = rnd() < 0.5 ? 100 : row.quantity;
      const withNumber = rnd() < 0.5;
      const { rowNumber, ...rest } = row;
      const item = withNumber ? { ...row, quantity: qty } : { ...rest, quantity: qty };
      label = `Instore return row ${i + 1} qty ${qty} ${withNumber ? "with" : "without"} rowNumber`;
      status = (await instoreCall(running.mock.url, "POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [item] })).status;
    } else if (op < 0.6) {
      const amount = pick([1000, 3000, 5000, 9800, 15000]);
      label = `Instore return by amount ${amount}`;
      status = (await instoreCall(running.mock.url, "POST", `/api/v1/orders/${merchantOrderNumber}/return`, {
        returnedItems: [{ name: "Kreditering", quantity: 100, unitPrice: amount, vatPercent: 2500, unit: "st" }],
      })).status;
    } else if (op < 0.67) {
      label = "Instore empty return";
      status = (await instoreCall(running.mock.url, "POST", `/api/v1/orders/${merchantOrderNumber}/return`, { returnedItems: [] })).status;
    } else if (op < 0.75) {
      label = "Instore cancel";
      status = (await instoreCall(running.mock.url, "POST", `/api/v1/orders/${merchantOrderNumber}/cancel`)).status;
    } else {
      const deliveries = before.deliveries ?? [];
      if (deliveries.length === 0) continue;
      const d = pick(deliveries);
      const rows = d.orderRowIds.filter(() => rnd() < 0.6);
      const chosen = rows.length > 0 ? rows : [pick(d.orderRowIds)];
      label = `PA credit delivery ${d.id} rows ${JSON.stringify(chosen)}`;
      status = (await paymentAdminCall(running.mock.url, "POST", `/orders/${paymentOrderId}/deliveries/${d.id}/credits`, { orderRowIds: chosen })).status;
    }
    if (!label) continue;
    steps.push(`${label} -> ${status}`);
    if (status >= 500) fail("no 5xx", label);
    if (label === "Instore cancel" && status === 200) cancelled = true;

    const order = stored(merchantOrderNumber);
    const view = (await paymentAdminCall(running.mock.url, "GET", `/orders/${paymentOrderId}`)).json as {
      orderStatus: string;
      orderAmount: number;
      cancelledAmount: number;
      deliveries: { id: number; deliveryAmount: number; creditedAmount: number; credits: { amount: number; creditType: string }[] }[];
    };
    const credited = Number(creditedMinor(order));
    const instoreCredited = order.credits.filter((c) => c.kind !== "payment-admin").reduce((sum, c) => sum + Number(c.amountMinor), 0);
    // 1. never more back than paid.
    if (credited > orderTotal) fail("credited <= order", `${credited} > ${orderTotal}`);
    // 2. no invoice credited beyond its amount (shares that took from an invoice; uninvoiced shares take nothing).
    creditsOnDeliveries(order).forEach((d, n) => {
      if (d.creditable < 0n) fail("invoice never credited past its amount", `delivery ${n + 1} creditable ${d.creditable}`);
    });
    // 3. no row given back twice (quantities drawn per sold row, Payment Admin credits included).
    const { quantities } = replayCredits(order);
    quantities.returned.forEach((q, r) => {
      if (q > items[r]!.quantity) fail("row never given back twice", `row ${r + 1} returned ${q} of ${items[r]!.quantity}`);
    });
    // 4. every credit shows: deliveries' credited (or cancelledAmount with none, uncancelled) is what was credited.
    const onDeliveries = view.deliveries.reduce((sum, d) => sum + d.creditedAmount, 0);
    if (view.deliveries.length > 0 && onDeliveries !== credited) fail("deliveries show every credit", `${onDeliveries} shown, ${credited} credited`);
    // 5. plugin's reading equals what Instore credited.
    if (!(view.deliveries.length === 0 && view.orderStatus === "Cancelled")) {
      const plugin = Number(creditedThroughInstore(view as never));
      if (plugin !== instoreCredited) fail("creditedThroughInstore == Instore credits", `plugin ${plugin}, Instore ${instoreCredited}`);
    }
    // 6. after a cancel, credited + cancelled make the order, and nothing is negative.
    if (cancelled) {
      if (onDeliveries + view.cancelledAmount !== view.orderAmount && view.deliveries.length > 0)
        fail("credited + cancelled == order", `${onDeliveries} + ${view.cancelledAmount} != ${view.orderAmount}`);
      if (view.cancelledAmount < 0) fail("cancelledAmount >= 0", String(view.cancelledAmount));
    }
    // 7. README: "a delivery can show more credited than it holds only when more is credited in all than is delivered".
    const deliveredTotal = view.deliveries.reduce((sum, d) => sum + d.deliveryAmount, 0);
    if (credited <= deliveredTotal)
      for (const d of view.deliveries)
        if (d.creditedAmount > d.deliveryAmount) fail("delivery credited <= delivered while credited <= delivered in all (view)", `delivery ${d.id}: ${d.creditedAmount} > ${d.deliveryAmount}`);
    // 8. an Instore cancel credits what was delivered less every credit so far, never more than the order has left.
    if (label === "Instore cancel" && status === 200 && before.orderStatus === "Completed") {
      const deliveredBefore = total([...delivered].map((id) => items[id - 1]!));
      const creditedBefore = Number(creditedMinor(before));
      const expected = Math.max(0, Math.min(orderTotal - creditedBefore, deliveredBefore - creditedBefore));
      if (credited - creditedBefore !== expected) fail("cancel credits delivered less credited", `${credited - creditedBefore}, expected ${expected}`);
    }
    if (cancelled) break;
  }
  return violations;
}

describe("random Instore / Payment Admin sequences on deferred-delivery orders", () => {
  it("hold every invariant over 600 seeded sequences", async () => {
    const all: Violation[] = [];
    for (let seed = 1; seed <= 600; seed++) all.push(...(await runSequence(seed)));
    const firstPerRule = new Map<string, Violation>();
    for (const v of all) if (!firstPerRule.has(v.rule)) firstPerRule.set(v.rule, v);
    const counts = new Map<string, number>();
    for (const v of all) counts.set(v.rule, (counts.get(v.rule) ?? 0) + 1);
    const report = [...firstPerRule.values()].map((v) => `${v.rule} x${counts.get(v.rule)} (seed ${v.seed}): ${v.detail}\n    ${v.steps.join("\n    ")}`).join("\n");
    if (report) console.log(report);
    expect(report).toBe("");
  }, 120_000);
});
