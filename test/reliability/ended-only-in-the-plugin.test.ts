// Links the plugin holds as ended (expired, or failed for good) that Svea may still let the customer pay: a delete, a
// switch to another payment method and a payment through another link read them (status first, cancel only on
// Active), so a deleted or switched order, or a paid one, keeps no payable link at Svea. Links Svea is known to have
// ended are not read again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hasLeftOverWork, type LinkRecord } from "../../plugin/store/index.js";
import { reconcile as reconcileOrders } from "../../plugin/use-cases/reconcile.js";
import { hostOrder } from "../plugin/support/plugin-test-kit.js";
import { sveaCallsFor } from "../e2e/story-harness.js";
import { driven } from "./support/activated-plugin.js";
import { orderOverMock } from "./support/order-over-mock.js";
import { startRuntimeWorld, type RuntimeWorld } from "./support/runtime-world.js";

const MINUTE = 60_000;
const LIFETIME = 2880 * MINUTE;
/** How long Svea held a create before storing it: its link expires that much later than the plugin's. */
const HELD = 5 * MINUTE;

describe("a link the plugin holds as ended that Svea may still let the customer pay", () => {
  let w: RuntimeWorld;
  beforeEach(async () => {
    w = await startRuntimeWorld();
  });
  afterEach(async () => w.close());

  const order = hostOrder({ id: "o-7", number: "507" });
  const { atSvea, record, link, openIntents, journal, complete, pay, save, reconcile, issueNewerLink } = orderOverMock(() => w, order);
  const callsSince = async (before: number, mon: string) => sveaCallsFor((await journal()).slice(before), mon);
  const remove = () => driven(w.runtime.instance.hooks["order.delete"]({ order, locale: "en" }), w.clock);
  const switchToInvoice = () => save({ ...order, paymentMethod: "invoice" });
  const checkNow = () => driven(w.runtime.instance.hooks["order.check-payment"]({ order, locale: "en" }), w.clock);
  /** Waits for a create Svea held to be stored. */
  const landed = async (mon: string) => {
    for (let i = 0; i < 200 && atSvea(mon) === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    return atSvea(mon);
  };

  /**
   * A waiting link whose create Svea held `HELD` before storing it (its answer lost, found by reconcile), so Svea's
   * expiry is `HELD` after the plugin's; the clock is then past the plugin's expiry, not Svea's.
   */
  const linkPastPluginExpiry = async () => {
    w.orders.orders.set(order.id, order);
    const sentAt = w.clock.now();
    w.mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: HELD });
    const first = await save();
    expect(first).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
    const mon = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
    w.clock.advance(HELD);
    expect(await landed(mon)).toBe("Active");
    expect((await reconcile()).data).toMatchObject({ errors: 0 });
    expect(await link(mon)).toMatchObject({ state: "waiting", expiresAt: sentAt + LIFETIME });
    w.clock.advance(sentAt + LIFETIME + MINUTE - w.clock.now());
    return mon;
  };
  /** ... and a check-now then recorded it expired (grey) while Svea still said Active: nothing cancelled it. */
  const expiredByCheckNow = async () => {
    const mon = await linkPastPluginExpiry();
    expect((await checkNow()).paymentView).toMatchObject({ state: "expired" });
    expect(await link(mon)).toMatchObject({ state: "expired", canceledByPlugin: false });
    expect(atSvea(mon)).toBe("Active");
    w.clock.advance(6_000);
    return mon;
  };
  /** ... or a version before expired links were cancelled stored it expired from its sweep's read (Active). */
  const expiredByAnOlderVersion = async () => {
    const mon = await linkPastPluginExpiry();
    const old = (await link(mon))!;
    const stored: LinkRecord = { ...old, state: "expired", reason: "expired", checkedAt: w.clock.now() };
    delete (stored as unknown as Record<string, unknown>).sveaStatus;
    await w.runtime.deps.store.putLink(order.id, stored);
    w.clock.advance(6_000);
    return mon;
  };

  describe("expired in the plugin, still Active at Svea", () => {
    it("a delete cancels it at Svea (status read first); it stays grey and the customer can no longer pay it", async () => {
      const mon = await expiredByCheckNow();
      const before = (await journal()).length;
      expect(await remove()).toMatchObject({ accepted: true });
      expect(atSvea(mon)).toBe("Canceled");
      expect(await callsSince(before, mon)).toEqual(["status", "cancel"]);
      expect(await link(mon)).toMatchObject({ state: "expired", reason: "expired", canceledByPlugin: true });
      expect((await complete(mon)).status).toBe(409);
      expect(await openIntents()).toEqual([]);
    });

    it("a switch to another payment method cancels it at Svea", async () => {
      const mon = await expiredByCheckNow();
      expect(await switchToInvoice()).toMatchObject({ accepted: true });
      expect(atSvea(mon)).toBe("Canceled");
      expect(await link(mon)).toMatchObject({ state: "expired", canceledByPlugin: true });
    });

    it("stored expired by an older version: a payment through a newer link cancels it at once", async () => {
      const older = await expiredByAnOlderVersion();
      const newer = await issueNewerLink();
      await pay(newer);
      expect(atSvea(older)).toBe("Canceled");
      expect(await link(older)).toMatchObject({ state: "expired", canceledByPlugin: true });
      expect(await link(newer)).toMatchObject({ state: "paid", flags: [] });
      expect((await complete(older)).status).toBe(409);
    });

    it("stored expired by an older version: a save issuing a new link beside it reads it and cancels it", async () => {
      const older = await expiredByAnOlderVersion();
      const newer = await issueNewerLink();
      // The order changed: the newer (waiting) link is re-issued, and the expired one is read on the way.
      const changed = { ...order, rows: [...order.rows, { ...order.rows[0]!, rowNumber: 2, articleNumber: "A2" }], total: "200.00" };
      w.orders.orders.set(order.id, changed);
      expect(await save(changed)).toMatchObject({ accepted: true });
      expect(atSvea(older)).toBe("Canceled");
      expect(atSvea(newer)).toBe("Canceled");
      expect(await link(older)).toMatchObject({ state: "expired", canceledByPlugin: true });
    });

    /** The next write of a cancel's intent for `mon` fails as on a full disk; every other write goes through. */
    const cancelIntentWriteFailsOnce = (mon: string) => {
      const store = w.runtime.deps.store;
      const startIntent = store.startIntent.bind(store);
      let failed = false;
      store.startIntent = async (intent) => {
        if (!failed && intent.kind === "cancel" && intent.merchantOrderNumber === mon) {
          failed = true;
          throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
        }
        return startIntent(intent);
      };
      return () => failed;
    };
    const onReconcilesList = async () => (await w.runtime.deps.store.listOrdersWithOpenWork()).map((o) => o.orderId);

    it("a payment through a newer link whose cancel's intent for it cannot be written: the payment is recorded, marked, and the next reconcile cancels it", async () => {
      const older = await expiredByCheckNow();
      const newer = await issueNewerLink();
      const failed = cancelIntentWriteFailsOnce(older);
      await pay(newer);
      expect(failed()).toBe(true);
      expect(await link(newer)).toMatchObject({ state: "paid", endLinksBeside: true });
      expect(w.orders.last(order.id)).toMatchObject({ state: "paid" });
      expect(atSvea(older)).toBe("Active");
      // Nothing else keeps the order on reconcile's list: no open intent (its write failed), no waiting link.
      expect(await openIntents()).toEqual([]);
      expect(await onReconcilesList()).toEqual([order.id]);

      w.clock.advance(6_000);
      expect((await reconcile()).data).toMatchObject({ errors: 0 });
      expect(atSvea(older)).toBe("Canceled");
      expect(await link(older)).toMatchObject({ state: "expired", canceledByPlugin: true });
      expect(await link(newer)).toMatchObject({ state: "paid", flags: [] });
      expect(await link(newer)).not.toHaveProperty("endLinksBeside");
      expect(await onReconcilesList()).toEqual([]);
      expect((await complete(older)).status).toBe(409);
    });

    it("a process stopped between recording the payment and ending the older link: the activation's run for left-over work ends it", async () => {
      const older = await expiredByAnOlderVersion();
      const newer = await issueNewerLink();
      // The write that never happened stands for the process stopping there.
      cancelIntentWriteFailsOnce(older);
      await pay(newer);
      expect(atSvea(older)).toBe("Active");
      expect(hasLeftOverWork((await record())!)).toBe(true);

      w.clock.advance(6_000);
      const summary = await driven(reconcileOrders(w.runtime.deps, "left-over"), w.clock);
      expect(summary).toMatchObject({ orders: 1, errors: 0 });
      expect(atSvea(older)).toBe("Canceled");
      expect(hasLeftOverWork((await record())!)).toBe(false);
    });

    it("a payment whose older link is ended at once carries no mark, and leaves the order off reconcile's list", async () => {
      const older = await expiredByAnOlderVersion();
      const newer = await issueNewerLink();
      await pay(newer);
      expect(atSvea(older)).toBe("Canceled");
      expect(await link(newer)).toMatchObject({ state: "paid" });
      expect(await link(newer)).not.toHaveProperty("endLinksBeside");
      expect(await onReconcilesList()).toEqual([]);
    });

    it("stored expired by an older version: a payment whose callback reconcile works off (Svea unreachable at first) cancels it too", async () => {
      const older = await expiredByAnOlderVersion();
      const newer = await issueNewerLink();
      // The callback's status read is refused until its attempts run out: it is recorded, left for reconcile.
      w.mock.deps.faults.add({ kind: "http-status", endpoint: "status", status: 503, count: 3 });
      await pay(newer);
      expect(await link(newer)).toMatchObject({ state: "waiting" });
      expect((await record())?.inbox.filter((e) => e.processedAt === null)).toHaveLength(1);

      w.clock.advance(6_000);
      expect((await reconcile()).data).toMatchObject({ callbacks: 1, paid: 1, errors: 0 });
      expect(await link(newer)).toMatchObject({ state: "paid" });
      expect(atSvea(older)).toBe("Canceled");
      expect(await link(older)).toMatchObject({ state: "expired", canceledByPlugin: true });
      expect(await openIntents()).toEqual([]);
    });

    it("paid at Svea before the delete (its callback lost): recorded paid, never cancelled, and the delete is refused", async () => {
      const mon = await expiredByCheckNow();
      w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: mon });
      // Svea's page still takes the payment: its own expiry is later.
      expect((await complete(mon)).status).toBe(200);
      expect(await remove()).toMatchObject({ accepted: false, errors: [{ code: "paid-order-delete" }] });
      expect(await link(mon)).toMatchObject({ state: "paid" });
      expect(atSvea(mon)).toBe("Completed");
      expect(sveaCallsFor(await journal(), mon)).not.toContain("cancel");
    });

    it("a payment whose cancel of it fails before reaching Svea leaves a cancel intent open, and reconcile cancels it", async () => {
      const older = await expiredByAnOlderVersion();
      const newer = await issueNewerLink();
      // The callback's own read passes (a no-op fault takes its turn); every read of the cancel's is refused 503.
      w.mock.deps.faults.add({ kind: "delay", endpoint: "status", delayMs: 1 });
      w.mock.deps.faults.add({ kind: "http-status", endpoint: "status", status: 503, count: 3 });
      await pay(newer);
      expect(await link(newer)).toMatchObject({ state: "paid" });
      expect(atSvea(older)).toBe("Active");
      expect(await openIntents()).toEqual([expect.objectContaining({ kind: "cancel", merchantOrderNumber: older })]);

      w.clock.advance(6_000);
      expect((await reconcile()).data).toMatchObject({ errors: 0 });
      expect(atSvea(older)).toBe("Canceled");
      expect(await link(older)).toMatchObject({ state: "expired", canceledByPlugin: true });
      expect(await openIntents()).toEqual([]);
    });
  });

  describe("expired at Svea too: no Svea call for it", () => {
    /** Svea's expiry sweep ended the link, and the nightly sweep recorded it expired from its one read (Canceled). */
    const endedBySvea = async () => {
      const mon = await linkPastPluginExpiry();
      w.clock.advance(HELD);
      await w.mock.deps.sweeper.run();
      expect(atSvea(mon)).toBe("Canceled");
      expect((await driven(w.runtime.instance.commands["expire-links"]!({ locale: "en" }), w.clock)).data).toMatchObject({ checked: 1, expired: 1 });
      return mon;
    };

    it("a delete, a renewal and the renewal's payment never read it again", async () => {
      const mon = await endedBySvea();
      const before = (await journal()).length;
      const renewed = await save();
      const newer = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
      expect(newer).not.toBe(mon);
      await pay(newer);
      expect(await callsSince(before, mon)).toEqual([]);
      expect(await link(mon)).toMatchObject({ state: "expired", canceledByPlugin: false });
    });

    it("one an older version stored without what Svea said is read once (Canceled: no cancel), then known", async () => {
      const mon = await endedBySvea();
      const stored = { ...(await link(mon))! };
      delete (stored as unknown as Record<string, unknown>).sveaStatus;
      await w.runtime.deps.store.putLink(order.id, stored);
      const newer = await issueNewerLink();
      const before = (await journal()).length;
      await pay(newer);
      expect(await callsSince(before, mon)).toEqual(["status"]);
      expect(await link(mon)).toMatchObject({ state: "expired", canceledByPlugin: false });
      const second = await issueNewerLink();
      w.clock.advance(6_000);
      await pay(second);
      expect(await callsSince(before, mon)).toEqual(["status"]);
    });
  });

  describe("a create Svea stored after its 10-minute window, once the plugin held it failed for good", () => {
    /**
     * Svea holds the save's create for 15 minutes (its answer lost: being checked); reconcile's read 11 minutes after
     * the send gets 404, past the window, and the link is failed for good; then Svea stores it and texts the customer.
     */
    const createLandingPastWindow = async () => {
      w.orders.orders.set(order.id, order);
      w.mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: 15 * MINUTE });
      const first = await save();
      expect(first).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
      const mon = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
      w.clock.advance(11 * MINUTE);
      expect((await reconcile()).data).toMatchObject({ errors: 0 });
      expect(await link(mon)).toMatchObject({ state: "failed", mayExistAtSvea: false });
      expect(await openIntents()).toEqual([]);
      w.clock.advance(4 * MINUTE);
      expect(await landed(mon)).toBe("Active");
      w.clock.advance(6_000);
      return mon;
    };

    it("a delete reads it and cancels it at Svea", async () => {
      const mon = await createLandingPastWindow();
      expect(await remove()).toMatchObject({ accepted: true });
      expect(atSvea(mon)).toBe("Canceled");
      expect(await link(mon)).toMatchObject({ state: "cancelled", canceledByPlugin: true, reason: "deleted" });
      expect((await complete(mon)).status).toBe(409);
    });

    it("a delete of an order paid through a newer link and then annulled in full reads it and cancels it at Svea", async () => {
      // Held by Svea: failed for good at 11 minutes, a newer link paid at once (its read of the held one: 404), and
      // only then does Svea store the held create and text the customer.
      w.orders.orders.set(order.id, order);
      w.mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: 15 * MINUTE });
      const first = await save();
      const lost = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
      w.clock.advance(11 * MINUTE);
      expect((await reconcile()).data).toMatchObject({ errors: 0 });
      expect(await link(lost)).toMatchObject({ state: "failed", mayExistAtSvea: false });
      const renewed = await save();
      const newer = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
      await pay(newer);
      expect(await link(newer)).toMatchObject({ state: "paid" });
      w.clock.advance(4 * MINUTE);
      expect(await landed(lost)).toBe("Active");
      // The payment given back in full (as order.annul records it): nothing is owed, so the order may be deleted.
      const paid = (await link(newer))!;
      const annulled = { currency: "SEK", paidMinor: "0", credits: [], deliveries: [], annulled: { at: w.clock.now(), how: "cancelled" as const }, pending: null };
      await w.runtime.deps.store.putLink(order.id, { ...paid, afterPayment: annulled });
      w.clock.advance(6_000);
      expect(await remove()).toMatchObject({ accepted: true });
      expect(atSvea(lost)).toBe("Canceled");
      expect(await link(lost)).toMatchObject({ state: "cancelled", canceledByPlugin: true, reason: "deleted" });
    });

    it("a switch to another payment method reads it and cancels it at Svea", async () => {
      const mon = await createLandingPastWindow();
      expect(await switchToInvoice()).toMatchObject({ accepted: true });
      expect(atSvea(mon)).toBe("Canceled");
    });

    it("a payment through the link a later save issued cancels it at once", async () => {
      const lost = await createLandingPastWindow();
      const renewed = await save();
      const newer = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
      expect([atSvea(lost), atSvea(newer)]).toEqual(["Active", "Active"]);
      await pay(newer);
      expect(atSvea(lost)).toBe("Canceled");
      expect(await link(lost)).toMatchObject({ state: "cancelled", canceledByPlugin: true, reason: "replaced" });
      expect(w.orders.last(order.id)).toMatchObject({ state: "paid", flags: [] });
    });

    it("paid through it too before the other payment's callback: recorded paid and flagged extra-payment, never cancelled", async () => {
      const lost = await createLandingPastWindow();
      const renewed = await save();
      const newer = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
      w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: lost });
      expect((await complete(lost)).status).toBe(200);
      await pay(newer);
      expect(await link(lost)).toMatchObject({ state: "paid", flags: ["extra-payment"] });
      expect(sveaCallsFor(await journal(), lost)).not.toContain("cancel");
    });

    /** A create whose every attempt lost its connection, that Svea never stored: failed for good by reconcile. */
    const createNeverStored = async () => {
      w.orders.orders.set(order.id, order);
      w.mock.deps.faults.add({ kind: "drop-connection", endpoint: "create", count: 3 });
      const first = await save();
      const mon = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
      w.clock.advance(11 * MINUTE);
      expect((await reconcile()).data).toMatchObject({ errors: 0 });
      expect(await link(mon)).toMatchObject({ state: "failed", mayExistAtSvea: false });
      return mon;
    };

    it("one Svea never stored (404) costs the delete one status read and stays failed", async () => {
      const mon = await createNeverStored();
      const before = (await journal()).length;
      expect(await remove()).toMatchObject({ accepted: true });
      expect(await callsSince(before, mon)).toEqual(["status"]);
      expect(await link(mon)).toMatchObject({ state: "failed", mayExistAtSvea: false });
    });

    it("past the link's own lifetime from its send it is no longer looked for: a switch makes no call", async () => {
      const mon = await createNeverStored();
      w.clock.advance(LIFETIME);
      const before = (await journal()).length;
      expect(await switchToInvoice()).toMatchObject({ accepted: true });
      expect(await callsSince(before, mon)).toEqual([]);
    });
  });
});
