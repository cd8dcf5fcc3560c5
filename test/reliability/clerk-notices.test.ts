// Clerk notices the reliability suite found wrong once: a rejected SMS is announced only as the warning carrying the link.
import { afterEach, describe, expect, it } from "vitest";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";

describe("clerk notices", () => {
  let story: Story | undefined;
  afterEach(async () => story?.close());

  it("a rejected SMS is not also announced as sent", async () => {
    story = await startStory();
    expect((await story.admin("POST", "/faults", { kind: "sms-failure", mobilePhoneNumber: "+46701234567" })).status).toBe(201);
    const saved = await story.save(orderFor("n-1"));
    expect(saved.notices.map((n) => n.code)).toEqual(["sms-failed"]);
    expect(saved.notices[0]?.paymentLink).toBe(saved.paymentView?.paymentLink);
  });
});
