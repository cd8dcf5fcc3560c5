// The customer's checkout page: rendered and paid in a real browser (chromium via playwright-core), refusals over HTTP.
import type { Browser } from "playwright-core";
import { launchChromium } from "../browser/launch-chromium.js";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

let mock: TestMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

async function createOrder(overrides: Record<string, unknown> = {}): Promise<{ n: string; link: string; paymentOrderId: number }> {
  const body = orderRequest(overrides);
  const res = await request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
  expect(res.status).toBe(200);
  return { n: String(body.merchantOrderNumber), link: res.body.instoreUiUri, paymentOrderId: res.body.paymentOrderId };
}

describe("checkout page in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it("shows merchant, rows, VAT, total and expiry, and paying by part payment completes the order", async () => {
    const { n, link, paymentOrderId } = await createOrder({
      merchantName: "Kafé <Björk> & Co",
      mobilePhoneNumber: "+46701234567",
      presetValues: [{ attributeName: "EmailAddress", value: "kund@example.se" }],
      confirmationUri: "https://shop.example/thanks",
    });
    const page = await browser.newPage();
    try {
      await page.goto(link);
      expect(await page.textContent("#merchant-name")).toBe("Kafé <Björk> & Co");
      expect(await page.textContent("#order-total")).toBe("223.00 SEK");
      expect(await page.locator("tbody tr").count()).toBe(2);
      expect(await page.locator("tr.vat-row").allTextContents()).toEqual(["varav moms 12 %10.50 SEK", "varav moms 25 %25.00 SEK"]);
      expect(await page.textContent("#expires-at")).toBe("2026-01-15 10:20 UTC");
      await page.check('input[value="partPayment"]');
      await page.click("#pay");
      await page.waitForSelector("#outcome");
      expect(await page.getAttribute("#outcome", "data-outcome")).toBe("paid");
      expect(await page.getAttribute("a", "href")).toBe("https://shop.example/thanks");
    } finally {
      await page.close();
    }
    mock.clock.advance(10_000);
    const status = await request(mock.url).get(`/api/v1/orders/${n}/status`).set("Authorization", basic(DEMO));
    expect(status.body).toMatchObject({ orderStatus: "Completed", paymentOrderId, paymentType: "PaymentPlan", paymentMethodType: "PaymentPlan" });
    expect(status.body.customerInformation.emailAddress).toBe("kund@example.se");
    expect(status.body.customerInformation.mobilePhoneNumber).toBe("+46701234567");
    expect(status.body.customerInformation.billingAddress).toMatchObject({ countryCode: "SE", isGeneric: false });
    expect(status.body.customerInformation.billingAddress.fullName).toMatch(/^\S+ \S+$/);
  });

  it("declining in the browser cancels the order", async () => {
    const { n, link } = await createOrder({ countryCode: "FI", orderItems: [{ name: "Kahvi", quantity: 100, unitPrice: 350, vatPercent: 1350, unit: "pcs" }] });
    const page = await browser.newPage();
    try {
      await page.goto(link);
      expect(await page.textContent("#order-total")).toBe("3.50 EUR");
      await page.click("#decline");
      await page.waitForSelector("#outcome");
      expect(await page.getAttribute("#outcome", "data-outcome")).toBe("declined");
    } finally {
      await page.close();
    }
    expect(mock.deps.repo.find(DEMO.id, n)).toMatchObject({ orderStatus: "Canceled", reason: "declined" });
  });
});

describe("checkout refusals", () => {
  const path = (link: string) => new URL(link).pathname;

  it("escapes what the merchant sent and sets strict headers", async () => {
    const { link } = await createOrder({ merchantName: '<script>alert("x")</script>' });
    const res = await request(mock.url).get(path(link));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain("<script>");
    expect(res.text).toContain("&lt;script&gt;");
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("shows an expired link clearly and refuses to pay it, even before the sweeper ran", async () => {
    const { n, link } = await createOrder({ minutesUntilLinkExpires: 1 });
    mock.clock.advance(60_000);
    const page = await request(mock.url).get(path(link));
    expect(page.status).toBe(410);
    expect(page.text).toContain('data-outcome="expired"');
    const pay = await request(mock.url).post(`${path(link)}/pay`).type("form").send({ method: "card" });
    expect(pay.status).toBe(409);
    expect(pay.text).toContain('data-outcome="expired"');
    expect(mock.deps.repo.find(DEMO.id, n)!.orderStatus).toBe("Active");
    await mock.deps.sweeper.run();
    expect((await request(mock.url).post(`${path(link)}/decline`)).status).toBe(409);
    expect(mock.deps.repo.find(DEMO.id, n)!.reason).toBe("expired");
  });

  it("refuses a pay form it cannot read with 400, and pays nothing (it was read as empty, which paid by invoice)", async () => {
    const { n, link } = await createOrder();
    const pay = await request(mock.url).post(`${path(link)}/pay`).set("Content-Type", "multipart/form-data; boundary=x").send("not a multipart body");
    expect(pay.status).toBe(400);
    for (const [type, body] of [["application/json", '{"method":"card"}'], ["text/plain", "method=card"]]) {
      expect((await request(mock.url).post(`${path(link)}/pay`).set("Content-Type", type!).send(body)).status).toBe(415);
    }
    expect(mock.deps.repo.find(DEMO.id, n)!.orderStatus).toBe("Active");
  });

  it("refuses to pay a link the merchant canceled, or to pay twice", async () => {
    const canceled = await createOrder();
    await request(mock.url).post(`/api/v1/orders/${canceled.n}/cancel`).set("Authorization", basic(DEMO)).expect(200);
    expect((await request(mock.url).get(path(canceled.link))).text).toContain('data-outcome="canceled"');
    expect((await request(mock.url).post(`${path(canceled.link)}/pay`).type("form").send({ method: "invoice" })).status).toBe(409);

    const paid = await createOrder();
    const first = await request(mock.url).post(`${path(paid.link)}/pay`).type("form").send({ method: "invoice" });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(path(paid.link));
    expect((await request(mock.url).post(`${path(paid.link)}/pay`).type("form").send({ method: "card" })).status).toBe(409);
    expect(mock.deps.repo.find(DEMO.id, paid.n)!.paymentType).toBe("Invoice");
  });

  it("refuses an unknown payment method (the form again, the error in the order's language) and an unknown link", async () => {
    const { link } = await createOrder();
    const refused = await request(mock.url).post(`${path(link)}/pay`).type("form").send({ method: "bitcoin" });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="method-error">Betalsätt: välj faktura, kort eller delbetalning.</p>');
    expect(refused.text).toContain('action="/checkout/');
    // A chosen language stays on the form's posts and after paying.
    const english = await request(mock.url).post(`${path(link)}/pay?lang=en`).type("form").send({ method: "bitcoin" });
    expect(english.text).toContain("Payment method: choose invoice, card or part payment.");
    expect(english.text).toContain(`action="${path(link)}/pay?lang=en"`);
    const paid = await request(mock.url).post(`${path(link)}/pay?lang=en`).type("form").send({ method: "card" });
    expect(paid.headers.location).toBe(`${path(link)}?lang=en`);
    // Once paid, an unknown method gets the paid page, never the pay form again.
    const late = await request(mock.url).post(`${path(link)}/pay`).type("form").send({ method: "bitcoin" });
    expect(late.status).toBe(409);
    expect(late.text).toContain('data-outcome="paid"');
    expect((await request(mock.url).get("/checkout/not-a-real-token")).status).toBe(404);
  });
});
