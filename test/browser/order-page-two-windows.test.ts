// One order open in two windows of a real Chromium, against host ⇄ compiled plugin ⇄ mock Svea: the window opened
// before the other's save must not put the older order back (and have the customer texted a link for it). Its save is
// refused, nothing is stored or sent to Svea, what the clerk typed stays, and a deliberate second save goes through.
// The clerk API behind it: ETag on reads and saves, If-Match checked under the order's lock (412 order-changed).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { launchChromium } from "./launch-chromium.js";

let story: Story;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  story = await startStory();
  context = await browser.newContext({ locale: "en-GB" });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await story?.close();
});

const open = async (id: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${story.host.url}/orders/${id}?locale=en`);
  return page;
};
const storedOrder = async (id: string) => ((await (await fetch(`${story.host.url}/api/orders/${id}`)).json()) as { order: { rows: { unitPrice: string }[]; customer: { name: string } } }).order;
const smsCount = async () => (await story.sms()).length;

describe("an order open in two windows", () => {
  it("refuses the older window's save (nothing stored, nothing sent, its input kept), and saves it when the clerk saves again", async () => {
    expect((await story.save(orderFor("ord-two-windows"), "en")).accepted).toBe(true);
    const first = await open("ord-two-windows");
    const second = await open("ord-two-windows");

    // Window 1 changes the price: the link is re-issued for the new amount, and the customer texted.
    await first.fill("#row-0-unitPrice", "69.90");
    await first.click("#save");
    await first.waitForURL(/flash=/);
    expect((await storedOrder("ord-two-windows")).rows[0]!.unitPrice).toBe("69.90");
    const texted = await smsCount();
    const links = (await story.view("ord-two-windows"))!.links.length;

    // Window 2, opened before that save, changes the customer's name only.
    await second.fill("#customer-name", "Karin Lind");
    await second.click("#save");
    await second.waitForLoadState();
    await expect.poll(() => second.locator('#refusals [data-refusal="order-changed"]').count()).toBe(1);
    expect(await second.locator("#refusals").textContent()).toContain("nothing was saved and nothing was sent to Svea");
    // Nothing the clerk typed is wrong: the page does not ask for a correction.
    expect(await second.textContent("#refusals-intro")).toBe("The order was not saved, for the reason below; what you typed is kept:");
    // What the clerk typed is kept, and the order stays as window 1 saved it: no link, no text message.
    expect(await second.inputValue("#customer-name")).toBe("Karin Lind");
    expect(await second.inputValue("#row-0-unitPrice")).toBe("59.90");
    const stored = await storedOrder("ord-two-windows");
    expect([stored.rows[0]!.unitPrice, stored.customer.name]).toEqual(["69.90", "Karin Lindqvist"]);
    expect((await story.view("ord-two-windows"))!.links.length).toBe(links);
    expect(await smsCount()).toBe(texted);

    // Told, the clerk saves this window again: now it replaces the stored order on purpose.
    await second.click("#save");
    await second.waitForURL(/flash=/);
    expect((await storedOrder("ord-two-windows")).customer.name).toBe("Karin Lind");
  });
});

describe("the clerk API's order versions", () => {
  it("answers reads and saves with an ETag, and refuses a save whose If-Match is not the stored version 412, doing nothing", async () => {
    const url = `${story.host.url}/api/orders/ord-etag?locale=en`;
    const put = (body: unknown, ifMatch?: string) =>
      fetch(url, { method: "PUT", headers: { "content-type": "application/json", ...(ifMatch ? { "if-match": ifMatch } : {}) }, body: JSON.stringify(body) });
    // If-Match on an order that does not exist yet: nothing to match.
    expect((await put(orderFor("ord-etag"), "*")).status).toBe(412);
    const created = await put(orderFor("ord-etag"));
    expect(created.status).toBe(201);
    const tag = created.headers.get("etag");
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect((await fetch(url)).headers.get("etag")).toBe(tag);

    const changed = await put(orderFor("ord-etag", { total: "296.20", customer: { ...orderFor("x").customer, name: "Ny Kund" } }), tag!);
    expect(changed.status).toBe(200);
    const newTag = changed.headers.get("etag");
    expect(newTag).not.toBe(tag);
    const links = (await story.view("ord-etag"))!.links.length;

    const stale = await put(orderFor("ord-etag", { rows: [{ ...orderFor("x").rows[0]!, quantity: "3" }, orderFor("x").rows[1]!], total: "356.10" }), tag!);
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: "order-changed", title: expect.stringContaining("nothing was saved") });
    expect((await fetch(url)).headers.get("etag")).toBe(newTag);
    expect((await story.view("ord-etag"))!.links.length).toBe(links);
    // The current tag, one of a list, or * lets the save through.
    expect((await put(orderFor("ord-etag", { customer: { ...orderFor("x").customer, name: "Ny Kund" } }), `"other", ${newTag}`)).status).toBe(200);
    expect((await put(orderFor("ord-etag"), "*")).status).toBe(200);
  });
});

describe("Back to a form already sent, and another order typed into it", () => {
  const typeNewOrder = async (page: Page, number: string, name: string) => {
    await page.fill("#number", number);
    await page.fill("#customer-name", name);
    await page.fill("#customer-mobilePhone", "0701234567");
    await page.fill("#row-0-name", "Kaffe");
    await page.fill("#row-0-quantity", "1");
    await page.fill("#row-0-unitPrice", "59.90");
    await page.fill("#row-0-vatPercent", "12");
  };
  const tokenOn = (page: Page) => page.locator('#order-form input[name="formToken"]').inputValue();

  it("is a page fetched anew (pages are not kept by the browser), so the second order is saved as its own", async () => {
    const page = await context.newPage();
    await page.goto(`${story.host.url}/orders/new?locale=en`);
    const firstToken = await tokenOn(page);
    await typeNewOrder(page, "TW-1", "Första Kund");
    await page.click("#save");
    await page.waitForURL(/\/orders\/[^/]+\?flash=/);
    const response = await page.goBack();
    expect(response?.headers()["cache-control"]).toBe("no-store");
    expect(await tokenOn(page)).not.toBe(firstToken);
    await typeNewOrder(page, "TW-2", "Andra Kund");
    await page.click("#save");
    await page.waitForURL(/\/orders\/[^/]+\?flash=/);
    const numbers = ((await (await fetch(`${story.host.url}/api/orders`)).json()) as { orders: { order: { number: string } }[] }).orders.map((o) => o.order.number);
    expect(numbers).toEqual(expect.arrayContaining(["TW-1", "TW-2"]));
  });

  it("sent again with other input under the same token (a page the browser kept anyway): refused, the input kept, and the next form is a new one", async () => {
    const page = await context.newPage();
    await page.goto(`${story.host.url}/orders/new?locale=en`);
    const token = await tokenOn(page);
    await typeNewOrder(page, "TW-3", "Tredje Kund");
    await page.click("#save");
    await page.waitForURL(/\/orders\/[^/]+\?flash=/);
    // The same page as the browser would show it from a cache: the first form's token, another order typed.
    await page.goto(`${story.host.url}/orders/new?locale=en`);
    await page.locator('#order-form input[name="formToken"]').evaluate((input, t) => void ((input as unknown as { value: string }).value = t), token);
    await typeNewOrder(page, "TW-4", "Fjärde Kund");
    await page.click("#save");
    await page.waitForLoadState();
    await expect.poll(() => page.locator('#refusals [data-refusal="form-carried-out-other-input"]').count()).toBe(1);
    expect(await page.inputValue("#number")).toBe("TW-4");
    expect(await page.inputValue("#customer-name")).toBe("Fjärde Kund");
    expect(await tokenOn(page)).not.toBe(token);
    const numbers = async () => ((await (await fetch(`${story.host.url}/api/orders`)).json()) as { orders: { order: { number: string } }[] }).orders.map((o) => o.order.number);
    expect(await numbers()).not.toContain("TW-4");
    // Sent from the refused page, it is a new order.
    await page.click("#save");
    await page.waitForURL(/\/orders\/[^/]+\?flash=/);
    expect(await numbers()).toContain("TW-4");
  });
});
