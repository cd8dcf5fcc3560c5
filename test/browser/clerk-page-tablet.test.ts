// The clerk's pages on a tablet (768 × 1024, touch, 2× pixels) in a real Chromium against `npm start`, in Swedish and
// English: nothing wider than the screen, cut off or drawn over other text, no table scrolling sideways in its box
// (the order's history did), the order form's rows whole without scrolling, the viewport tag and language, and every
// control named.
import { describe, expect, it } from "vitest";
import { savedOrder } from "./clerk-page-helpers.js";
import { clerkPageSessionForFile, tabletPageForFile } from "./clerk-page-session.js";
import { controlsOf, expectPhoneReadyHead, TABLET, tablesThatScroll, textThatDoesNotFit } from "./small-screen-checks.js";

const session = clerkPageSessionForFile();
const tablet = tabletPageForFile(session);

describe("the clerk's pages on a tablet", { timeout: 120_000 }, () => {
  it("at 768 px the order list, a new order, an edited, a paid and a deleted order and picking fit, in Swedish and English, every table in its box, every control named", async () => {
    const edited = await savedOrder(session.world, "7601", { edited: true });
    const paid = await savedOrder(session.world, "7602", { paid: true });
    const deleted = await savedOrder(session.world, "7603", { deleted: true });
    const { page, context } = tablet;
    for (const locale of ["sv", "en"]) {
      for (const path of ["/", "/orders/new", `/orders/${edited}`, `/orders/${paid}`, `/orders/${deleted}`, "/picking"]) {
        await page.goto(`${session.world.host}${path}?locale=${locale}`);
        await expectPhoneReadyHead(page, locale);
        expect([path, await textThatDoesNotFit(page, TABLET.width)]).toEqual([path, []]);
        expect([path, await tablesThatScroll(page)]).toEqual([path, []]);
        expect([path, (await controlsOf(context, page)).filter((c) => !c.name)]).toEqual([path, []]);
      }
      // The history of the edited order holds both its links: the one the edit replaced, and the waiting one.
      await page.goto(`${session.world.host}/orders/${edited}?locale=${locale}`);
      expect(await page.evaluate(`[...document.querySelectorAll("#history tbody tr")].map((row) => row.getAttribute("data-link-state"))`)).toEqual(["cancelled", "waiting"]);
    }
  });
});
