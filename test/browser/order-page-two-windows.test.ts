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
