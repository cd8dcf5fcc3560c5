// The reference host's order actions credit, annul and deliver over HTTP: host ⇄ compiled plugin ⇄ mock Svea.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { eventually, orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { DEMO_PAYMENT_ADMIN, paymentAdminCall } from "./payment-admin-support.js";

let story: Story;
beforeAll(async () => {
  story = await startStory({ settings: { deferredDelivery: true, paymentAdmin: { ...DEMO_PAYMENT_ADMIN } } });
});
afterAll(async () => {
  await story?.close();
});

async function action(id: string, name: "credit" | "annul" | "deliver", body: unknown, locale = "en") {
  const res = await fetch(`${story.host.url}/api/orders/${id}/${name}?locale=${locale}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { accepted: boolean; errors?: { code: string }[]; notices?: { code: string }[]; paymentView?: PaymentView } };
}

/** A form post as the order page sends it (same origin), with the page's form token. */
const postForm = (path: string, fields: Record<string, string> | URLSearchParams) =>
  fetch(`${story.host.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: story.host.url },
    body: new URLSearchParams(fields),
  });
const tokenOf = (html: string, form: string) => new RegExp(`name="formToken" value="([^"]+\\.${form})"`).exec(html)?.[1];

/** The fixture order saved through the host and paid by the customer; Svea's payment order id. */
async function savedAndPaid(id: string): Promise<number> {
  const saved = await story.save(orderFor(id));
  const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
  const completed = await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" });
  await eventually(() => story.view(id), (v) => v?.state === "paid", story.clock);
  return ((await completed.json()) as { order: { paymentOrderId: number } }).order.paymentOrderId;
}
/** What Payment Admin holds as credited (cancelled) of the order, in minor units. */
const cancelledAt = async (paymentOrderId: number) => (await paymentAdminCall(story.mock.url, "GET", `/orders/${paymentOrderId}`)).json.cancelledAmount;

describe("clerk API order actions after payment", () => {
  it("refuses an unpaid order 422, then delivers, credits and refuses an unconfirmed annul of the paid order", async () => {
    // The fixture order: 2 × 59.90 at 12 % and 4 × 49.00 less 10 % at 25 %: 296.20 SEK.
    const saved = await story.save(orderFor("ord-ap1"));
    const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
    const unpaid = await action("ord-ap1", "credit", { amount: "10.00" });
    expect(unpaid).toMatchObject({ status: 422, body: { accepted: false, errors: [{ code: "not-paid" }] } });

    const completed = await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" });
    const paymentOrderId = ((await completed.json()) as { order: { paymentOrderId: number } }).order.paymentOrderId;
    await eventually(() => story.view("ord-ap1"), (v) => v?.state === "paid", story.clock);
    expect(await story.pickableIds()).toContain("ord-ap1");
    // A deferred-delivery order: the order page offers Deliver.
    expect(await story.view("ord-ap1")).toMatchObject({ delivery: "deferred" });
    const page = await (await fetch(`${story.host.url}/orders/ord-ap1?locale=en`)).text();
    expect(page).toContain('id="deliver"');
    // Two VAT rates: an amount credit must name one, so the page asks for it beside the amount, picking none itself.
    expect(page).toMatch(
      /<label for="credit-vat">VAT rate of the amount<\/label><select id="credit-vat" name="vatPercent" autocomplete="off"><option value="" selected="">– choose a VAT rate –<\/option><option value="12">12 %<\/option><option value="25">25 %<\/option><\/select>/,
    );

    const delivered = await action("ord-ap1", "deliver", {});
    expect(delivered).toMatchObject({ status: 200, body: { accepted: true, notices: [{ code: "delivered" }] } });
    expect((await paymentAdminCall(story.mock.url, "GET", `/orders/${paymentOrderId}`)).json.orderStatus).toBe("Delivered");
    // Every row delivered: the order page no longer offers Deliver.
    const after = await (await fetch(`${story.host.url}/orders/ord-ap1?locale=en`)).text();
    expect(after).toContain('id="after-payment"');
    expect(after).not.toContain('id="deliver"');

    // A row credit carries the row's own VAT rate; an amount credit on an order with two rates must name one.
    const credited = await action("ord-ap1", "credit", { rows: [{ row: 0, quantity: "1" }] }, "sv");
    expect(credited).toMatchObject({ status: 200, body: { paymentView: { afterPayment: { creditedAmount: "59.90", paidAmount: "296.20" } } } });
    const ambiguous = await action("ord-ap1", "credit", { amount: "5.00" });
    expect(ambiguous).toMatchObject({ status: 422, body: { errors: [{ code: "credit-vat-required" }] } });

    const unconfirmed = await action("ord-ap1", "annul", {});
    expect(unconfirmed).toMatchObject({ status: 422, body: { errors: [{ code: "annul-confirmation-required" }], notices: [{ code: "annul-will-credit" }] } });
    const view = await story.view("ord-ap1");
    expect(view?.afterPayment).toMatchObject({ creditedAmount: "59.90", annulled: null, deliveries: 1 });
  });

  it("answers an action whose body is not a JSON object 400 input-invalid, in the clerk's language, not as an invalid order", async () => {
    const saved = await story.save(orderFor("ord-ap2"));
    expect(saved.accepted).toBe(true);
    for (const [locale, title] of [["sv", "Uppgifterna är ogiltiga."], ["en", "The input is invalid."]] as const) {
      const res = await fetch(`${story.host.url}/api/orders/ord-ap2/credit?locale=${locale}`, { method: "POST", headers: { "content-type": "application/json" }, body: "[1]" });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ status: 400, code: "input-invalid", title, errors: [{ path: "", rule: "jsonObject" }] });
    }
  });

  it("refuses an invalid amount 422 input-invalid, naming the amount: the order itself is fine", async () => {
    const refused = await action("ord-ap2", "credit", { amount: "ten" });
    expect(refused).toMatchObject({ status: 422, body: { accepted: false, errors: [{ code: "input-invalid", field: "amount" }] } });
  });
});

describe("the clerk API's after-payment actions with an Idempotency-Key", () => {
  it("credits once for two posts with one key: the repeat is answered as done", async () => {
    const paymentOrderId = await savedAndPaid("ord-ap-key");
    const post = () =>
      fetch(`${story.host.url}/api/orders/ord-ap-key/credit?locale=en`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "erp-credit-0001" },
        body: JSON.stringify({ rows: [{ row: 0, quantity: "1" }] }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as { accepted: boolean; notices?: { code: string }[] } }));
    const first = await post();
    const second = await post();
    expect(first).toMatchObject({ status: 200, body: { accepted: true, notices: [{ code: "credited" }] } });
    expect(second).toMatchObject({ status: 200, body: { accepted: true, notices: [{ code: "request-already-done" }] } });
    expect((await paymentAdminCall(story.mock.url, "GET", `/orders/${paymentOrderId}`)).json.cancelledAmount).toBe(5990);

    // A key too long to be kept is refused naming the header, not a body field the client never sent.
    const long = await fetch(`${story.host.url}/api/orders/ord-ap-key/credit?locale=en`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "k".repeat(201) },
      body: JSON.stringify({ amount: "1.00", vatPercent: "25" }),
    });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ code: "input-invalid", errors: [{ path: "Idempotency-Key", rule: "maxLength" }] });
  });
});

describe("the order page's after-payment forms, posted twice", () => {

  it("a double click on Credit credits once: the repeat gets the first one's notices and says nothing was done again", async () => {
    const paymentOrderId = await savedAndPaid("ord-ap-twice");

    const page = await (await fetch(`${story.host.url}/orders/ord-ap-twice?locale=sv`)).text();
    const token = tokenOf(page, "credit-rows");
    expect(token).toBeDefined();
    // Both posts of the same form at once (a double click the browser did not stop), then a resubmit after Back.
    const fields = { formToken: token!, mode: "rows", "credit.0": "1" };
    const [first, second] = await Promise.all([postForm("/orders/ord-ap-twice/credit?locale=sv", fields), postForm("/orders/ord-ap-twice/credit?locale=sv", fields)]);
    const third = await postForm("/orders/ord-ap-twice/credit?locale=sv", fields);
    for (const res of [first, second, third]) expect(res.status).toBe(303);

    // One credit of row 0 (59.90, in minor units at Payment Admin), at Svea and in the plugin.
    expect((await paymentAdminCall(story.mock.url, "GET", `/orders/${paymentOrderId}`)).json.cancelledAmount).toBe(5990);
    expect((await story.view("ord-ap-twice"))?.afterPayment).toMatchObject({ creditedAmount: "59.90" });
    const shown = await Promise.all([first, second, third].map(async (res) => (await fetch(`${story.host.url}${res.headers.get("location")}`)).text()));
    const repeated = shown.filter((html) => html.includes('data-notice="form-already-sent"'));
    expect(repeated).toHaveLength(2);
    for (const html of shown) expect(html).toContain('data-notice="credited"');

    // A new page view is a new form: the clerk can credit again on purpose.
    const again = await (await fetch(`${story.host.url}/orders/ord-ap-twice?locale=sv`)).text();
    expect(tokenOf(again, "credit-rows")).not.toBe(token);
    expect((await postForm("/orders/ord-ap-twice/credit?locale=sv", { formToken: tokenOf(again, "credit-rows")!, mode: "rows", "credit.1": "1" })).status).toBe(303);
    expect((await story.view("ord-ap-twice"))?.afterPayment).toMatchObject({ creditedAmount: "104.00" });

    // An amount that is no number is refused by the page in the clerk's own spelling (the plugin's rule speaks of a point).
    const page3 = await (await fetch(`${story.host.url}/orders/ord-ap-twice?locale=sv`)).text();
    const notANumber = await postForm("/orders/ord-ap-twice/credit?locale=sv", { formToken: tokenOf(page3, "credit-amount")!, amount: "tio kronor", vatPercent: "25" });
    expect(notANumber.status).toBe(422);
    const refusedPage = await notANumber.text();
    expect(refusedPage).toContain("Belopp att kredit");
    expect(refusedPage).toContain("&quot;tio kronor&quot; är inget tal (skriv t.ex. 59,90)");
    expect(refusedPage).not.toContain("med punkt");
    expect(refusedPage).toContain('value="tio kronor"');

    // Annulled: the state is drawn as cancelled (black bar, not the paid tick), and nothing is left to credit or annul.
    const annulled = await fetch(`${story.host.url}/api/orders/ord-ap-twice/annul?locale=en`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ confirm: true }) });
    expect(annulled.status).toBe(200);
    const after = await (await fetch(`${story.host.url}/orders/ord-ap-twice?locale=en`)).text();
    expect(after).toMatch(/data-state="paid" data-colour="black" data-icon="svea-instore-cancelled" data-shape="cancelled"/);
    // The history's paid link says the same, not a plain green "Paid".
    const historyRow = /<tr data-merchant-order-number="[^"]+" data-link-state="paid">[\s\S]*?<\/tr>/.exec(after)?.[0] ?? "";
    expect(historyRow).toContain('data-colour="black"');
    expect(historyRow).toContain("Paid, then annulled");
    expect(after).not.toContain('id="credit"');
    expect(after).not.toContain('id="annul"');
  });
});

describe("the order page's credit form after an answer Svea lost", () => {
  const noticeCodes = (html: string) => [...html.matchAll(/data-notice="([^"]+)"/g)].map((m) => m[1]);

  it("sends the refused page's form as the same request: sent again unchanged it credits nothing more; changed, it is refused and the next form is a new one", async () => {
    const paymentOrderId = await savedAndPaid("ord-ap-lost");
    const page = await (await fetch(`${story.host.url}/orders/ord-ap-lost?locale=en`)).text();
    // Svea carries out the credit and the answer is lost on the way back.
    expect((await story.admin("POST", "/faults", { kind: "drop-connection", endpoint: "return", afterStore: true })).status).toBe(201);
    const lost = await postForm("/orders/ord-ap-lost/credit?locale=en", { formToken: tokenOf(page, "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(lost.status).toBe(422);
    const refusedPage = await lost.text();
    expect(refusedPage).toContain("Unknown whether Svea carried out the action");
    expect(await cancelledAt(paymentOrderId)).toBe(5990);

    // The clerk sends the refused page's form again, as told: the same credit, checked at Svea, not paid twice.
    const retried = await postForm("/orders/ord-ap-lost/credit?locale=en", { formToken: tokenOf(refusedPage, "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(retried.status).toBe(303);
    const shown = await (await fetch(`${story.host.url}${retried.headers.get("location")}`)).text();
    expect(noticeCodes(shown)).toContain("request-already-done");
    expect(await cancelledAt(paymentOrderId)).toBe(5990);
    expect((await story.view("ord-ap-lost"))?.afterPayment).toMatchObject({ creditedAmount: "59.90" });

    // Lost again, and the clerk changes the rows on the refused page before sending it: refused in the clerk's words,
    // nothing sent; the page's next form is a new request, which credits.
    const page2 = await (await fetch(`${story.host.url}/orders/ord-ap-lost?locale=en`)).text();
    expect((await story.admin("POST", "/faults", { kind: "drop-connection", endpoint: "return", afterStore: true })).status).toBe(201);
    const lost2 = await postForm("/orders/ord-ap-lost/credit?locale=en", { formToken: tokenOf(page2, "credit-rows")!, mode: "rows", "credit.1": "1" });
    expect(lost2.status).toBe(422);
    const refused2 = await lost2.text();
    expect(await cancelledAt(paymentOrderId)).toBe(5990 + 4410);
    const changed = await postForm("/orders/ord-ap-lost/credit?locale=en", { formToken: tokenOf(refused2, "credit-rows")!, mode: "rows", "credit.1": "2" });
    expect(changed.status).toBe(422);
    const changedPage = await changed.text();
    expect(changedPage).toContain("This form had already been carried out");
    expect(changedPage).not.toContain("Give a new request a new id");
    expect(await cancelledAt(paymentOrderId)).toBe(5990 + 4410);
    const next = await postForm("/orders/ord-ap-lost/credit?locale=en", { formToken: tokenOf(changedPage, "credit-rows")!, mode: "rows", "credit.1": "1" });
    expect(next.status).toBe(303);
    expect(await cancelledAt(paymentOrderId)).toBe(5990 + 4410 * 2);
  });
});

describe("a lost credit retried from the order page opened anew", () => {
  it("is not sent again: the clerk is told the first one was carried out, and Svea credited once", async () => {
    // The page makes a new form token each time it is opened, so the retry is a new requestId to the plugin.
    const paymentOrderId = await savedAndPaid("ord-ap-reopened");
    const page = await (await fetch(`${story.host.url}/orders/ord-ap-reopened?locale=en`)).text();
    expect((await story.admin("POST", "/faults", { kind: "drop-connection", endpoint: "return", afterStore: true })).status).toBe(201);
    const lost = await postForm("/orders/ord-ap-reopened/credit?locale=en", { formToken: tokenOf(page, "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(lost.status).toBe(422);
    expect(await lost.text()).toContain("is not done again if the first one was carried out");
    expect(await cancelledAt(paymentOrderId)).toBe(5990);

    // The clerk opens the order again (as the view's label invites: "checked ... before the next action") and tries again.
    const reopened = await (await fetch(`${story.host.url}/orders/ord-ap-reopened?locale=en`)).text();
    expect(reopened).toContain("The outcome of an earlier credit is unknown");
    const retried = await postForm("/orders/ord-ap-reopened/credit?locale=en", { formToken: tokenOf(reopened, "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(retried.status).toBe(422);
    const told = await retried.text();
    expect(told).toContain("had already been carried out at Svea");
    expect(await cancelledAt(paymentOrderId)).toBe(5990);
    expect((await story.view("ord-ap-reopened"))?.afterPayment).toMatchObject({ creditedAmount: "59.90" });
    // Shown in Swedish (the language link), the page does not invite sending the form again "to have it checked": its
    // form is a new request now, and sending it credits again.
    const svLink = /href="(\/orders\/ord-ap-reopened\?refused=[\w-]+&amp;locale=sv)"/.exec(told)?.[1]?.replaceAll("&amp;", "&");
    expect(svLink).toBeDefined();
    const inSwedish = await (await fetch(`${story.host.url}${svLink}`)).text();
    expect(inSwedish).toContain("Skälen nedan angavs på engelska när formuläret skickades.");
    expect(inSwedish).not.toContain("Skicka det igen så prövas det på svenska");
    // The same post again (a reload of the refused page, a resubmit after Back, a double click the page script did not
    // see): the same request, refused again, and nothing is credited.
    const resent = await postForm("/orders/ord-ap-reopened/credit?locale=en", { formToken: tokenOf(reopened, "credit-rows")!, mode: "rows", "credit.0": "1" });
    expect(resent.status).toBe(422);
    expect(await resent.text()).toContain("had already been carried out at Svea");
    expect(await cancelledAt(paymentOrderId)).toBe(5990);
    // Told, the clerk asks again from the refused page, whose form is a new request: carried out.
    expect(tokenOf(told, "credit-rows")).not.toBe(tokenOf(reopened, "credit-rows"));
    expect((await postForm("/orders/ord-ap-reopened/credit?locale=en", { formToken: tokenOf(told, "credit-rows")!, mode: "rows", "credit.0": "1" })).status).toBe(303);
    expect(await cancelledAt(paymentOrderId)).toBe(2 * 5990);
  });
});

// A credit form field sent twice (a hand-made post, a broken page script) is refused naming the field: its two values
// were joined with a comma, which a Swedish page reads as a decimal, so amount=100&amount=50 credited 100,50 SEK.
describe("a credit form field sent twice", () => {
  for (const [field, form, fields, named] of [
    ["amount", "credit-amount", [["amount", "100"], ["amount", "50"], ["vatPercent", "25"]], "Belopp att kreditera"],
    ["vatPercent", "credit-amount", [["amount", "10"], ["vatPercent", "6"], ["vatPercent", "25"]], "Momssats för beloppet"],
    ["credit.0", "credit-rows", [["mode", "rows"], ["credit.0", "1"], ["credit.0", "5"]], "Rad 1: Antal att kreditera"],
  ] as const) {
    it(`is refused naming ${field}, and nothing is credited`, async () => {
      const id = `ord-ap-twice-${field.replace(".", "-")}`;
      const paymentOrderId = await savedAndPaid(id);
      const page = await (await fetch(`${story.host.url}/orders/${id}?locale=sv`)).text();
      const body = new URLSearchParams([["formToken", tokenOf(page, form)!]]);
      for (const [name, value] of fields) body.append(name, value);
      const res = await postForm(`/orders/${id}/credit?locale=sv`, body);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain("skickades två gånger");
      expect(html).toContain(named);
      expect(await cancelledAt(paymentOrderId)).toBe(0);
    });
  }
});
