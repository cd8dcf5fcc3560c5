// The clerk's pages on a tablet (768 × 1024, touch, 2× pixels) in a real Chromium against `npm start`, in Swedish and
// English: nothing wider than the screen, cut off or drawn over other text (a table in its named scroll box may scroll),
// the order form's rows whole without scrolling, the viewport tag and language, and every control named.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savedOrder } from "./clerk-page-helpers.js";
import { clerkPageSessionForFile } from "./clerk-page-session.js";
import { controlsOf, expectPhoneReadyHead, TABLET, textThatDoesNotFit, touchContext } from "./small-screen-checks.js";

const session = clerkPageSessionForFile();
let tablet: { context: BrowserContext; page: Page };
beforeAll(async () => {
  const context = await touchContext(session.browser, TABLET);
  tablet = { context, page: await context.newPage() };
}, 60_000);
afterAll(() => tablet?.context.close());

describe("the clerk's pages on a tablet", { timeout: 120_000 }, () => {
  it("the order list, a new order, an unpaid and a paid order and picking fit, in Swedish and English, every control named", async () => {
    const unpaid = await savedOrder(session.world, "7601");
    const paid = await savedOrder(session.world, "7602", { paid: true });
    const { page, context } = tablet;
    for (const locale of ["sv", "en"]) {
      for (const path of ["/", "/orders/new", `/orders/${unpaid}`, `/orders/${paid}`, "/picking"]) {
        await page.goto(`${session.world.host}${path}?locale=${locale}`);
        await expectPhoneReadyHead(page, locale);
        expect([path, await textThatDoesNotFit(page, TABLET.width, { scrollsIn: ".table-scroll" })]).toEqual([path, []]);
        expect([path, (await controlsOf(context, page)).filter((c) => !c.name)]).toEqual([path, []]);
      }
      // The clerk types the rows on the tablet: all their columns (up to VAT %) show without scrolling the box.
      await page.goto(`${session.world.host}/orders/new?locale=${locale}`);
      const rows = (await page.evaluate("(() => { const box = document.querySelector('#rows').parentElement; return [box.scrollWidth, box.clientWidth]; })()")) as [number, number];
      expect(rows[0]).toBeLessThanOrEqual(rows[1]);
      expect(await textThatDoesNotFit(page, TABLET.width)).toEqual([]);
    }
  });
});
