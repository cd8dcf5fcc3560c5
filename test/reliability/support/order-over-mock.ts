// One order of a runtime world: what Svea (the mock) and the plugin's store hold of it, and what the clerk, the customer and reconcile do to it.
import { expect } from "vitest";
import type { HostOrder } from "../../../plugin/host-contract/host-contract-types.js";
import { buildForHost } from "../../../plugin/use-cases/host-order-version.js";
import { createLink, prepareLink } from "../../../plugin/use-cases/link-operations.js";
import type { JournalEntry } from "../../e2e/story-harness.js";
import { driven } from "./activated-plugin.js";
import type { RuntimeWorld } from "./runtime-world.js";

/** `world` is read at each call: a test file makes a new world for each test. */
export function orderOverMock(world: () => RuntimeWorld, order: HostOrder) {
  const record = () => world().runtime.deps.store.getOrder(order.id);
  const complete = (mon: string) => {
    const w = world();
    return fetch(`${w.mock.adminUrl}/orders/${w.mock.merchant.id}/${mon}/complete`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  };
  return {
    /** What Svea holds the link as (undefined: Svea has no such order). */
    atSvea: (mon: string) => world().mock.deps.repo.find(world().mock.merchant.id, mon)?.orderStatus,
    record,
    link: async (mon: string) => (await record())?.links.find((l) => l.merchantOrderNumber === mon),
    openIntents: async () => (await record())?.intents.filter((i) => i.completedAt === null && i.abandonedAt === null) ?? [],
    /** Every request the mock received, in order. */
    journal: async () => ((await (await fetch(`${world().mock.adminUrl}/requests`)).json()) as { requests: JournalEntry[] }).requests,
    /** The customer pays at Svea (its callback is the mock's to send, or not). */
    complete,
    /** The customer pays at Svea; Svea calls back and the plugin works the callback off (its status reads paced on the clock). */
    pay: async (mon: string) => {
      expect((await complete(mon)).status, `pay ${mon}`).toBe(200);
      await world().mock.deps.callbacks.settled();
      await driven(world().runtime.background.idle(), world().clock);
    },
    save: (o: HostOrder = order) => driven(world().runtime.instance.hooks["order.save"]({ order: o, locale: "en" }), world().clock),
    reconcile: () => driven(world().runtime.instance.commands.reconcile!({ locale: "en" }), world().clock),
    /** A newer link beside the order's links, issued as a save before saves sent a lost create again under its own number. */
    issueNewerLink: async () => {
      const deps = world().runtime.deps;
      const built = buildForHost(deps, order);
      if (!built.ok) throw new Error("the test order does not build");
      return (await createLink(deps, order.id, await prepareLink(deps, order, "create", built), built)).link.merchantOrderNumber;
    },
  };
}
