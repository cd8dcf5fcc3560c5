// The soak's two-Active-links finding, reduced to one order: a timed-out create lands at Svea after the renewal's status read said 404.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { driven, waitFor } from "./support/activated-plugin.js";

describe("a timed-out create that lands late", () => {
  let story: Story;
  beforeEach(async () => {
    story = await startStory();
  });
  afterEach(async () => story.close());

  it("never leaves two Active links at Svea, even after reconcile", async () => {
    // Svea holds the create for 60 s: the save's 20 s deadline passes, the clerk saves again at once.
    expect((await story.admin("POST", "/faults", { kind: "delay", endpoint: "create", delayMs: 60_000 })).status).toBe(201);
    const first = await driven(story.save(orderFor("late-1")), story.clock);
    expect(first.paymentView?.state).toBe("failed");
    await story.pause();
    const again = await driven(story.save(orderFor("late-1")), story.clock);
    expect(again.paymentView?.state).toBe("waiting");
    // The held create lands.
    const active = () => story.mock.deps.repo.list({ orderStatus: "Active" }).filter((o) => o.merchantOrderNumber.startsWith("1-"));
    await waitFor(async () => story.mock.deps.repo.list({}).filter((o) => o.merchantOrderNumber.startsWith("1-")).length, (n) => n === 2, story.clock);
    await story.advance(31 * 60_000);
    await driven(story.command("reconcile"), story.clock);
    expect(active().map((o) => o.merchantOrderNumber)).toHaveLength(1);
  });
});
