// The order page in a real Chromium against host ⇄ compiled plugin ⇄ mock Svea: an order saved by the ERP and saved
// again unchanged from the page stays the same order (no new link, no SMS), and a paid order's amount credit offers
// exactly the VAT rates the plugin says an amount may carry.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { eventually, orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { launchChromium } from "./launch-chromium.js";

let story: Story;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  story = await startStory();
  page = await (await browser.newContext({ locale: "sv-SE" })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await story?.close();
});

/** 300 screws at 1.37 net, 25 %: 513.75 SEK with VAT; Svea's 1.71 a screw leaves a 0.75 rounding row. */
const netScrews = (id: string, changes: Partial<HostOrder> = {}): HostOrder =>
  orderFor(id, {
    pricesIncludeVat: false,
    rows: [{ rowNumber: 1, articleNumber: "SKR-4", name: "Skruv", quantity: "300", unit: "st", unitPrice: "1.37", vatPercent: "25" }],
    total: "513.75",
    ...changes,
  });

/** Opens the order page, presses Save without changing anything, and waits for the page the save leads to. */
async function saveUnchanged(id: string): Promise<void> {
  await page.goto(`${story.host.url}/orders/${id}?locale=sv`);
  await page.click("#save");
  await page.waitForURL(new RegExp(`/orders/${id}\\?flash=`));
}

async function paid(id: string, order: HostOrder): Promise<void> {
  const saved = await story.save(order, "sv");
  expect(saved.accepted, JSON.stringify(saved.errors)).toBe(true);
  const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
  expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" })).status).toBe(200);
  await eventually(() => story.view(id), (v) => v?.state === "paid", story.clock);
}

/** Types an amount, picks a rate (or leaves the select as it is), presses Credit; the notices or refusals shown. */
async function creditAmount(amount: string, rate?: string): Promise<{ credited: string[]; refused: { code: string | null; link: string | null }[] }> {
  await page.fill("#credit-amount", amount);
  if (rate !== undefined) await page.selectOption("#credit-vat", rate);
  await page.click("#credit");
  await page.waitForLoadState();
  const refusals = page.locator("#refusals li");
  const refused = [];
  for (let i = 0; i < (await refusals.count()); i++) {
    refused.push({ code: await refusals.nth(i).getAttribute("data-refusal"), link: await refusals.nth(i).locator("a").getAttribute("href") });
  }
  return { credited: await page.locator('#notices [data-notice="credited"]').allTextContents(), refused };
}

const vatOptions = () => page.locator("#credit-vat option").evaluateAll((options) => options.map((o) => [(o as unknown as { value: string }).value, o.textContent, (o as unknown as { selected: boolean }).selected]));

describe("an order saved unchanged from the page", () => {
  it("keeps net prices net: the form shows the order's basis, and its total and link stay as the ERP saved them", async () => {
    expect((await story.save(netScrews("ord-7101"), "sv")).accepted).toBe(true);
    const smsBefore = (await story.sms()).length;
    await page.goto(`${story.host.url}/orders/ord-7101?locale=sv`);
    expect(await page.inputValue("#pricesIncludeVat")).toBe("false");
    expect(await page.locator("#pricesIncludeVat option:checked").textContent()).toBe("exklusive moms");
    expect(await page.inputValue("#row-0-unitPrice")).toBe("1,37");
    expect(await page.textContent("#order-total")).toBe("513,75 SEK");

    await saveUnchanged("ord-7101");
    const stored = await story.host.store.get("ord-7101");
    expect(stored?.order).toMatchObject({ pricesIncludeVat: false, total: "513.75", rows: [{ unitPrice: "1.37" }] });
    expect((await story.view("ord-7101"))?.links.map((l) => l.state)).toEqual(["waiting"]);
    expect(await story.sms()).toHaveLength(smsBefore);
    expect(await page.textContent("#order-total")).toBe("513,75 SEK");
  });

  it("keeps the ERP's own row numbers (10, 20): the link stays and no text message is sent; a row added on the page follows them", async () => {
    const [coffee, cup] = orderFor("x").rows;
    expect((await story.save(orderFor("ord-7103", { rows: [{ ...coffee!, rowNumber: 10 }, { ...cup!, rowNumber: 20 }] }), "sv")).accepted).toBe(true);
    const smsBefore = (await story.sms()).length;
    await saveUnchanged("ord-7103");
    expect((await story.host.store.get("ord-7103"))?.order.rows.map((r) => r.rowNumber)).toEqual([10, 20]);
    expect((await story.view("ord-7103"))?.links.map((l) => l.state)).toEqual(["waiting"]);
    expect(await story.sms()).toHaveLength(smsBefore);
    // Back before that save, a chosen option is not put back over the stored order (the page was fetched anew).
    expect(await page.locator("#paymentMethod").getAttribute("autocomplete")).toBe("off");
    await page.fill("#row-2-name", "Filter");
    await page.fill("#row-2-quantity", "1");
    await page.fill("#row-2-unitPrice", "25");
    await page.fill("#row-2-vatPercent", "25");
    await page.click("#save");
    await page.waitForURL(/flash=/);
    expect((await story.host.store.get("ord-7103"))?.order.rows.map((r) => r.rowNumber)).toEqual([10, 20, 21]);
  });

  it("shows only amounts with a decimal comma: an article number and a unit that look like decimals stay as the ERP wrote them", async () => {
    const order = orderFor("ord-7102", { rows: [{ rowNumber: 1, articleNumber: "100.25", name: "Skruv M4", quantity: "1.5", unit: "2.5", unitPrice: "10.00", vatPercent: "25" }], total: "15.00" });
    expect((await story.save(order, "sv")).accepted).toBe(true);
    const smsBefore = (await story.sms()).length;
    await page.goto(`${story.host.url}/orders/ord-7102?locale=sv`);
    expect(await page.inputValue("#row-0-articleNumber")).toBe("100.25");
    expect(await page.inputValue("#row-0-unit")).toBe("2.5");
    expect(await page.inputValue("#row-0-quantity")).toBe("1,5");
    expect(await page.inputValue("#row-0-unitPrice")).toBe("10,00");

    await saveUnchanged("ord-7102");
    expect((await story.host.store.get("ord-7102"))?.order.rows[0]).toMatchObject({ articleNumber: "100.25", unit: "2.5", quantity: "1.5", unitPrice: "10.00" });
    expect((await story.view("ord-7102"))?.links.map((l) => l.state)).toEqual(["waiting"]);
    expect(await story.sms()).toHaveLength(smsBefore);
  });
});

describe("the amount credit's VAT rate on a paid order", () => {
  it("offers the goods' rates once each, in the clerk's spelling, behind an empty entry: a rate is never picked for the clerk", async () => {
    // 12 % and 25 % goods, one of them written 25.00, and a text row of quantity 0 at 0 % (not sent to Svea).
    const order = orderFor("ord-7103");
    order.rows.push({ rowNumber: 3, name: "Påse", quantity: "1", unit: "st", unitPrice: "2.00", vatPercent: "25.00" });
    order.rows.push({ rowNumber: 4, name: "Tack för handeln", quantity: "0", unitPrice: "0", vatPercent: "0" });
    order.total = "298.20";
    await paid("ord-7103", order);
    expect((await story.view("ord-7103"))?.creditVatRates).toEqual(["12", "25"]);

    await page.goto(`${story.host.url}/orders/ord-7103?locale=sv`);
    expect(await vatOptions()).toEqual([
      ["", "– välj momssats –", true],
      ["12", "12 %", false],
      ["25", "25 %", false],
    ]);
    // Left unchosen, the plugin asks which rate; its refusal points at the select.
    const unchosen = await creditAmount("10");
    expect(unchosen).toEqual({ credited: [], refused: [{ code: "credit-vat-required", link: "#credit-vat" }] });
    expect(await page.locator("#credit-vat").getAttribute("aria-invalid")).toBe("true");
    expect((await vatOptions())[0]).toEqual(["", "– välj momssats –", true]);
    const chosen = await creditAmount("10", "12");
    expect(chosen.refused).toEqual([]);
    expect(chosen.credited).toHaveLength(1);
    expect((await story.view("ord-7103"))?.afterPayment).toMatchObject({ creditedAmount: "10.00" });
  });

  it("offers the rounding row's 0 % beside the goods' one rate, so the öre it took can be credited from the page", async () => {
    await paid("ord-7104", netScrews("ord-7104"));
    expect((await story.view("ord-7104"))?.creditVatRates).toEqual(["25", "0"]);

    await page.goto(`${story.host.url}/orders/ord-7104?locale=sv`);
    expect(await vatOptions()).toEqual([
      ["", "– välj momssats –", true],
      ["25", "25 %", false],
      ["0", "0 %", false],
    ]);
    // Left empty, an amount goes at the goods' one rate; the 0.75 öre then at 0 %.
    expect((await creditAmount("513,00")).credited).toHaveLength(1);
    const ore = await creditAmount("0,75", "0");
    expect(ore.refused).toEqual([]);
    expect(ore.credited).toHaveLength(1);
    expect((await story.view("ord-7104"))?.afterPayment).toMatchObject({ creditedAmount: "513.75", paidAmount: "513.75" });
  });
});

describe("the order's total while the clerk changes its rows", () => {
  it("no longer shows the saved total once a row's amount is changed: it says the total is worked out at the save, then shows the new one", async () => {
    expect((await story.save(orderFor("ord-total-typing"), "sv")).accepted).toBe(true);
    await page.goto(`${story.host.url}/orders/ord-total-typing?locale=sv`);
    expect(await page.textContent("#order-total")).toBe("296,20 SEK");
    // Typing in the customer's fields leaves the total as it is.
    await page.fill("#customer-name", "Karin Lind");
    expect(await page.textContent("#order-total")).toBe("296,20 SEK");
    await page.fill("#row-0-quantity", "3");
    expect(await page.textContent("#order-total")).toBe("– (räknas ut när ordern sparas)");
    await page.click("#save");
    await page.waitForURL(/flash=/);
    expect(await page.textContent("#order-total")).toBe("356,10 SEK");
  });
});
