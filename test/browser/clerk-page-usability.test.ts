// The clerk's pages in a real Chromium against `npm start`, for a review's findings: times on the shop's clock (not
// UTC), a language switch that keeps what was typed into a refused form, a confirmation box big enough to hit
// (24 × 24 CSS px), and every box that scrolls reachable by keyboard and named.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { accessibleOf, savedOrder } from "./clerk-page-helpers.js";
import { clerkPageSessionForFile } from "./clerk-page-session.js";

const session = clerkPageSessionForFile();

/**
 * The minute a Swedish shop's clock shows at `ms`, worked out from Stockholm's offset rather than by the code under
 * test: UTC + 1 h in winter (CET), + 2 h in summer (CEST).
 */
function stockholmMinute(ms: number): string {
  const offset = new Intl.DateTimeFormat("en", { timeZone: "Europe/Stockholm", timeZoneName: "shortOffset" }).formatToParts(ms).find((p) => p.type === "timeZoneName")!.value;
  const hours = Number(offset.replace("GMT", ""));
  expect([1, 2]).toContain(hours);
  return `${new Date(ms + hours * 3_600_000).toISOString().slice(0, 16).replace("T", " ")} ${hours === 2 ? "CEST" : "CET"}`;
}

const SHOP_MINUTE = /^\d{4}-\d\d-\d\d \d\d:\d\d CES?T$/;

/** Types into the fields (by selector), sends their form with the `submit` button, and waits for the refusals. */
async function sentAndRefused(page: Page, fields: Record<string, string>, submit: string): Promise<void> {
  for (const [selector, value] of Object.entries(fields)) await page.fill(selector, value);
  // The refused page is a new page (the post's answer): wait for it, not for the refusals of the page before.
  await Promise.all([page.waitForNavigation(), page.click(submit)]);
  await page.waitForSelector("#refusals");
}

/** The header's language link, as a clerk clicks it. */
async function switchTo(page: Page, locale: "sv" | "en"): Promise<void> {
  await page.click(`#lang-${locale}`);
  await page.waitForURL(new RegExp(`locale=${locale}`));
  expect(await page.getAttribute("html", "lang")).toBe(locale);
}

describe("the clerk's pages", { timeout: 60_000 }, () => {
  it("show times on the shop's clock (Europe/Stockholm by default) with the zone's name, in both languages; the sandbox clocks too", async () => {
    const { world, page } = session;
    const id = await savedOrder(world, "7401");
    const view = (await (await fetch(`${world.host}/api/orders/${id}`)).json()) as { paymentView: { links: { createdAt: string; expiresAt: string }[] } };
    const [link] = view.paymentView.links;
    for (const locale of ["sv", "en"]) {
      await page.goto(`${world.host}/orders/${id}?locale=${locale}`);
      const cells = page.locator("#history tbody tr").first().locator("td");
      expect(await cells.nth(1).textContent()).toBe(stockholmMinute(Date.parse(link!.createdAt)));
      expect(await cells.nth(2).textContent()).toBe(stockholmMinute(Date.parse(link!.expiresAt)));
      expect(await page.textContent("main")).not.toContain("UTC");

      await page.goto(`${world.host}/?locale=${locale}`);
      const savedAt = (await page.textContent(`#orders tr[data-order-id="${id}"] .saved-at`))!;
      expect(savedAt.replace(/^(Sparad|Saved) /, "")).toMatch(SHOP_MINUTE);
      const clocks = /: (.+?)\. .*?: (.+?)\./.exec((await page.textContent("#sandbox-now"))!);
      expect(clocks?.[1]).toMatch(SHOP_MINUTE);
      expect(clocks?.[2]).toMatch(SHOP_MINUTE);
    }
  });

  it("keep what the clerk typed into a refused order form when the language is switched, and the refusal, in the new language", async () => {
    const { world, page } = session;
    await page.goto(`${world.host}/orders/new?locale=sv`);
    const number = await page.inputValue("#number");
    const card = { "#customer-name": "Karin Lindqvist", "#customer-mobilePhone": "12345", "#customer-email": "karin@example.se" };
    const rows = { "#row-0-name": "Kaffe", "#row-0-quantity": "2", "#row-0-unitPrice": "59,90", "#row-0-vatPercent": "12", "#row-1-name": "Kaka", "#row-1-unitPrice": "abc", "#row-1-vatPercent": "12" };
    await sentAndRefused(page, { ...card, ...rows }, "#save");
    expect(await page.textContent('#refusals li[data-field="rows.1.unitPrice"]')).toContain('Rad 2: À-pris: "abc" är inget tal');

    // The host's own refusal is made again in English, and every field keeps what was typed (numbers in English).
    await switchTo(page, "en");
    const typed = async () => ({
      number: await page.inputValue("#number"),
      name: await page.inputValue("#customer-name"),
      mobile: await page.inputValue("#customer-mobilePhone"),
      email: await page.inputValue("#customer-email"),
      rows: [await page.inputValue("#row-0-name"), await page.inputValue("#row-0-quantity"), await page.inputValue("#row-0-unitPrice"), await page.inputValue("#row-1-unitPrice")],
    });
    expect(await typed()).toEqual({ number, name: "Karin Lindqvist", mobile: "12345", email: "karin@example.se", rows: ["Kaffe", "2", "59.90", "abc"] });
    expect(await page.textContent("#refusals-heading")).toBe("The order was not saved");
    expect(await page.textContent('#refusals li[data-field="rows.1.unitPrice"]')).toContain('Row 2: Unit price: "abc" is not a number (write e.g. 59.90)');
    expect(await page.getAttribute("#row-1-unitPrice", "aria-invalid")).toBe("true");
    expect(await page.evaluate("document.activeElement?.id")).toBe("refusals");

    // Corrected in English, the plugin refuses the number, in English.
    await sentAndRefused(page, { "#row-1-unitPrice": "25.00" }, "#save");
    expect(await page.textContent('#refusals li[data-field="customer.mobilePhone"]')).toContain("The mobile number 12345 on the customer card is not a valid phone number.");

    // Switched to Swedish: the fields as typed (a Swede's decimal comma), the refusal headed and its field named in
    // Swedish. Only the plugin words its reasons, so its sentence stays as it was given, marked English and said so.
    await switchTo(page, "sv");
    expect(await typed()).toEqual({ number, name: "Karin Lindqvist", mobile: "12345", email: "karin@example.se", rows: ["Kaffe", "2", "59,90", "25,00"] });
    expect(await page.textContent("#refusals-heading")).toBe("Ordern sparades inte");
    const refusal = page.locator('#refusals li[data-field="customer.mobilePhone"]');
    expect(await refusal.locator("a").textContent()).toBe("Mobilnummer");
    expect(await refusal.locator('span[lang="en"]').textContent()).toBe("The mobile number 12345 on the customer card is not a valid phone number.");
    expect(await page.textContent("#refusals-given-in")).toBe("Skälen nedan angavs på engelska när formuläret skickades. Skicka det igen så prövas det på svenska.");
    expect(await page.getAttribute("#customer-mobilePhone", "aria-invalid")).toBe("true");

    // Sent again from the Swedish page, the plugin says it in Swedish, and nothing was stored on the way.
    await sentAndRefused(page, {}, "#save");
    expect(await page.textContent('#refusals li[data-field="customer.mobilePhone"]')).toContain("Mobilnumret 12345 på kundkortet är inte ett giltigt telefonnummer.");
    expect(await page.locator("#refusals-given-in").count()).toBe(0);
    expect((await fetch(`${world.host}/api/orders/ord-${number}`)).status).toBe(404);
  });

  it("keep what was typed into a refused credit when the language is switched, numbers written as the new language writes them", async () => {
    const { world, page } = session;
    const id = await savedOrder(world, "7402", { paid: true });
    await page.goto(`${world.host}/orders/${id}?locale=sv`);
    await sentAndRefused(page, { "#credit-row-0": "0,5", "#credit-row-1": "abc" }, "#credit-rows-submit");
    expect(await page.textContent('#refusals li[data-field="credit.1"]')).toContain('Rad 2: Antal att kreditera: "abc" är inget tal');
    await switchTo(page, "en");
    expect([await page.inputValue("#credit-row-0"), await page.inputValue("#credit-row-1")]).toEqual(["0.5", "abc"]);
    expect(await page.textContent('#refusals li[data-field="credit.1"]')).toContain('Row 2: Quantity to credit: "abc" is not a number (write e.g. 59.90)');
    expect(await page.getAttribute("#credit-row-1", "aria-invalid")).toBe("true");
  });

  it("make the annul and delete boxes 24 × 24 CSS px targets, which their labels tick too", async () => {
    const { world, page } = session;
    const paid = await savedOrder(world, "7403", { paid: true });
    const waiting = await savedOrder(world, "7404");
    for (const [id, box] of [
      [paid, "#annul-confirm"],
      [waiting, "#delete-confirm"],
    ] as const) {
      await page.goto(`${world.host}/orders/${id}?locale=sv`);
      await page.locator(box).scrollIntoViewIfNeeded();
      const target = (await page.locator(box).boundingBox())!;
      expect([box, target.width >= 24, target.height >= 24]).toEqual([box, true, true]);
      // The whole square takes the click, to its far corner.
      await page.mouse.click(target.x + target.width - 1, target.y + target.height - 1);
      expect(await page.isChecked(box)).toBe(true);
      const label = page.locator(`label[for="${box.slice(1)}"]`);
      expect((await label.boundingBox())!.height).toBeGreaterThanOrEqual(24);
      await label.click();
      expect(await page.isChecked(box)).toBe(false);
      await label.click();
      expect(await page.isChecked(box)).toBe(true);
    }
  });

  it("make every box that scrolls a named region a keyboard reaches, on every clerk page, in both languages", async () => {
    const { world, page } = session;
    const paid = await savedOrder(world, "7405", { paid: true });
    const waiting = await savedOrder(world, "7406");
    const expected: Record<string, Record<"sv" | "en", string[]>> = {
      "/": { sv: ["Ordrar"], en: ["Orders"] },
      "/orders/new": { sv: ["Orderrader"], en: ["Order rows"] },
      [`/orders/${waiting}`]: { sv: ["Betallänkar, äldst först", "Orderrader"], en: ["Payment links, oldest first", "Order rows"] },
      [`/orders/${paid}`]: {
        sv: ["Betallänkar, äldst först", "Kreditera rader: ange antal på raderna som ska krediteras", "Orderrader"],
        en: ["Payment links, oldest first", "Credit rows: enter the quantity on the rows to credit", "Order rows"],
      },
      "/picking": { sv: ["Klara att plocka", "Hålls tillbaka"], en: ["Ready to pick", "Held back"] },
    };
    for (const [path, names] of Object.entries(expected)) {
      for (const locale of ["sv", "en"] as const) {
        await page.goto(`${world.host}${path}?locale=${locale}`);
        // Every element whose computed overflow lets it scroll, marked so it can be looked up again.
        const boxes = (await page.evaluate(`[...document.querySelectorAll("*")]
          .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) || ["auto", "scroll"].includes(getComputedStyle(el).overflowY))
          .map((el, i) => { el.setAttribute("data-scroll-box", String(i)); el.focus(); return { i, tabIndex: el.tabIndex, focused: document.activeElement === el }; })`)) as { i: number; tabIndex: number; focused: boolean }[];
        const found: { name: string; role: string; tabIndex: number; focused: boolean }[] = [];
        for (const box of boxes) {
          const { name, role } = await accessibleOf(session.context, page, `[data-scroll-box="${box.i}"]`);
          found.push({ name, role, tabIndex: box.tabIndex, focused: box.focused });
        }
        expect([path, locale, found]).toEqual([path, locale, names[locale].map((name) => ({ name, role: "region", tabIndex: 0, focused: true }))]);
      }
    }
    // Reached with Tab, as a keyboard user does: from the rows' legend's field before it, the next stop is the box.
    await page.goto(`${world.host}/orders/new?locale=en`);
    await page.focus("#pricesIncludeVat");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(`document.activeElement?.getAttribute("aria-labelledby")`)).toBe("rows-legend");
  });
});
