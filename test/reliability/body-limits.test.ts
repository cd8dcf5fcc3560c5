// Body limits on every server a client can reach: the host clerk API, the mock admin API and the mock checkout forms answer 413.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { rawHttp } from "./support/raw-http.js";

const TWO_MIB = "x".repeat(2 * 1024 * 1024);

describe("body limits", () => {
  let story: Story;
  beforeAll(async () => {
    story = await startStory({ enforcePollInterval: false });
  });
  afterAll(async () => story?.close());

  it("the host's clerk API answers 413 to a 2 MiB order", async () => {
    const order = { ...orderFor("big-2"), padding: TWO_MIB };
    const res = await rawHttp("PUT", `${story.host.url}/api/orders/big-2`, { "content-type": "application/json" }, JSON.stringify(order));
    expect(res.status).toBe(413);
    expect(await story.host.store.get("big-2")).toBeUndefined();
  });

  it("the mock's admin API answers 413 to a 2 MiB body", async () => {
    const res = await rawHttp("POST", `${story.mock.adminUrl}/faults`, { "content-type": "application/json" }, JSON.stringify({ kind: "sms-failure", mobilePhoneNumber: TWO_MIB }));
    expect(res.status).toBe(413);
  });

  it("the mock's customer checkout answers 413 to a 2 MiB form", async () => {
    const saved = await story.save(orderFor("big-3"));
    const link = saved.paymentView?.paymentLink ?? "";
    const res = await rawHttp("POST", `${link.replace(/\/$/, "")}/pay`, { "content-type": "application/x-www-form-urlencoded" }, `method=card&pad=${TWO_MIB}`);
    expect(res.status).toBe(413);
  });
});
