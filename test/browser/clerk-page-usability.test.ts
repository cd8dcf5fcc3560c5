// The clerk's pages in a real Chromium against `npm start`, for a review's findings: times on the shop's clock (not
// UTC), a confirmation box big enough to hit (24 × 24 CSS px), and every box that scrolls reachable by keyboard and
// named.
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
