// A link the plugin ends as expired while Svea still reports it Active (Svea's expiry counts from when it stored the
// order, the plugin's from its send) is cancelled at Svea, so it cannot be paid beside the link that renews it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostOrder } from "../plugin/support/plugin-test-kit.js";
import { sveaCallsFor } from "../e2e/story-harness.js";
import { driven } from "./support/activated-plugin.js";
import { orderOverMock } from "./support/order-over-mock.js";
import { startRuntimeWorld, type RuntimeWorld } from "./support/runtime-world.js";

const MINUTE = 60_000;
const LIFETIME = 2880 * MINUTE;
/** How long Svea held the create before storing it: its link expires that much later than the plugin's. */
const HELD = 5 * MINUTE;

describe("a link past the plugin's expiry that Svea still reports Active", () => {
  let w: RuntimeWorld;
  beforeEach(async () => {
    w = await startRuntimeWorld();
  });
  afterEach(async () => w.close());

  const order = hostOrder({ id: "o-3", number: "503" });
  const { atSvea, record, link, openIntents, journal, complete, save, reconcile } = orderOverMock(() => w, order);
  const sweep = () => driven(w.runtime.instance.commands["expire-links"]!({ locale: "en" }), w.clock);
  const startedAt = () => w.clock.now();

  /**
   * A save whose create Svea held past the save's deadline (its answer lost: the link is being checked) and stored
   * `HELD` later, so Svea's link expires `HELD` after the plugin's, which counts from the send. Returns its number and
   * when the plugin sent it.
   */
  const lostCreateLandingLate = async () => {
    w.orders.orders.set(order.id, order);
    const sentAt = startedAt();
    w.mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: HELD });
    const first = await save();
    expect(first).toMatchObject({ accepted: true, paymentView: { state: "checking" } });
    const mon = first.accepted ? first.paymentView!.links[0]!.merchantOrderNumber : "";
    w.clock.advance(HELD);
    for (let i = 0; i < 200 && atSvea(mon) === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(atSvea(mon)).toBe("Active");
    return { mon, sentAt };
  };
  /** As above, then found by reconcile: waiting, expiring `LIFETIME` after the send. */
  const waitingLinkSveaExpiresLater = async () => {
    const lost = await lostCreateLandingLate();
    expect((await reconcile()).data).toMatchObject({ errors: 0 });
    expect(await link(lost.mon)).toMatchObject({ state: "waiting", expiresAt: lost.sentAt + LIFETIME });
    return lost;
  };
  /** Past the plugin's expiry, not yet Svea's. */
  const pastPluginExpiry = (sentAt: number) => w.clock.advance(sentAt + LIFETIME + MINUTE - w.clock.now());

  it("the nightly sweep cancels it at Svea and keeps it grey: the customer can no longer pay it", async () => {
    const { mon, sentAt } = await waitingLinkSveaExpiresLater();
    pastPluginExpiry(sentAt);
    expect(atSvea(mon)).toBe("Active");
    const before = (await journal()).length;

    expect((await sweep()).data).toMatchObject({ checked: 1, expired: 1, paid: 0, errors: 0 });
    expect(atSvea(mon)).toBe("Canceled");
    expect(await link(mon)).toMatchObject({ state: "expired", reason: "expired", canceledByPlugin: true });
    expect(w.orders.last(order.id)).toMatchObject({ state: "expired" });
    // The sweep's read, then the cancel's own (never blind) and the cancel.
    expect(sveaCallsFor((await journal()).slice(before), mon)).toEqual(["status", "status", "cancel"]);
    expect((await complete(mon)).status).toBe(409);
    expect(await openIntents()).toEqual([]);

    // Renewing it later: one link payable, the new one.
    w.clock.advance(MINUTE);
    const renewed = await save();
    const newer = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    expect(newer).not.toBe(mon);
    expect([atSvea(mon), atSvea(newer)]).toEqual(["Canceled", "Active"]);
  });

  it("a Canceled link past its expiry costs the sweep its one status read, no cancel", async () => {
    const { mon, sentAt } = await waitingLinkSveaExpiresLater();
    w.clock.advance(sentAt + LIFETIME + HELD + MINUTE - w.clock.now());
    await w.mock.deps.sweeper.run();
    expect(atSvea(mon)).toBe("Canceled");
    const before = (await journal()).length;
    expect((await sweep()).data).toMatchObject({ checked: 1, expired: 1, errors: 0 });
    expect(sveaCallsFor((await journal()).slice(before), mon)).toEqual(["status"]);
    expect(await link(mon)).toMatchObject({ state: "expired", canceledByPlugin: false });
  });

  it("a sweep whose cancel fails leaves the link waiting (shown expired) with its cancel's intent open, and reconcile cancels it", async () => {
    const { mon, sentAt } = await waitingLinkSveaExpiresLater();
    pastPluginExpiry(sentAt);
    w.mock.deps.faults.add({ kind: "http-status", endpoint: "cancel", status: 503, count: 3 });
    expect((await sweep()).data).toMatchObject({ checked: 1, expired: 0, errors: 1 });
    expect(atSvea(mon)).toBe("Active");
    expect(await link(mon)).toMatchObject({ state: "waiting" });
    expect(w.orders.last(order.id)).toMatchObject({ state: "expired" });
    expect(await openIntents()).toEqual([expect.objectContaining({ kind: "cancel", merchantOrderNumber: mon })]);

    w.clock.advance(6_000);
    expect((await reconcile()).data).toMatchObject({ errors: 0 });
    expect(atSvea(mon)).toBe("Canceled");
    expect(await link(mon)).toMatchObject({ state: "expired", reason: "expired" });
    expect(await openIntents()).toEqual([]);
  });

  it("a sweep whose cancel's status read is refused 401 (nothing sent) leaves the link waiting, and the next sweep cancels it", async () => {
    const { mon, sentAt } = await waitingLinkSveaExpiresLater();
    pastPluginExpiry(sentAt);
    // The sweep's own read passes (a no-op fault takes its turn); the cancel's read is refused.
    w.mock.deps.faults.add({ kind: "delay", endpoint: "status", delayMs: 1 });
    w.mock.deps.faults.add({ kind: "http-status", endpoint: "status", status: 401 });
    const swept = await sweep();
    expect(swept).toMatchObject({ ok: false, data: { checked: 1, expired: 0, errors: 1 } });
    expect(atSvea(mon)).toBe("Active");
    expect(await link(mon)).toMatchObject({ state: "waiting" });
    // Nothing was sent: the cancel's intent is closed as not carried out, and the waiting link is what is left to do.
    expect(await openIntents()).toEqual([]);
    expect((await record())?.intents.filter((i) => i.kind === "cancel")).toEqual([expect.objectContaining({ outcome: "failed:auth", abandonedAt: expect.any(Number) })]);

    w.clock.advance(6_000);
    expect((await sweep()).data).toMatchObject({ checked: 1, expired: 1, errors: 0 });
    expect(atSvea(mon)).toBe("Canceled");
    expect(await link(mon)).toMatchObject({ state: "expired", canceledByPlugin: true });
  });

  it("reconcile's read of a quiet waiting link past its expiry cancels it when Svea still says Active", async () => {
    const { mon, sentAt } = await waitingLinkSveaExpiresLater();
    pastPluginExpiry(sentAt);
    expect((await reconcile()).data).toMatchObject({ checked: 1, errors: 0 });
    expect(atSvea(mon)).toBe("Canceled");
    expect(await link(mon)).toMatchObject({ state: "expired", canceledByPlugin: true });
  });

  it("a save that finds the lost create past the plugin's expiry cancels it before sending the renewal: one payable link", async () => {
    const { mon, sentAt } = await lostCreateLandingLate();
    pastPluginExpiry(sentAt);
    const renewed = await save();
    expect(renewed.accepted).toBe(true);
    const links = renewed.accepted ? renewed.paymentView!.links : [];
    expect(links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([
      [mon, "expired"],
      [expect.not.stringMatching(`^${mon}$`), "waiting"],
    ]);
    expect([atSvea(mon), atSvea(links[1]!.merchantOrderNumber)]).toEqual(["Canceled", "Active"]);
  });

  it("a save renewing a link a check-now recorded expired while Svea said Active cancels it first", async () => {
    const { mon, sentAt } = await waitingLinkSveaExpiresLater();
    pastPluginExpiry(sentAt);
    const checked = await driven(w.runtime.instance.hooks["order.check-payment"]({ order, locale: "en" }), w.clock);
    expect(checked.paymentView).toMatchObject({ state: "expired" });
    expect(atSvea(mon)).toBe("Active");

    w.clock.advance(6_000);
    const renewed = await save();
    const newer = renewed.accepted ? renewed.paymentView!.links.at(-1)!.merchantOrderNumber : "";
    expect([atSvea(mon), atSvea(newer)]).toEqual(["Canceled", "Active"]);
    expect(await link(mon)).toMatchObject({ state: "expired", reason: "expired" });
  });

  it("paid at Svea before the sweep (its callback lost): recorded paid, never cancelled", async () => {
    const { mon, sentAt } = await waitingLinkSveaExpiresLater();
    w.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: mon });
    pastPluginExpiry(sentAt);
    // Svea's page still takes the payment: its own expiry is later.
    expect((await complete(mon)).status).toBe(200);
    expect((await sweep()).data).toMatchObject({ checked: 1, expired: 0, paid: 1, errors: 0 });
    expect(await link(mon)).toMatchObject({ state: "paid" });
    expect(atSvea(mon)).toBe("Completed");
    expect(sveaCallsFor(await journal(), mon)).not.toContain("cancel");
  });
});
