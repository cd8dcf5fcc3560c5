// How often the host hears about a create whose outcome is unknown, over the mock Svea: once per change, again only when a report failed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PaymentStateUpdate } from "../../plugin/host-contract/host-contract-types.js";
import { CREATE_OUTCOME_WINDOW_MS } from "../../plugin/use-cases/unconfirmed-create.js";
import { orderFor } from "../e2e/story-harness.js";
import { driven, startPluginWorld, type PluginWorld } from "./support/activated-plugin.js";

describe("the host told of a create being checked", () => {
  let world: PluginWorld;
  beforeEach(async () => {
    world = await startPluginWorld();
    // Activation's run over left-over work starts a turn later: let it find nothing, so each reconcile below is one run.
    for (let turn = 0; turn < 3; turn++) await new Promise((next) => setImmediate(next));
  });
  afterEach(async () => world.close());

  /** The host's updates for one order, as [state, beingChecked] pairs. */
  const told = (orderId: string) => world.orders.updates.filter((u) => u.orderId === orderId).map((u) => [u.state, u.beingChecked === true] as const);
  const save = async (id: string) => {
    const order = orderFor(id);
    world.orders.orders.set(id, order);
    const saved = await driven(world.plugin.hooks["order.save"]({ order, locale: "en" }), world.clock);
    return saved.accepted ? saved : { paymentView: undefined };
  };
  const reconcile = () => driven(world.plugin.commands["reconcile"]!({ locale: "en" }), world.clock);
  /** Reconcile every `everyMs` of the create's outcome window (Svea still answering 404). */
  const reconcileThroughWindow = async (runs: number, everyMs: number) => {
    for (let i = 0; i < runs; i++) {
      world.clock.advance(everyMs);
      expect((await reconcile()).ok).toBe(true);
    }
  };
  /** Svea answers every create with a 503 (and holds nothing): the outcome is unknown to the plugin. */
  const createsFail = () => world.mock.deps.faults.add({ kind: "http-status", endpoint: "create", status: 503, count: 10 });
  /** The host refuses the next `count` updates (a database down, a bug of its own). */
  const hostRefuses = (count: number) => {
    const take = world.orders.setPaymentState.bind(world.orders);
    let left = count;
    world.orders.setPaymentState = async (update: PaymentStateUpdate) => {
      if (left-- > 0) throw new Error("the host's order book is down");
      return take(update);
    };
  };

  it("hears it once while reconcile runs inside the window, once more when it is failed for good, then nothing", async () => {
    createsFail();
    expect((await save("bc-1")).paymentView?.state).toBe("checking");
    expect(told("bc-1")).toEqual([["failed", true]]);
    await reconcileThroughWindow(3, 2 * 60_000);
    expect(told("bc-1")).toEqual([["failed", true]]);
    world.clock.advance(CREATE_OUTCOME_WINDOW_MS);
    await reconcile();
    expect(told("bc-1")).toEqual([
      ["failed", true],
      ["failed", false],
    ]);
    await reconcileThroughWindow(2, 15 * 60_000);
    expect(told("bc-1")).toHaveLength(2);
  });

  it("hears waiting, with the link, once Svea turns out to hold it, and nothing more after", async () => {
    // Svea holds the create 3 minutes before it stores it; the save's deadline has long passed by then.
    world.mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: 3 * 60_000 });
    expect((await save("bc-2")).paymentView?.state).toBe("checking");
    await reconcileThroughWindow(1, 60_000);
    expect(told("bc-2")).toEqual([["failed", true]]);
    await reconcileThroughWindow(2, 2 * 60_000);
    expect(told("bc-2")).toEqual([
      ["failed", true],
      ["waiting", false],
    ]);
    expect(world.orders.updates.at(-1)?.paymentLink).toMatch(/^http/);
    await reconcileThroughWindow(2, 2 * 60_000);
    expect(told("bc-2")).toHaveLength(2);
  });

  it("Svea down from the create until past the window: nothing is concluded and the host hears nothing new; once Svea answers 404, failed for good", async () => {
    createsFail();
    await save("bc-5");
    world.mock.deps.faults.add({ kind: "http-status", endpoint: "status", status: 503, count: 1000 });
    for (let run = 0; run < 3; run++) {
      world.clock.advance(5 * 60_000);
      expect((await reconcile()).data).toMatchObject({ errors: 1, intents: 0 });
    }
    const view = async () => (await world.plugin.hooks["order.payment-view"]({ orderIds: ["bc-5"], locale: "en" })).views[0];
    expect((await view())?.state).toBe("checking");
    expect(told("bc-5")).toEqual([["failed", true]]);
    world.mock.deps.faults.clear();
    world.clock.advance(15 * 60_000);
    expect((await reconcile()).data).toMatchObject({ errors: 0, intents: 1 });
    expect((await view())?.state).toBe("failed");
    expect(told("bc-5")).toEqual([
      ["failed", true],
      ["failed", false],
    ]);
  });

  it("a refused 'being checked' is told again by the next reconcile, and only by that one", async () => {
    createsFail();
    hostRefuses(1);
    expect((await save("bc-3")).paymentView?.state).toBe("checking");
    expect(told("bc-3")).toEqual([]);
    await reconcileThroughWindow(3, 2 * 60_000);
    expect(told("bc-3")).toEqual([["failed", true]]);
  });

  it("a refused final 'failed' is told again by the next reconcile, though the order has nothing else left to do", async () => {
    createsFail();
    await save("bc-4");
    world.clock.advance(CREATE_OUTCOME_WINDOW_MS);
    hostRefuses(1);
    await reconcile();
    expect(told("bc-4")).toEqual([["failed", true]]);
    await reconcileThroughWindow(1, 15 * 60_000);
    expect(told("bc-4")).toEqual([
      ["failed", true],
      ["failed", false],
    ]);
    await reconcileThroughWindow(1, 15 * 60_000);
    expect(told("bc-4")).toHaveLength(2);
  });
});
