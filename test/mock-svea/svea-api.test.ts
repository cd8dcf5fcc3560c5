// The four Svea Instore endpoints of the mock over real HTTP: bodies read as ASP.NET reads them, every refusal, isolation.
import { request as httpRequest } from "node:http";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { responseValidators } from "../../common/svea-instore-schemas.js";
import { basic, DEMO, OTHER, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

let mock: TestMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());
beforeEach(() => {
  // Each test polls its own orders; a fresh clock window keeps them independent.
  mock.clock.advance(10_000);
});

const api = () => request(mock.url);
const create = (body: unknown, merchant: { id: string; password: string } = DEMO) =>
  api().post("/api/v1/orders").set("Authorization", basic(merchant)).set("Content-Type", "application/json").send(JSON.stringify(body));
const status = (n: string, merchant: { id: string; password: string } = DEMO) => api().get(`/api/v1/orders/${encodeURIComponent(n)}/status`).set("Authorization", basic(merchant));

function expectProblem(res: request.Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const checked = responseValidators.problemDetails(res.body);
  expect(checked.ok).toBe(true);
  expect(res.body.status).toBe(status);
  expect(res.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  // The id a developer finds in the mock's log and request journal, on the refusal as on every answer.
  expect(res.headers["x-request-id"]).toBe(res.body.traceId);
}

describe("create", () => {
  it("answers a CreateOrderResponse with a checkout link, an integer paymentOrderId and Active status", async () => {
    const body = orderRequest({ mobilePhoneNumber: "+46701234567", tags: ["store-1"] });
    const res = await create(body);
    expect(res.status).toBe(200);
    expect(responseValidators.createOrderResponse(res.body).ok).toBe(true);
    expect(res.body.orderStatus).toBe("Active");
    expect(Number.isInteger(res.body.paymentOrderId)).toBe(true);
    expect(res.body.instoreUiUri).toMatch(new RegExp(`^${mock.url}/checkout/[A-Za-z0-9_-]{43}$`));
    expect(res.body.smsSentSuccessfully).toBe(true);
    expect(res.body.tags).toEqual(["store-1"]);
    expect(res.body.orderItems[0]).toMatchObject({ name: "Kaffe", quantity: 200, unitPrice: 4900, discountPercent: null });
    const stored = mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))!;
    expect(Date.parse(stored.expiresAt) - Date.parse(stored.createdAt)).toBe(20 * 60_000);
  });

  it("gives every order its own paymentOrderId and token", async () => {
    const a = await create(orderRequest());
    const b = await create(orderRequest());
    expect(a.body.paymentOrderId).not.toBe(b.body.paymentOrderId);
    expect(a.body.instoreUiUri).not.toBe(b.body.instoreUiUri);
  });

  it("matches PascalCase property names, inside orderItems and presetValues too", async () => {
    const n = `PC-${Date.now()}`;
    const res = await create({
      MerchantOrderNumber: n,
      COUNTRYCODE: "SE",
      TermsUri: "https://shop.example/terms",
      MinutesUntilLinkExpires: 5,
      OrderItems: [{ Name: "Te", Quantity: 100, UnitPrice: 3000, VatPercent: 1200, Unit: "st" }],
      PresetValues: [
        { AttributeName: "EmailAddress", Value: "kund@example.se", IsReadonly: true },
        { attributename: "PostalCode", VALUE: "11122" },
      ],
    });
    expect(res.status).toBe(200);
    const stored = mock.deps.repo.find(DEMO.id, n)!;
    expect(stored.request.orderItems[0]!.name).toBe("Te");
    expect(stored.request.presetValues).toEqual([
      { attributeName: "EmailAddress", value: "kund@example.se", isReadonly: true },
      { attributeName: "PostalCode", value: "11122" },
    ]);
    expect(Date.parse(stored.expiresAt) - Date.parse(stored.createdAt)).toBe(5 * 60_000);
  });

  it("takes minutesUntilLinkExpires as a number greater than 0, as Svea documents it: half a minute is a 30 s link, 0 is refused", async () => {
    const half = orderRequest({ minutesUntilLinkExpires: 0.5 });
    expect((await create(half)).status).toBe(200);
    const stored = mock.deps.repo.find(DEMO.id, String(half.merchantOrderNumber))!;
    expect(Date.parse(stored.expiresAt) - Date.parse(stored.createdAt)).toBe(30_000);
    const zero = await create(orderRequest({ minutesUntilLinkExpires: 0 }));
    expectProblem(zero, 400);
    expect(Object.keys(zero.body.errors)).toEqual(["minutesUntilLinkExpires"]);
  });

  it("counts a text's length as .NET does (UTF-16 code units): a 40-character name holding an emoji is 41, refused as Svea refuses it", async () => {
    const row = (name: string) => ({ name, quantity: 100, unitPrice: 100, vatPercent: 2500, unit: "st" });
    const tooLong = orderRequest({ orderItems: [row(`${"x".repeat(39)}\u{1F600}`)] });
    const res = await create(tooLong);
    expectProblem(res, 400);
    expect(Object.keys(res.body.errors)).toEqual(["orderItems[0].name"]);
    expect(mock.deps.repo.find(DEMO.id, String(tooLong.merchantOrderNumber))).toBeUndefined();
    expect((await create(orderRequest({ orderItems: [row(`${"x".repeat(38)}\u{1F600}`)] }))).status).toBe(200);
  });

  it("reads a \"__proto__\" key as an unknown name: its fields do not pass for the request's, and nothing is stored", async () => {
    const n = `PR-${process.pid}`;
    const inner = { countryCode: "SE", termsUri: "https://x.example/t", orderItems: [{ name: "a", quantity: 100, unitPrice: 100, vatPercent: 2500, unit: "st" }] };
    // Text, so the key reaches the mock as a body's own property (an object literal's __proto__ would set a prototype).
    for (const text of [`{"MerchantOrderNumber":"${n}","__proto__":${JSON.stringify(inner)}}`, `{"merchantOrderNumber":"${n}","CountryCode":"SE","termsUri":"https://x.example/t","orderItems":[{"__proto__":{"name":"a","quantity":100,"unitPrice":100,"vatPercent":2500,"unit":"st"}}]}`]) {
      const res = await api().post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(text);
      expectProblem(res, 400);
      expect(Object.keys(res.body.errors).length).toBeGreaterThan(0);
      expect(mock.deps.repo.find(DEMO.id, n)).toBeUndefined();
    }
  });

  it("ignores unknown properties and accepts pretty-printed text/json and application/*+json bodies", async () => {
    const body: Record<string, unknown> = { ...orderRequest(), somethingNew: { nested: true }, orderItems: [{ name: "Bulle", quantity: 100, unitPrice: 2500, vatPercent: 1200, unit: "st", colour: "blue" }] };
    const res = await api().post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "text/json; charset=utf-8").send(JSON.stringify(body, null, 2));
    expect(res.status).toBe(200);
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))!.request).not.toHaveProperty("somethingNew");
    const vendor = await api().post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/vnd.svea+json").send(JSON.stringify(orderRequest()));
    expect(vendor.status).toBe(200);
  });

  it("refuses other media types with 415 and malformed JSON with 400", async () => {
    const plain = await api().post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "text/plain").send(JSON.stringify(orderRequest()));
    expectProblem(plain, 415);
    const broken = await api().post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send('{"merchantOrderNumber": "x",');
    expectProblem(broken, 400);
    expect(Object.keys(broken.body.errors)).toEqual(["$"]);
    // Where it breaks, never what it holds (the body may carry a customer's data).
    const secret = await api().post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send("PW-kund-0701234567 {");
    expectProblem(secret, 400);
    expect(JSON.stringify(secret.body)).not.toContain("0701234567");
    expect(secret.body.errors.$[0]).toMatch(/^The JSON value could not be parsed/);
  });

  it("names every invalid field by its path", async () => {
    const res = await create(orderRequest({ orderItems: [{ name: "x".repeat(41), quantity: 0, unitPrice: 100, vatPercent: 2500, unit: "st" }], termsUri: undefined }));
    expectProblem(res, 400);
    expect(res.body.title).toBe("One or more validation errors occurred.");
    expect(Object.keys(res.body.errors).sort()).toEqual(["orderItems[0].name", "orderItems[0].quantity", "termsUri"]);
  });

  it("applies the Instore account's rules: country, VAT rate, currency, order total", async () => {
    const country = await create(orderRequest({ countryCode: "DE" }));
    expectProblem(country, 400);
    expect(country.body.errors.countryCode[0]).toMatch(/not a country of this Instore account/);
    const otherCountry = await create(orderRequest({ countryCode: "NO" }), OTHER);
    expect(Object.keys(otherCountry.body.errors)).toEqual(["countryCode"]);
    const vat = await create(orderRequest({ orderItems: [{ name: "x", quantity: 100, unitPrice: 100, vatPercent: 2000, unit: "st" }] }));
    expect(Object.keys(vat.body.errors)).toEqual(["orderItems[0].vatPercent"]);
    const currency = await create(orderRequest({ currency: "EUR" }));
    expect(Object.keys(currency.body.errors)).toEqual(["currency"]);
    const sek = await create(orderRequest({ currency: "SEK" }));
    expect(sek.status).toBe(200);
    const negative = await create(orderRequest({ orderItems: [{ name: "x", quantity: 100, unitPrice: 100, vatPercent: 2500, unit: "st" }, { name: "rabatt", quantity: 100, unitPrice: -200, vatPercent: 2500, unit: "st" }] }));
    expect(negative.status).toBe(400);
    expect(negative.body.errors.orderItems[0]).toMatch(/order total must be >= 0/);
    // Rows whose amounts no JSON number carries exactly: Payment Admin's amounts (the order, a delivery, a credit) are
    // sums of rows, and the mock answered them as imprecise numbers. 10 × 99,999.99 × 99,999,999,999.99 is past int64.
    const huge = await create(orderRequest({ orderItems: Array.from({ length: 10 }, () => ({ name: "x", quantity: 9_999_999, unitPrice: 9_999_999_999_999, vatPercent: 2500, unit: "st" })) }));
    expect(huge.status).toBe(400);
    expect(huge.body.errors).toEqual({
      orderItems: ["the rows above zero, and those below zero, must each add up to at most 9007199254740991 minor units (they add up to 9999998999999000000 and 0)"],
    });
    const offset = [
      { name: "x", quantity: 1_000_000, unitPrice: 9_999_999_999_999, vatPercent: 2500, unit: "st" },
      { name: "trade-in", quantity: 999_999, unitPrice: -9_999_999_999_999, vatPercent: 2500, unit: "st" },
    ];
    expect(Object.keys((await create(orderRequest({ orderItems: offset }))).body.errors)).toEqual(["orderItems"]);
    const norway = await create(orderRequest({ countryCode: "NO", orderItems: [{ name: "x", quantity: 100, unitPrice: 100, vatPercent: 1500, unit: "st" }] }));
    expect(norway.status).toBe(200);
    expect(mock.deps.repo.find(DEMO.id, String(norway.body.merchantOrderNumber))!.currency).toBe("NOK");
  });

  it("answers 409 with a problem document for a duplicate merchantOrderNumber, but another merchant may use it", async () => {
    const body = orderRequest();
    expect((await create(body)).status).toBe(200);
    expectProblem(await create(body), 409);
    expect((await create(body, OTHER)).status).toBe(200);
  });

  it("refuses a duplicate with the status set in duplicateCreateStatus (Svea documents none): 400 naming merchantOrderNumber, or 422; nothing more is stored or texted", async () => {
    const body = orderRequest({ mobilePhoneNumber: "+46701234567" });
    const n = String(body.merchantOrderNumber);
    expect((await create(body)).status).toBe(200);
    expect((await api().get("/__admin/settings")).body.duplicateCreateStatus).toBe(409);
    try {
      const set = await api().put("/__admin/settings").send({ duplicateCreateStatus: 400 });
      expect(set.body).toMatchObject({ duplicateCreateStatus: 400, enforcePollInterval: true });
      const refused = await create(body);
      expectProblem(refused, 400);
      expect(refused.body.title).toBe("One or more validation errors occurred.");
      expect(refused.body.errors).toEqual({ merchantOrderNumber: [`an order with merchantOrderNumber "${n}" already exists for this merchant`] });
      // A new number is still taken, and a genuine validation error is still a 400 of its own field.
      expect((await create(orderRequest())).status).toBe(200);
      expect((await create({ ...body, countryCode: "XX" })).body.errors).toHaveProperty("countryCode");
      await api().put("/__admin/settings").send({ duplicateCreateStatus: 422 });
      expectProblem(await create(body), 422);
      expect(mock.deps.repo.list({}).filter((o) => o.merchantOrderNumber === n)).toHaveLength(1);
      expect(mock.deps.repo.smsOutbox().filter((s) => s.merchantOrderNumber === n)).toHaveLength(1);
      expectProblem(await api().put("/__admin/settings").send({ duplicateCreateStatus: 404 }), 400);
      expect((await api().get("/__admin/settings")).body.duplicateCreateStatus).toBe(422);
    } finally {
      await api().put("/__admin/settings").send({ duplicateCreateStatus: 409 });
    }
    expectProblem(await create(body), 409);
  });

  it("takes duplicateCreateStatus as a start option", async () => {
    const other = await startTestMock({ duplicateCreateStatus: 400 });
    try {
      const body = orderRequest();
      const call = () =>
        request(other.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
      expect((await call()).status).toBe(200);
      expectProblem(await call(), 400);
    } finally {
      await other.close();
    }
  });

  it("answers 401 to missing or wrong credentials", async () => {
    expectProblem(await api().post("/api/v1/orders").set("Content-Type", "application/json").send(JSON.stringify(orderRequest())), 401);
    const wrong = await create(orderRequest(), { id: DEMO.id, password: "nope" });
    expectProblem(wrong, 401);
    expect(wrong.headers["www-authenticate"]).toMatch(/^Basic/);
    expectProblem(await create(orderRequest(), { id: "nobody", password: DEMO.password }), 401);
  });

  it("keeps refusing near-miss credentials after the right ones were accepted, and keeps merchants apart", async () => {
    const body = orderRequest();
    expect((await create(body)).status).toBe(200);
    expect((await create(orderRequest(), OTHER)).status).toBe(200);
    const n = String(body.merchantOrderNumber);
    expectProblem(await status(n, { id: DEMO.id, password: DEMO.password.toUpperCase() }), 401);
    expectProblem(await status(n, { id: DEMO.id, password: `${DEMO.password}x` }), 401);
    const sameHeaderLowerScheme = await api().get(`/api/v1/orders/${n}/status`).set("Authorization", basic(DEMO).replace("Basic", "basic"));
    expect(sameHeaderLowerScheme.status).toBe(200);
    mock.clock.advance(10_000);
    expect((await status(n)).status).toBe(200);
    expectProblem(await status(n, OTHER), 404);
  });

  it("answers 413 to an oversized body", async () => {
    const big = orderRequest({ merchantName: "x".repeat(1_100_000) });
    expectProblem(await create(big), 413);
  });

  it("counts a chunked body (no Content-Length) against the same limit, and reads one within it", async () => {
    const chunked = (text: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${mock.url}/api/v1/orders`, { method: "POST", headers: { authorization: basic(DEMO), "content-type": "application/json" } }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        });
        req.on("error", reject);
        // Two writes without a Content-Length: Node sends Transfer-Encoding: chunked.
        req.write(text.slice(0, 10));
        req.end(text.slice(10));
      });
    const big = await chunked(JSON.stringify(orderRequest({ merchantName: "x".repeat(1_100_000) })));
    expect(big.status).toBe(413);
    const small = orderRequest();
    const ok = await chunked(JSON.stringify(small));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).merchantOrderNumber).toBe(small.merchantOrderNumber);
  });
});

describe("status", () => {
  it("answers 404 for an unknown order and for another merchant's order", async () => {
    expectProblem(await status("NO-SUCH-ORDER"), 404);
    const body = orderRequest();
    await create(body);
    expectProblem(await status(String(body.merchantOrderNumber), OTHER), 404);
  });

  it("answers 403 to a second poll of the same order within 5 s, measured from the last answered poll", async () => {
    const body = orderRequest();
    const n = String(body.merchantOrderNumber);
    await create(body);
    const first = await status(n);
    expect(first.status).toBe(200);
    expect(responseValidators.orderStatusResponse(first.body).ok).toBe(true);
    expect(first.body).not.toHaveProperty("smsSentSuccessfully");
    mock.clock.advance(4_999);
    expectProblem(await status(n), 403);
    mock.clock.advance(1);
    expect((await status(n)).status).toBe(200);
  });

  it("answers every poll when the pacing rule is switched off", async () => {
    const body = orderRequest();
    await create(body);
    const off = await api().put("/__admin/settings").send({ enforcePollInterval: false });
    expect(off.body.enforcePollInterval).toBe(false);
    try {
      for (let i = 0; i < 3; i++) expect((await status(String(body.merchantOrderNumber))).status).toBe(200);
    } finally {
      await api().put("/__admin/settings").send({ enforcePollInterval: true });
    }
  });
});

describe("cancel", () => {
  const cancel = (n: string, merchant: { id: string; password: string } = DEMO) => api().post(`/api/v1/orders/${n}/cancel`).set("Authorization", basic(merchant));

  it("cancels an Active order with no body and no Content-Type, and answers {} again when already Canceled", async () => {
    const body = orderRequest();
    const n = String(body.merchantOrderNumber);
    await create(body);
    const res = await cancel(n);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect((await status(n)).body.orderStatus).toBe("Canceled");
    expect(mock.deps.repo.find(DEMO.id, n)!.reason).toBe("merchant");
    const again = await cancel(n);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({});
  });

  it("never cancels another merchant's order", async () => {
    const body = orderRequest();
    await create(body);
    expectProblem(await cancel(String(body.merchantOrderNumber), OTHER), 404);
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))!.orderStatus).toBe("Active");
  });

  it("credits a Completed order in full, which then reports Canceled", async () => {
    const body = orderRequest();
    const n = String(body.merchantOrderNumber);
    await create(body);
    await api().post(`/__admin/orders/${DEMO.id}/${n}/complete`).send({ paymentMethod: "card" }).expect(200);
    expect((await cancel(n)).status).toBe(200);
    expect((await status(n)).body.orderStatus).toBe("Canceled");
    const inspected = await api().get(`/__admin/orders/${DEMO.id}/${n}`);
    expect(inspected.body.order.reason).toBe("credited");
    expect(inspected.body.order.credits).toEqual([expect.objectContaining({ kind: "cancel", amountMinor: "22300" })]);
  });
});

describe("return", () => {
  const ret = (n: string, returnedItems: unknown[], merchant: { id: string; password: string } = DEMO) =>
    api().post(`/api/v1/orders/${n}/return`).set("Authorization", basic(merchant)).set("Content-Type", "application/json").send(JSON.stringify({ returnedItems }));

  async function paidOrder(): Promise<string> {
    const body = orderRequest();
    const n = String(body.merchantOrderNumber);
    await create(body);
    await api().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    return n;
  }

  it("is refused on an order that is not Completed", async () => {
    const body = orderRequest();
    await create(body);
    const res = await ret(String(body.merchantOrderNumber), []);
    expectProblem(res, 400);
    expect(res.body.errors.merchantOrderNumber[0]).toMatch(/only a Completed order/);
  });

  it("records partial returns and never credits more than was sold, per row or in total", async () => {
    const n = await paidOrder();
    const coffee = { articleNumber: "K-1", name: "Kaffe", quantity: 100, unitPrice: 4900, vatPercent: 1200, unit: "st" };
    expect((await ret(n, [coffee])).status).toBe(200);
    expect((await ret(n, [coffee])).status).toBe(200);
    const third = await ret(n, [coffee]);
    expectProblem(third, 400);
    expect(Object.keys(third.body.errors)).toEqual(["returnedItems[0].quantity"]);
    const tooMuch = await ret(n, [{ name: "Goodwill", quantity: 100, unitPrice: 20_000, vatPercent: 2500, unit: "st" }]);
    expect(Object.keys(tooMuch.body.errors)).toEqual(["returnedItems"]);
    const credits = mock.deps.repo.find(DEMO.id, n)!.credits;
    expect(credits.map((c) => c.amountMinor)).toEqual(["4900", "4900"]);
  });

  it("draws a returned row on the sold row with its rowNumber when one article was sold on two rows", async () => {
    const body = orderRequest({
      orderItems: [
        { articleNumber: "ST-1", name: "Stol", quantity: 100, unitPrice: 10000, vatPercent: 2500, unit: "st", rowNumber: 1 },
        { articleNumber: "ST-1", name: "Stol (kampanj)", quantity: 300, unitPrice: 8000, vatPercent: 2500, unit: "st", rowNumber: 2 },
      ],
    });
    const n = String(body.merchantOrderNumber);
    await create(body);
    await api().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    const campaign = { articleNumber: "ST-1", name: "Stol (kampanj)", quantity: 300, unitPrice: 8000, vatPercent: 2500, unit: "st", rowNumber: 2 };
    expect((await ret(n, [campaign])).status).toBe(200);
    // The first row is still whole; the second is returned in full.
    expect((await ret(n, [{ ...campaign, quantity: 100, rowNumber: 1, name: "Stol", unitPrice: 10000 }])).status).toBe(200);
    const again = await ret(n, [{ ...campaign, quantity: 100 }]);
    expectProblem(again, 400);
    expect(Object.keys(again.body.errors)).toEqual(["returnedItems[0].quantity"]);
  });

  it("takes a returned row in another unit or at another price than the sold row (Svea: returned rows need not match), limited by the amount alone", async () => {
    const cheese = { articleNumber: "O-1", name: "Ost", quantity: 150, unitPrice: 15000, vatPercent: 1200, unit: "kg" };
    const body = orderRequest({ orderItems: [cheese] });
    const n = String(body.merchantOrderNumber);
    await create(body);
    await api().post(`/__admin/orders/${DEMO.id}/${n}/complete`).expect(200);
    // 1.5 kg sold (225.00); 500 g at 0.10 a gram (50.00) is returned, though 500 is more than the 1.5 sold in kg.
    const grams = { ...cheese, quantity: 50_000, unitPrice: 10, unit: "g" };
    expect((await ret(n, [grams])).status).toBe(200);
    // Another 1.5 kg at the sold price: the quantity cap of the same unit and price counts only that, the amount (225.00 > 175.00 left) refuses it.
    const tooMuch = await ret(n, [cheese]);
    expectProblem(tooMuch, 400);
    expect(Object.keys(tooMuch.body.errors)).toEqual(["returnedItems"]);
    expect((await ret(n, [{ ...cheese, quantity: 100 }])).status).toBe(200);
    // 1 kg returned in the sold unit at the sold price: 0.6 kg more brings that to 1.6 of the 1.5 kg sold.
    const over = await ret(n, [{ ...cheese, quantity: 60 }]);
    expectProblem(over, 400);
    expect(Object.keys(over.body.errors)).toEqual(["returnedItems[0].quantity"]);
    expect(mock.deps.repo.find(DEMO.id, n)!.credits.map((c) => c.amountMinor)).toEqual(["5000", "15000"]);
  });

  it("credits the whole remainder for an empty returnedItems, then refuses another", async () => {
    const n = await paidOrder();
    await ret(n, [{ articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st" }]).expect(200);
    await ret(n, []).expect(200);
    expect(mock.deps.repo.find(DEMO.id, n)!.credits.map((c) => c.amountMinor)).toEqual(["12500", "9800"]);
    expectProblem(await ret(n, []), 400);
  });

  it("is 404 for another merchant's order and 400 for an invalid row", async () => {
    const n = await paidOrder();
    expectProblem(await ret(n, [], OTHER), 404);
    const bad = await ret(n, [{ name: "x", quantity: 100, unitPrice: 100, vatPercent: 2500 }]);
    expect(Object.keys(bad.body.errors)).toEqual(["returnedItems[0].unit"]);
  });
});

describe("a VAT rate that ended (Finland's 14 %, 13.5 % since 2026-01-01)", () => {
  const kahvi = { name: "Kahvi", quantity: 100, unitPrice: 350, vatPercent: 1400, unit: "kpl" };
  const finnish = (vatPercent: number) => orderRequest({ countryCode: "FI", orderItems: [{ ...kahvi, vatPercent }] });
  const ret = (n: string, returnedItems: unknown[]) =>
    api().post(`/api/v1/orders/${n}/return`).set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify({ returnedItems }));

  it("refuses a new order at 14 % from 2026-01-01, naming the row and the date, and takes 13.5 %", async () => {
    expect(new Date(mock.clock.now()).getUTCFullYear()).toBe(2026);
    const res = await create(finnish(1400));
    expectProblem(res, 400);
    expect(res.body.errors["orderItems[0].vatPercent"][0]).toMatch(/^14 % is not a VAT rate of FI since 2026-01-01 \(valid: 0 %, 10 %, 13\.5 %, 25\.5 %\)$/);
    expect((await create(finnish(1350))).status).toBe(200);
  });

  it("takes 14 % on a new order made before 2026-01-01, and on a return of that order; not on a return of an order made since", async () => {
    const own = await startTestMock({ clock: new ManualClock(Date.UTC(2025, 11, 31, 23, 0, 0)) });
    try {
      const old = finnish(1400);
      const at = (path: string) => request(own.url).post(path).set("Authorization", basic(DEMO)).set("Content-Type", "application/json");
      const pay = (body: Record<string, unknown>) => request(own.url).post(`/__admin/orders/${DEMO.id}/${String(body.merchantOrderNumber)}/complete`).expect(200);
      expect((await at("/api/v1/orders").send(JSON.stringify(old))).status).toBe(200);
      await pay(old);
      const recent = finnish(1350);
      own.clock.advance(2 * 3600_000);
      expect((await at("/api/v1/orders").send(JSON.stringify(recent))).status).toBe(200);
      await pay(recent);
      const returned = { ...kahvi, quantity: 50 };
      expect((await at(`/api/v1/orders/${String(old.merchantOrderNumber)}/return`).send(JSON.stringify({ returnedItems: [returned] }))).status).toBe(200);
      const refused = await at(`/api/v1/orders/${String(recent.merchantOrderNumber)}/return`).send(JSON.stringify({ returnedItems: [returned] }));
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.errors)).toEqual(["returnedItems[0].vatPercent"]);
    } finally {
      await own.close();
    }
  });
});

describe("text encoding", () => {
  /** A create whose body is sent as these exact bytes. */
  const createBytes = async (bytes: Buffer) => {
    const res = await fetch(`${mock.url}/api/v1/orders`, { method: "POST", headers: { authorization: basic(DEMO), "content-type": "application/json" }, body: bytes });
    const headers = Object.fromEntries(res.headers);
    return { status: res.status, headers, body: (await res.json()) as Record<string, any> } as unknown as request.Response;
  };

  it("refuses a body that is not valid UTF-8 (a Latin-1 ö) with 400 naming the rule, and stores nothing", async () => {
    const body = orderRequest({ orderItems: [{ name: "Kaffe", quantity: 100, unitPrice: 4900, vatPercent: 1200, unit: "st" }] });
    const json = JSON.stringify(body).replace("Kaffe", "K\u00f6ttbullar");
    const latin1 = Buffer.from(JSON.parse(JSON.stringify(json)), "latin1");
    expect(latin1.includes(0xf6)).toBe(true);
    const res = await createBytes(latin1);
    expectProblem(res, 400);
    expect(res.body.errors.$[0]).toMatch(/not valid UTF-8/);
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))).toBeUndefined();
    // The same text in UTF-8 is taken, ö and all.
    expect((await createBytes(Buffer.from(json, "utf8"))).status).toBe(200);
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))!.request.orderItems[0]!.name).toBe("Köttbullar");
  });

  it("refuses a lone surrogate escape (\\ud800) with 400 naming the field and the rule; a surrogate pair is taken", async () => {
    const body = orderRequest({ orderItems: [{ name: "Kaffe", quantity: 100, unitPrice: 4900, vatPercent: 1200, unit: "st" }] });
    const lone = await createBytes(Buffer.from(JSON.stringify(body).replace("Kaffe", "Kaffe \\ud800"), "utf8"));
    expectProblem(lone, 400);
    expect(lone.body.errors).toEqual({ "$.orderItems[0].name": [expect.stringMatching(/lone surrogate/)] });
    const low = await createBytes(Buffer.from(JSON.stringify(body).replace("Kaffe", "\\udc00Kaffe"), "utf8"));
    expectProblem(low, 400);
    expect(mock.deps.repo.find(DEMO.id, String(body.merchantOrderNumber))).toBeUndefined();
    expect((await createBytes(Buffer.from(JSON.stringify(body).replace("Kaffe", "Kaffe \\ud83d\\ude00"), "utf8"))).status).toBe(200);
  });
});

describe("content type", () => {
  it("every JSON answer says application/json; charset=utf-8, as ASP.NET's do and as the problem documents say their own", async () => {
    const body = orderRequest();
    const n = String(body.merchantOrderNumber);
    const answers = {
      create: await create(body),
      status: await status(n),
      complete: await api().post(`/__admin/orders/${DEMO.id}/${n}/complete`).send({ paymentMethod: "card" }),
      return: await api().post(`/api/v1/orders/${n}/return`).set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify({ returnedItems: [(body.orderItems as unknown[])[0]] })),
      cancel: await api().post(`/api/v1/orders/${n}/cancel`).set("Authorization", basic(DEMO)),
      health: await api().get("/healthz"),
      openapi: await api().get("/openapi.json"),
      admin: await api().get("/__admin/settings"),
    };
    for (const [name, res] of Object.entries(answers)) {
      expect(res.status, name).toBeLessThan(300);
      expect(res.headers["content-type"], name).toBe("application/json; charset=utf-8");
    }
    expect(answers.status.body.orderStatus).toBe("Active");
    const refused = await status("no-such-order");
    expect(refused.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
  });
});
