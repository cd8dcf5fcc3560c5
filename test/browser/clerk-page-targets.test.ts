// The clerk's pages in a real Chromium against `npm start`, on a shop's tablet (768 × 1024, touch) and a desk's screen
// (1280 × 800), in Swedish and English: every link, button, field and select a finger or pointer aims at is at least
// 44 × 44 CSS px (WCAG 2.5.5). Links were 19-22 px tall, buttons 34-37 and fields 31-34.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { savedOrder, tooLargeFormPost } from "./clerk-page-helpers.js";
import { clerkPageSessionForFile, tabletPageForFile } from "./clerk-page-session.js";
import { smallTargetsOf, TARGET_MIN, tapTargetOf } from "./small-screen-checks.js";

const session = clerkPageSessionForFile();
const tablet = tabletPageForFile(session);

/** The new-order form refused by the plugin (a mobile number that is none): the refusal's page, as the post answers it. */
async function refusedSave(page: Page, locale: string): Promise<void> {
  await page.goto(`${session.world.host}/orders/new?locale=${locale}`);
  await page.fill("#customer-name", "Karin Lindqvist");
  await page.fill("#customer-mobilePhone", "12");
  await page.fill("#row-0-name", "Kaffe");
  await page.fill("#row-0-unitPrice", "49");
  await page.fill("#row-0-vatPercent", "12");
  await Promise.all([page.waitForNavigation(), page.click("#save")]);
  await page.waitForSelector("#refusals");
}

describe("the clerk's targets", { timeout: 180_000 }, () => {
  it("at 768 px (touch) and at 1280 px every link, button, field and select on every clerk page is at least 44 × 44 CSS px, in Swedish and English", async () => {
    const edited = await savedOrder(session.world, "7801", { edited: true });
    const paid = await savedOrder(session.world, "7802", { paid: true });
    const deleted = await savedOrder(session.world, "7803", { deleted: true });
    for (const page of [tablet.page, session.page]) {
      const width = page.viewportSize()!.width;
      for (const locale of ["sv", "en"]) {
        for (const path of ["/", "/orders/new", `/orders/${edited}`, `/orders/${paid}`, `/orders/${deleted}`, "/picking"]) {
          await page.goto(`${session.world.host}${path}?locale=${locale}`);
          expect([width, locale, path, await smallTargetsOf(page)]).toEqual([width, locale, path, []]);
        }
        // The skip link, once Tab has brought it on screen.
        await page.keyboard.press("Tab");
        expect(await page.evaluate("document.activeElement?.className")).toBe("skip");
        const skip = await tapTargetOf(page, ".skip");
        expect([width, skip.width >= TARGET_MIN, skip.height >= TARGET_MIN]).toEqual([width, true, true]);
        // A post's answers: a refusal (its field links stand in a sentence: "(Fält: Mobilnummer)"), a form refused.
        await refusedSave(page, locale);
        expect([width, locale, "refused", await smallTargetsOf(page)]).toEqual([width, locale, "refused", []]);
        await tooLargeFormPost(session.world, page, locale);
        expect([width, locale, "too large", await smallTargetsOf(page)]).toEqual([width, locale, "too large", []]);
      }
    }
  });
});
