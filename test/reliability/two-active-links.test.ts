// The soak's two-Active-links finding, reduced to one order: a timed-out create reaches Svea after the next save's status read said 404.
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
    expect(first.paymentView?.state).toBe("checking");
    await story.pause();
    // The next save sends the create again under the same number: the customer's link, not a second one beside it.
    const again = await driven(story.save(orderFor("late-1")), story.clock);
    expect(again.paymentView?.state).toBe("waiting");
    expect(again.paymentView?.links.map((l) => l.merchantOrderNumber)).toEqual(first.paymentView?.links.map((l) => l.merchantOrderNumber));
    // The held create reaches Svea's store: the number is taken, so Svea refuses it.
    const ours = () => story.mock.deps.repo.list({}).filter((o) => o.merchantOrderNumber.startsWith("1-"));
    const creates = async () => (await story.requests()).filter((e) => e.method === "POST" && e.path === "/api/v1/orders").map((e) => e.status);
    expect(await waitFor(creates, (c) => c.length === 2, story.clock)).toEqual([200, 409]);
    expect(ours().map((o) => o.orderStatus)).toEqual(["Active"]);
    await story.advance(31 * 60_000);
    await driven(story.command("reconcile"), story.clock);
    expect(ours().map((o) => o.orderStatus)).toEqual(["Active"]);
    expect((await story.view("late-1"))?.state).toBe("waiting");
  });
});
