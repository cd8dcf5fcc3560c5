// Review: delivering every host row of a deferred order must invoice what the customer paid, rounding row included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderWith, pay, paymentAdminOrder, startWorld, type World } from "./paid-order-world.js";

let world: World;
beforeAll(async () => {
  world = await startWorld({ deferred: { deferredDelivery: true } });
});
afterAll(async () => world?.close());

/** 300 screws at a net price and a 10.00 nut, both at 25 %, and the host's total. */
const screwsAndNut = (screwNet: string, total: string) =>
  orderWith({
    pricesIncludeVat: false,
    rows: [
      { rowNumber: 1, name: "Skruv", quantity: "300", unit: "st", unitPrice: screwNet, vatPercent: "25" },
      { rowNumber: 2, name: "Mutter", quantity: "1", unit: "st", unitPrice: "10.00", vatPercent: "25" },
    ],
    total,
  });

describe("order.deliver by rows on an order Svea got with a rounding row", () => {
  it("delivering every host row (row by row, as the clerk ships them) invoices the paid total, not the rows without the rounding row", async () => {
    const deferred = world.runtimes.deferred!;
    // 300 × 1.39 net at 25 % is 1.7375 each: Svea gets 300 × 1.74 = 522.00 and a -0.75 rounding row (paid 521.25).
    const host = screwsAndNut("1.39", "533.75");
    const paymentOrderId = await pay(world, deferred, host);
    const told: string[] = [];
    for (const row of [0, 1]) {
      const delivered = await deferred.instance.hooks["order.deliver"]({ order: host, locale: "en", rows: [row] });
      expect(delivered.accepted ? [] : delivered.errors).toEqual([]);
      if (delivered.accepted) told.push(...delivered.notices.filter((n) => n.code === "delivered").map((n) => n.message.replace(/ \(delivery \d+\)/, "")));
    }
    // The clerk delivered one row each time: the rounding row Svea's last delivery took along is no row of theirs.
    expect(told).toEqual(["1 row was delivered at Svea.", "1 row was delivered at Svea."]);
    const atSvea = await paymentAdminOrder(world, paymentOrderId);
    const invoiced = atSvea.deliveries.reduce((sum: number, d: { deliveryAmount: number }) => sum + d.deliveryAmount, 0);
    // Every row the ERP has is delivered: the customer is invoiced what was paid (533.75), and the order is delivered.
    expect({ invoiced, status: atSvea.orderStatus }).toEqual({ invoiced: 53375, status: "Delivered" });
    const { views } = await deferred.instance.hooks["order.payment-view"]({ orderIds: [host.id], locale: "en" });
    expect(views[0]?.afterPayment).toMatchObject({ allDelivered: true });
  });

  it("a positive rounding row goes with the last goods row delivered, and crediting every row gives back what was invoiced", async () => {
    const deferred = world.runtimes.deferred!;
    // 300 × 1.37 net at 25 % is 1.7125 each: Svea gets 300 × 1.71 = 513.00 and a +0.75 rounding row (paid 526.25).
    const host = screwsAndNut("1.37", "526.25");
    const paymentOrderId = await pay(world, deferred, host);
    const deliveredRows: number[][] = [];
    for (const row of [1, 0]) {
      const delivered = await deferred.instance.hooks["order.deliver"]({ order: host, locale: "en", rows: [row] });
      expect(delivered.accepted ? [] : delivered.errors).toEqual([]);
      const atSvea = await paymentAdminOrder(world, paymentOrderId);
      deliveredRows.push(atSvea.deliveries.at(-1).orderRows.map((r: { orderRowId: number }) => r.orderRowId));
    }
    // The first delivery leaves a goods row open: the rounding row (Svea's row 3) waits for the last one.
    expect(deliveredRows).toEqual([[2], [1, 3]]);
    const credited = await deferred.instance.hooks["order.credit"]({ order: host, locale: "en", rows: [{ row: 0 }, { row: 1 }] });
    expect(credited.accepted ? credited.paymentView.afterPayment : credited.errors).toMatchObject({ paidAmount: "526.25", creditedAmount: "526.25" });
    const atSvea = await paymentAdminOrder(world, paymentOrderId);
    const sum = (key: "deliveryAmount" | "creditedAmount") => atSvea.deliveries.reduce((s: number, d: Record<string, number>) => s + d[key]!, 0);
    expect({ invoiced: sum("deliveryAmount"), credited: sum("creditedAmount"), order: atSvea.orderAmount, status: atSvea.orderStatus }).toEqual({
      invoiced: 52625,
      credited: 52625,
      order: 52625,
      status: "Delivered",
    });
  });
});
