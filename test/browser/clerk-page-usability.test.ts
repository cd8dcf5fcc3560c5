// The clerk's pages in a real Chromium against `npm start`, for a review's findings: times on the shop's clock (not
// UTC).
import { describe, expect, it } from "vitest";
import { savedOrder } from "./clerk-page-helpers.js";
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
});
