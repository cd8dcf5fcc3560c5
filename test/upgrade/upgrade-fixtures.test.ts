// Shops upgrade in place, keeping their data: the data files earlier versions wrote (fixtures/upgrade, made by
// scripts/write-upgrade-fixture.mjs) must read back as the payments they are, and the shop must go on from them. Each
// fixture is read by the current stores alone (every order, link, reference, amount and Svea order as the earlier
// version showed it), then run as a shop: a waiting link is paid and picked, reconcile settles what was left open,
// the expiry sweep ends the links still waiting, and a payment made before the upgrade can be credited and annulled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasOpenWork, type SummaryState } from "../../plugin/store/index.js";
import { driveClockWhile, readUntil } from "../support/drive-manual-clock.js";
import { testDatabaseUrl } from "../support/postgres-test-database.js";
import {
  copyFixture,
  dropPostgresFixture,
  loadPostgresFixture,
  readWithCurrentStores,
  removeCopy,
  startUpgradedShop,
  upgradeFixtures,
  type LoadedSchemas,
  type StoreReading,
  type UpgradedShop,
  type UpgradeFixture,
} from "./upgrade-fixture-world.js";

/**
 * How the current store reads each scenario order (picking's summary), straight from the earlier version's files. Where
 * it differs from what that version showed, the current rules say more than it knew: a create whose outcome was
 * unknown is being checked (it said failed), a payment credited in full or annulled no longer stands (it said paid),
 * and one whose annulment has no known outcome is held back until it is settled.
 */
const SUMMARY: Record<string, { paid: boolean; current: SummaryState }> = {
  "ord-expired": { paid: false, current: "expired" },
  "ord-wait": { paid: false, current: "waiting" },
  "ord-wait2": { paid: false, current: "waiting" },
  "ord-paid": { paid: true, current: "paid" },
  "ord-paid-card": { paid: true, current: "paid" },
  "ord-replaced": { paid: true, current: "paid" },
  "ord-declined": { paid: false, current: "cancelled" },
  "ord-deleted": { paid: false, current: "cancelled" },
  "ord-untold": { paid: false, current: "waiting" },
  "ord-lost-callback": { paid: false, current: "waiting" },
  "ord-create-503": { paid: false, current: "checking" },
  "ord-create-dropped": { paid: false, current: "checking" },
  "ord-create-timeout": { paid: false, current: "checking" },
  "ord-reissue-503": { paid: false, current: "checking" },
  "ord-delete-503": { paid: false, current: "waiting" },
  "ord-credited": { paid: true, current: "paid" },
  "ord-credited-full": { paid: false, current: "credited" },
  "ord-annulled": { paid: false, current: "annulled" },
  "ord-credit-lost": { paid: true, current: "paid" },
  "ord-credit-503": { paid: true, current: "paid" },
  "ord-annul-lost": { paid: false, current: "refund-unknown" },
  "ord-create-in-flight": { paid: false, current: "checking" },
};

/** Pickable once the start has settled what a stopped process left (the host told of ord-untold's payment). */
const PICKABLE_AFTER_START = ["ord-paid", "ord-paid-card", "ord-replaced", "ord-untold", "ord-credited", "ord-credit-lost", "ord-credit-503", "ord-cash"];

interface OrderView {
  order: { id: string; total: string };
  deletedAt: string | null;
  payment: { state: string; sveaReference: number | null } | null;
  paymentView: {
    state: string;
    sveaReference: number | null;
    links: { merchantOrderNumber: string; state: string }[];
    afterPayment?: { paidAmount: string; creditedAmount: string; annulled: string | null };
  } | null;
}
interface PickingList {
  pickable: { id: string }[];
  heldBack: { orderId: string; reason: string }[];
}

const minor = (amount: string) => amount.replace(".", "").replace(/^0+(?=\d)/, "");

it("has fixtures from at least two earlier versions, each holding old-view.json", () => {
  const fixtures = upgradeFixtures();
  expect(new Set(fixtures.map((f) => f.view.writtenBy.commit)).size).toBeGreaterThanOrEqual(2);
  expect(fixtures.map((f) => f.layout).sort()).toEqual(expect.arrayContaining(["embedded", "embedded-crash", "lent", "postgres"]));
});

describe.each(upgradeFixtures().map((fixture) => [fixture.name, fixture] as const))("data written by %s", (_name, fixture: UpgradeFixture) => {
  const { view } = fixture;
  const ids = [...view.orders.map((o) => o.id), ...(fixture.layout === "embedded-crash" ? ["ord-create-in-flight"] : [])];
  const has = (id: string) => ids.includes(id);
  let copy: string;
  let schemas: LoadedSchemas | undefined;
  let reading: StoreReading;

  beforeAll(async () => {
    copy = await copyFixture(fixture);
    if (fixture.layout === "postgres") schemas = await loadPostgresFixture(fixture, await testDatabaseUrl());
    reading = await readWithCurrentStores(fixture, copy, ids, schemas);
  });
  afterAll(async () => {
    if (schemas) await dropPostgresFixture(schemas);
    await removeCopy(copy);
  });

  it("holds every scenario state the earlier version could make", () => {
    // A fixture that lost an order (a refresh gone wrong) would pass the checks below for what is left.
    const core = ["ord-wait", "ord-paid", "ord-untold", "ord-create-dropped", "ord-cash"];
    const full = ["ord-expired", "ord-wait2", "ord-paid-card", "ord-replaced", "ord-declined", "ord-deleted", "ord-lost-callback", "ord-create-503", "ord-create-timeout", "ord-reissue-503", "ord-delete-503"];
    for (const id of fixture.layout === "embedded-crash" ? core : [...core, ...full]) expect(has(id), id).toBe(true);
    if (has("ord-credited")) for (const id of ["ord-credited-full", "ord-annulled", "ord-credit-503", "ord-annul-lost"]) expect(has(id), id).toBe(fixture.layout !== "embedded-crash");
  });

  it("reads every order's links, Svea references and amounts as the earlier version showed them", () => {
    for (const old of view.orders) {
      const record = reading.records.get(old.id);
      if (!old.plugin) {
        expect(record, old.id).toBeUndefined();
        continue;
      }
      expect(record, old.id).toBeDefined();
      expect(
        record!.links.map((l) => ({ merchantOrderNumber: l.merchantOrderNumber, state: l.state, paymentOrderId: l.paymentOrderId })),
        old.id,
      ).toEqual(old.plugin.links);
      const paid = record!.links.find((l) => l.state === "paid");
      expect(paid?.paymentOrderId ?? null, old.id).toBe(old.plugin.sveaReference);
      if (old.plugin.paidAmount !== undefined) {
        const after = paid!.afterPayment!;
        expect(after.paidMinor, old.id).toBe(minor(old.plugin.paidAmount));
        const credited = after.credits.reduce((sum, c) => sum + BigInt(c.amountMinor), 0n);
        expect(String(credited), old.id).toBe(minor(old.plugin.creditedAmount!));
      }
    }
  });

  it("reads each order's payment summary by the current rules (picking)", () => {
    for (const id of ids) {
      if (!SUMMARY[id]) continue;
      expect(reading.summaries.get(id), id).toEqual(SUMMARY[id]);
    }
    expect(reading.summaries.get("ord-cash")).toBeUndefined();
  });

  it("lists for reconcile and the expiry sweep every order whose record has work open, whatever rule the earlier version had", () => {
    const open = [...reading.records.values()].filter(hasOpenWork).map((o) => o.orderId).sort();
    expect(open).toEqual(expect.arrayContaining(["ord-wait", "ord-untold", "ord-create-dropped", ...["ord-credit-lost", "ord-annul-lost"].filter(has)]));
    expect(reading.openWork).toEqual(open);
  });

  it("reads the host's orders and payment states as the earlier version left them", () => {
    for (const old of view.orders) {
      const record = reading.hostOrders.get(old.id);
      expect(record, old.id).toBeDefined();
      expect(record!.order.total, old.id).toBe(old.total);
      expect(record!.deletedAt !== null, old.id).toBe(old.deleted);
      expect(record!.payment ? { state: record!.payment.state, sveaReference: record!.payment.sveaReference } : null, old.id).toEqual(old.host);
    }
  });

  it("reads the mock's orders (status, Svea reference, credits) as the earlier version left them", () => {
    expect([...reading.sveaOrders.keys()].sort()).toEqual(view.svea.map((o) => o.merchantOrderNumber));
    for (const old of view.svea) {
      const order = reading.sveaOrders.get(old.merchantOrderNumber)!;
      const credited = order.credits.reduce((sum, c) => sum + BigInt(c.amountMinor), 0n);
      expect({ orderStatus: order.orderStatus, paymentOrderId: order.paymentOrderId, creditedMinor: String(credited) }, old.merchantOrderNumber).toEqual({
        orderStatus: old.orderStatus,
        paymentOrderId: old.paymentOrderId,
        creditedMinor: old.creditedMinor,
      });
    }
  });

  it("reports nothing torn or damaged (the files are whole), and takes over a crashed process's lock saying so", () => {
    const notices = reading.logs.filter((l) => Number(l.level) >= 40);
    const lockTakeOver = notices.filter((l) => String(l.msg).startsWith("took over the data dir's lock"));
    expect(lockTakeOver).toHaveLength(fixture.layout === "embedded-crash" ? 1 : 0);
    expect(notices.filter((l) => !lockTakeOver.includes(l))).toEqual([]);
  });

  describe("as a running shop", () => {
    let shop: UpgradedShop;
    const orders = async () => new Map((await shop.api<{ orders: OrderView[] }>("GET", "/orders")).body.orders.map((o) => [o.order.id, o]));
    const picking = async () => (await shop.api<PickingList>("GET", "/picking-list")).body;
    const pickable = async () => (await picking()).pickable.map((o) => o.id).sort();
    const heldBack = async (id: string) => (await picking()).heldBack.find((h) => h.orderId === id)?.reason;
    const svea = async (merchantOrderNumber: string) =>
      (await shop.admin<{ order: { orderStatus: string; credits: { amountMinor: string }[] } }>("GET", `/orders/demo-merchant/${merchantOrderNumber}`)).body.order;
    const linkOf = (id: string) => view.orders.find((o) => o.id === id)!.plugin!.links.at(-1)!;

    beforeAll(async () => {
      // The reading above ran the current migrations on the PostgreSQL copy already; the shop starts on the same data.
      shop = await startUpgradedShop(fixture, copy, schemas);
      // Activation settles what a stopped process left (ord-untold's callback, open intents, lost after-payment
      // answers); every fixture holds some.
      await readUntil(
        () => shop.logs().some((l) => l.msg === "work a stopped process left open was settled at activation"),
        (done) => done,
        shop.clock,
      );
    });
    afterAll(async () => {
      await shop?.close();
    });

    it("starts on the data the stores closed cleanly: no notice of a lock, a torn line or damage, no error", () => {
      // Not the slow-host-call warning ("...the order stays locked until it does"): the test's driver moves the shared
      // ManualClock on while a host call runs, so on a loaded machine 10 s of that clock can pass within one call.
      const warnings = shop.logs().filter((l) => Number(l.level) >= 40 && l.hostCall === undefined);
      expect(warnings.filter((l) => /lock|unfinished last line|damaged|corrupt/i.test(String(l.msg)))).toEqual([]);
      expect(shop.logs().filter((l) => Number(l.level) >= 50)).toEqual([]);
    });

    it("shows every paid order paid, with its reference, and tells the host of the payment it had not taken", async () => {
      const now = await orders();
      for (const old of view.orders.filter((o) => o.plugin?.state === "paid")) {
        const order = now.get(old.id)!;
        expect(order.paymentView!.sveaReference, old.id).toBe(old.plugin!.sveaReference);
        expect(order.payment, old.id).toMatchObject({ state: "paid", sveaReference: old.plugin!.sveaReference });
      }
      const untold = linkOf("ord-untold");
      expect(now.get("ord-untold")!.payment).toMatchObject({ state: "paid", sveaReference: untold.paymentOrderId });
      expect(await pickable()).toEqual(PICKABLE_AFTER_START.filter(has).sort());
    });

    it("lets a waiting link from before the upgrade be paid, and moves the order to picking", async () => {
      const link = linkOf("ord-wait");
      expect((await shop.admin("POST", `/orders/demo-merchant/${link.merchantOrderNumber}/complete`, {})).status).toBe(200);
      // The host is told before the plugin stores the payment: both, once the callback is worked off.
      const paid = await readUntil(orders, (now) => now.get("ord-wait")!.payment?.state === "paid" && now.get("ord-wait")!.paymentView?.state === "paid", shop.clock);
      expect(paid.get("ord-wait")!.paymentView).toMatchObject({ state: "paid", sveaReference: link.paymentOrderId });
      expect(await pickable()).toContain("ord-wait");
    });

    it("does not run again a schedule firing the earlier version ran", async () => {
      for (const { schedule, firingAt } of view.claimedFirings) {
        const outcome = await shop.host.schedules.run(schedule, { firingAt });
        expect(outcome, schedule).toMatchObject({ skipped: false, result: { data: { result: "already-run" } } });
      }
    });

    it("settles by reconcile what was left open: the lost callback, the unknown creates and after-payment calls", async () => {
      shop.clock.advance(31 * 60_000);
      const run = await driveClockWhile(shop.api<{ ok: boolean }>("POST", "/commands/reconcile", {}), shop.clock);
      expect(run.body.ok).toBe(true);
      const now = await orders();
      const stateOf = (id: string) => now.get(id)?.paymentView?.state;
      if (has("ord-lost-callback")) {
        expect(now.get("ord-lost-callback")!.payment).toMatchObject({ state: "paid", sveaReference: linkOf("ord-lost-callback").paymentOrderId });
      }
      // Svea stored the create whose answer was lost: its link is the customer's, waiting. The others never reached Svea.
      expect(stateOf("ord-create-dropped")).toBe("waiting");
      for (const id of ["ord-create-503", "ord-create-timeout"].filter(has)) expect(stateOf(id), id).toBe("failed");
      if (has("ord-reissue-503")) expect(stateOf("ord-reissue-503")).toBe("waiting");
      if (has("ord-credit-lost")) expect(now.get("ord-credit-lost")!.paymentView!.afterPayment).toMatchObject({ creditedAmount: "20.00", annulled: null });
      if (has("ord-credit-503")) expect(now.get("ord-credit-503")!.paymentView!.afterPayment).toMatchObject({ creditedAmount: "0.00", annulled: null });
      if (has("ord-annul-lost")) {
        expect(now.get("ord-annul-lost")!.paymentView!.afterPayment).toMatchObject({ creditedAmount: "296.20", annulled: "credited" });
        expect(await heldBack("ord-annul-lost")).toBe("payment-annulled");
      }
      // The create a crash left in flight never reached Svea, and the host never had its order: nothing to pay.
      if (has("ord-create-in-flight")) expect(reading.records.get("ord-create-in-flight")!.links).toEqual([]);
      for (const id of ["ord-paid", "ord-replaced", "ord-wait", "ord-untold"].filter(has)) expect(stateOf(id), id).toBe("paid");
    });

    it("ends the links still waiting in the expiry sweep, and leaves every payment paid", async () => {
      shop.clock.advance(49 * 3_600_000);
      expect((await shop.admin("POST", "/sweep")).status).toBe(200);
      const run = await driveClockWhile(shop.api<{ ok: boolean }>("POST", "/commands/expire-links", {}), shop.clock);
      expect(run.body.ok).toBe(true);
      const now = await orders();
      for (const id of ["ord-wait2", "ord-delete-503", "ord-create-dropped", "ord-reissue-503"].filter(has)) {
        expect(now.get(id)!.paymentView!.state, id).toBe("expired");
        expect(now.get(id)!.payment!.state, id).toBe("expired");
      }
      for (const old of view.orders.filter((o) => o.plugin?.state === "paid")) expect(now.get(old.id)!.paymentView!.state, old.id).toBe("paid");
      expect(await pickable()).toEqual(expect.arrayContaining(["ord-paid", "ord-wait", "ord-untold"]));
    });

    it("credits and annuls a payment made before the upgrade, at Svea too", async () => {
      const credit = await driveClockWhile(shop.api<{ accepted: boolean }>("POST", "/orders/ord-paid/credit", { amount: "50.00", vatPercent: "25" }), shop.clock);
      expect(credit.body.accepted).toBe(true);
      expect((await svea(linkOf("ord-paid").merchantOrderNumber)).credits.map((c) => c.amountMinor)).toEqual(["5000"]);
      expect((await orders()).get("ord-paid")!.paymentView!.afterPayment).toMatchObject({ paidAmount: "296.20", creditedAmount: "50.00" });
      if (!has("ord-paid-card")) return;
      const annul = await driveClockWhile(shop.api<{ accepted: boolean }>("POST", "/orders/ord-paid-card/annul", { confirm: true }), shop.clock);
      expect(annul.body.accepted).toBe(true);
      expect(await heldBack("ord-paid-card")).toBe("payment-annulled");
    });
  });
});
