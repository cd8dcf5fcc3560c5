// A credit whose answer was lost, retried by the clerk from the order page opened anew (a new form token, so a new
// requestId): the earlier credit is found carried out and the retry is not sent, as the refusal promised ("the next
// try ... is not done again if the first one was carried out"). It used to credit the customer twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { DEMO_PAYMENT_ADMIN, paymentAdminCall } from "../after-payment/payment-admin-support.js";

let story: Story;
beforeAll(async () => {
  story = await startStory({ settings: { deferredDelivery: true, paymentAdmin: { ...DEMO_PAYMENT_ADMIN } } });
});
afterAll(async () => {
  await story?.close();
});

const postForm = (path: string, fields: Record<string, string>) =>
  fetch(`${story.host.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: story.host.url },
    body: new URLSearchParams(fields),
  });
const tokenOf = (html: string, form: string) => new RegExp(`name="formToken" value="([^"]+\\.${form})"`).exec(html)?.[1];

async function savedAndPaid(id: string): Promise<number> {
  const saved = await story.save(orderFor(id));
  const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
  const completed = await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" });
  await eventually(() => story.view(id), (v) => v?.state === "paid", story.clock);
  return ((await completed.json()) as { order: { paymentOrderId: number } }).order.paymentOrderId;
}
const cancelledAt = async (paymentOrderId: number) => (await paymentAdminCall(story.mock.url, "GET", `/orders/${paymentOrderId}`)).json.cancelledAmount;

describe("a lost credit retried from the order page opened anew", () => {
  it("is not sent again: the clerk is told the first one was carried out, and Svea credited once", async () => {
    const paymentOrderId = await savedAndPaid("ord-r5-lost");
    const page = await (await fetch(`${story.host.url}/orders/ord-r5-lost?locale=en`)).text();
    expect((await story.admin("POST", "/faults", { kind: "drop-connection", endpoint: "return", afterStore: true })).status).toBe(201);
    const lost = await postForm("/orders/ord-r5-lost/credit?locale=en", { formToken: tokenOf(page, "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(lost.status).toBe(422);
    expect(await lost.text()).toContain("is not done again if the first one was carried out");
    expect(await cancelledAt(paymentOrderId)).toBe(5990);

    // The clerk opens the order again (as the view's label invites: "checked ... before the next action") and tries again.
    const reopened = await (await fetch(`${story.host.url}/orders/ord-r5-lost?locale=en`)).text();
    expect(reopened).toContain("The outcome of an earlier credit is unknown");
    const retried = await postForm("/orders/ord-r5-lost/credit?locale=en", { formToken: tokenOf(reopened, "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(retried.status).toBe(422);
    expect(await retried.text()).toContain("had already been carried out at Svea");
    expect(await cancelledAt(paymentOrderId)).toBe(5990);
    expect((await story.view("ord-r5-lost"))?.afterPayment).toMatchObject({ creditedAmount: "59.90" });
    // Told, the clerk opens the order and asks again: now it is a new credit, and carried out.
    const again = await postForm("/orders/ord-r5-lost/credit?locale=en", { formToken: tokenOf(await (await fetch(`${story.host.url}/orders/ord-r5-lost?locale=en`)).text(), "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(again.status).toBe(303);
    expect(await cancelledAt(paymentOrderId)).toBe(2 * 5990);
  });
});
