// What the clerk's pages tell the clerk, in a real Chromium against `npm start`: a post under way shows and is
// announced, its outcome gets focus (an error as prominently as a refusal), the pages reflow at 320 CSS px, the copy
// button's name follows its text, and a row credit that is no number is refused in the clerk's words.
import { describe, expect, it } from "vitest";
import { accessibleOf, mockAdmin, savedOrder as savedOrderOf, tooLargeFormPost } from "./clerk-page-helpers.js";
import { clerkPageSessionForFile } from "./clerk-page-session.js";
import { axNodesOf } from "./small-screen-checks.js";

const session = clerkPageSessionForFile();

const admin = (method: string, path: string, body?: unknown) => mockAdmin(session.world, method, path, body);
const savedOrder = (number: string, options: { paid?: boolean } = {}) => savedOrderOf(session.world, number, options);
const accessible = (selector: string) => accessibleOf(session.context, session.page, selector);

/** The new-order form filled by its labels, as a clerk does; the order's number. */
async function fillNewOrder(locale: "en" | "sv" = "en"): Promise<string> {
  await session.page.goto(`${session.world.host}/orders/new?locale=${locale}`);
  await session.page.fill("#customer-name", "Karin Lindqvist");
  await session.page.fill("#customer-mobilePhone", "070-123 45 67");
  await session.page.fill("#row-0-name", "Kaffe");
  await session.page.fill("#row-0-quantity", "1");
  await session.page.fill("#row-0-unitPrice", "59.90");
  await session.page.fill("#row-0-vatPercent", "12");
  return session.page.inputValue("#number");
}

/**
 * Records, in the tab's sessionStorage, what a button and the page's live region say once the page script has marked
 * a post under way. (While a form post's answer is awaited the page can still be seen, but Playwright does not read it
 * then: it waits for the navigation; the record is read on the page that follows.)
 */
async function recordBusyState(selector: string): Promise<void> {
  await session.page.evaluate(`(() => {
    sessionStorage.removeItem("busy");
    const button = document.querySelector(${JSON.stringify(selector)});
    new MutationObserver(() => {
      const state = { text: button.textContent, ariaDisabled: button.getAttribute("aria-disabled"), cursor: getComputedStyle(button).cursor, status: document.querySelector("#page-status")?.textContent ?? null };
      sessionStorage.setItem("busy", JSON.stringify(state));
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
}

const recordedBusyState = () => session.page.evaluate(`JSON.parse(sessionStorage.getItem("busy") ?? "null")`);

const focusedId = () => session.page.evaluate("document.activeElement?.id ?? null");

/** What a screen reader meets as role=alert on the page (an alert there as the page loads is not announced by all). */
const alerts = async () => (await axNodesOf(session.context, session.page)).filter((n) => !n.ignored && n.role?.value === "alert").map((n) => n.name?.value ?? "");

describe("the clerk's pages tell what is happening", { timeout: 60_000 }, () => {
  it("a save under way shows on the pressed button, in words a screen reader announces; so does Check payment now", async () => {
    const number = await fillNewOrder();
    await recordBusyState("#save");
    await session.page.click("#save");
    await session.page.waitForURL(/\/orders\/ord-\d+\?flash=/);
    expect(await recordedBusyState()).toEqual({ text: "Saving…", ariaDisabled: "true", cursor: "progress", status: "Saving…" });
    expect(await session.page.getAttribute("#page-status", "role")).toBe("status");

    const saved = session.page.url();
    await recordBusyState("#check-payment");
    await session.page.click("#check-payment");
    await session.page.waitForURL((url) => url.href !== saved && url.pathname === `/orders/ord-${number}`, { timeout: 15_000 });
    expect(await recordedBusyState()).toEqual({ text: "Checking…", ariaDisabled: "true", cursor: "progress", status: "Checking…" });
  });

  it("after a save, focus is on its notices, which a screen reader reads out there", async () => {
    await fillNewOrder();
    await session.page.click("#save");
    await session.page.waitForURL(/flash=/);
    expect(await focusedId()).toBe("notices");
    const notices = await accessible("#notices");
    expect(notices.name).toBe("Notices");
    expect(notices.description).toContain("An SMS with the payment link will be sent to +46701234567");
  });

  it("a link Svea may not have created (it answered 503) is shown as prominently as a refusal, in its own panel, and gets focus, which reads it out", async () => {
    expect((await admin("POST", "/faults", { kind: "http-status", endpoint: "create", status: 503, count: 10 })).status).toBe(201);
    try {
      await fillNewOrder();
      await session.page.click("#save");
      await session.page.waitForURL(/flash=/, { timeout: 30_000 });
    } finally {
      await admin("DELETE", "/faults");
    }
    expect(await focusedId()).toBe("notice-errors");
    const errors = session.page.locator("#notice-errors");
    expect(await alerts()).toEqual([]);
    expect(await accessible("#notice-errors")).toMatchObject({ role: "region", name: "Something went wrong" });
    expect(await errors.getAttribute("class")).toContain("refusal");
    expect(await errors.locator('[data-notice="svea-unavailable"]').count()).toBe(1);
    expect((await accessible("#notice-errors")).description).toContain("Error: Svea answered with an error or cut the connection, but may still have created the payment link");
    // The rest (the number written for Svea) stays in the notices panel.
    expect(await session.page.locator('#notices [data-notice="svea-unavailable"]').count()).toBe(0);
  });

  it("an outcome on the page as it loads is no alert (not every screen reader announces one), but gets focus and is read out there: a refusal, a form refused, the notices", async () => {
    await fillNewOrder("sv");
    await session.page.fill("#customer-mobilePhone", "12");
    await Promise.all([session.page.waitForNavigation(), session.page.click("#save")]);
    expect(await focusedId()).toBe("refusals");
    expect(await alerts()).toEqual([]);
    const refusals = await accessible("#refusals");
    expect([refusals.role, refusals.name]).toEqual(["region", "Ordern sparades inte"]);
    expect(refusals.description).toContain("Inget skickades till Svea. Rätta och spara igen:");
    expect(refusals.description).toContain("Mobilnumret 12 på kundkortet är inte ett giltigt telefonnummer.");

    await tooLargeFormPost(session.world, session.page, "sv");
    expect(await focusedId()).toBe("page-error");
    expect(await alerts()).toEqual([]);
    expect(await accessible("#page-error")).toEqual({ role: "region", name: "Det gick inte som det skulle", description: "Formuläret är för stort (högst 262144 byte) och sparades inte." });

    await fillNewOrder("sv");
    await Promise.all([session.page.waitForNavigation(), session.page.click("#save")]);
    expect(await focusedId()).toBe("notices");
    expect(await alerts()).toEqual([]);
    // What changes on a page that stays (a post under way, a link copied) goes to a status region there from the start.
    expect(await session.page.getAttribute("#page-status", "role")).toBe("status");
    expect(await session.page.textContent("#page-status")).toBe("");
  });

  it("the copy button's accessible name follows its text once the link is copied", async () => {
    const id = await savedOrder("7301");
    await session.page.goto(`${session.world.host}/?locale=en`);
    const copy = session.page.locator(`#orders tr[data-order-id="${id}"] [data-copy]`);
    expect((await accessible(`#orders tr[data-order-id="${id}"] [data-copy]`)).name).toBe("Copy link, order 7301");
    await copy.click();
    await expect.poll(() => copy.innerText()).toBe("Copied");
    expect((await accessible(`#orders tr[data-order-id="${id}"] [data-copy]`)).name).toBe("Copied, order 7301");
  });

  it("a row credit that is no number is refused in the clerk's words, naming the row as the page numbers it", async () => {
    const id = await savedOrder("7302", { paid: true });
    await session.page.goto(`${session.world.host}/orders/${id}?locale=sv`);
    await session.page.fill("#credit-row-1", "abc");
    await session.page.click("#credit-rows-submit");
    await session.page.waitForSelector("#refusals");
    expect(await focusedId()).toBe("refusals");
    const refusal = session.page.locator('#refusals li[data-field="credit.1"]');
    expect(await refusal.count()).toBe(1);
    expect(await refusal.textContent()).toContain('Rad 2: Antal att kreditera: "abc" är inget tal (skriv t.ex. 59,90)');
    expect(await session.page.textContent("#refusals")).not.toContain("rows[");
    expect(await refusal.locator("a").getAttribute("href")).toBe("#credit-row-1");
    expect(await session.page.getAttribute("#credit-row-1", "aria-invalid")).toBe("true");
    expect(await session.page.inputValue("#credit-row-1")).toBe("abc");
  });

  it("at 320 CSS px (400 % zoom) no page scrolls sideways: a wide table scrolls in its own box", async () => {
    const paid = await savedOrder("7303", { paid: true });
    const narrow = await session.context.newPage();
    try {
      await narrow.setViewportSize({ width: 320, height: 256 });
      for (const path of ["/", "/orders/new", `/orders/${paid}`, "/picking"]) {
        await narrow.goto(`${session.world.host}${path}?locale=sv`);
        const widths = (await narrow.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")) as [number, number];
        expect([path, widths[0]]).toEqual([path, widths[1]]);
      }
      await narrow.goto(`${session.world.host}/orders/new?locale=sv`);
      // The rows table is wider than the screen, and scrolls inside its box: "Moms %" can be scrolled to.
      const box = "document.querySelector('#rows').parentElement";
      expect(await narrow.evaluate(`${box}.scrollWidth > ${box}.clientWidth && getComputedStyle(${box}).overflowX === "auto"`)).toBe(true);
    } finally {
      await narrow.close();
    }
  });
});
