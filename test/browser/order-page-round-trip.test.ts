// The order page in a real Chromium against host ⇄ compiled plugin ⇄ mock Svea: an order saved by the ERP and saved
// again unchanged from the page stays the same order (no new link, no SMS).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";
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
