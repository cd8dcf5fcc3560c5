// Renewing an expired link: the plugin cancels the old one at Svea as a precaution, and the history still shows it expired (grey).
import { afterEach, describe, expect, it } from "vitest";
import { orderFor, startStory, sveaCalls, type Story } from "../e2e/story-harness.js";

describe("renewing an expired link", () => {
  let story: Story;
  afterEach(async () => story?.close());

  it("reads the old link, cancels it at Svea, creates the new one, and keeps the old one expired in the history", async () => {
    story = await startStory({ settings: { linkLifetimeMinutes: 60 } });
    const first = await story.save(orderFor("ren-1"));
    const oldMon = first.paymentView?.links.at(-1)?.merchantOrderNumber ?? "";
    await story.advance(61 * 60_000);

    const before = (await story.requests()).length;
    const renewed = await story.save(orderFor("ren-1"));
    const newMon = renewed.paymentView?.links.at(-1)?.merchantOrderNumber ?? "";
    expect(sveaCalls((await story.requests()).slice(before))).toEqual([`status:${oldMon}`, `cancel:${oldMon}`, `create:${newMon}`]);
    expect((await story.mockOrder(oldMon)).orderStatus).toBe("Canceled");

    expect(renewed.paymentView?.state).toBe("waiting");
    expect(renewed.paymentView?.links.map((l) => [l.merchantOrderNumber, l.state, l.reason])).toEqual([
      [oldMon, "expired", "expired"],
      [newMon, "waiting", null],
    ]);
    // Still expired when read back later, not turned cancelled (black) by the precautionary cancel.
    expect((await story.view("ren-1"))?.links[0]?.state).toBe("expired");
  });
});
