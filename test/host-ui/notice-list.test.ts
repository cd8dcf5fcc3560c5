// The notices of the last action as the pages list them: severity in words, a payment link shown once, and where they point to.
import { describe, expect, it } from "vitest";
import { NoticeList } from "../../host/ui/layout.js";
import { OrderListPage } from "../../host/ui/order-list-page.js";
import { uiMessage } from "../../host/ui/ui-messages.js";

const html = (notices: Parameters<typeof NoticeList>[0]["notices"], locale: "sv" | "en" = "sv") => String(NoticeList({ notices, locale }));

describe("NoticeList", () => {
  it("says a warning or an error in words beside the colour, and keeps 'info' for screen readers only", () => {
    const out = html([
      { code: "name-cut", severity: "warning", message: "Namnet kortades." },
      { code: "svea-timeout", severity: "error", message: "Svea svarade inte." },
      { code: "sms-will-be-sent", severity: "info", message: "Ett SMS skickas." },
    ]);
    expect(out).toContain('<span class="severity">Varning: </span>Namnet kortades.');
    expect(out).toContain('<span class="severity">Fel: </span>Svea svarade inte.');
    expect(out).toContain('<span class="sr-only">Info: </span>Ett SMS skickas.');
  });

  it("shows a notice's payment link once: as its own link only when the message does not already carry it", () => {
    const link = "https://pay.example/abc";
    const carried = html([{ code: "sms-failed", severity: "warning", message: `SMS:et kunde inte skickas. Ge kunden betallänken: ${link}`, paymentLink: link }]);
    expect(carried.split(link)).toHaveLength(2);
    const apart = html([{ code: "sms-failed", severity: "warning", message: "SMS:et kunde inte skickas.", paymentLink: link }]);
    expect(apart).toContain(`<a href="${link}">${link}</a>`);
  });
});

describe("the sandbox's failure notice", () => {
  it.each(["sv", "en"] as const)("points the clerk to the mock's clock where the list shows it: below the notices, in the sandbox panel (%s)", async (locale) => {
    const message = uiMessage(locale, "sandbox-failed", { hours: 49, reason: "POST /clock/advance: 500" });
    const ctx = { locale, nonce: "n", path: "/", inboxUrl: null, formToken: "t", timeZone: "Europe/Stockholm" };
    const page = String(await OrderListPage({ ctx, orders: [], methodLabels: {}, flash: { notices: [{ code: "sandbox-failed", severity: "error", message }] }, sandbox: { hostNow: 0, mockNow: 0, realNow: 0 } }));
    expect(message).toMatch(locale === "sv" ? /nedan, i sandlådan/ : /below, in the sandbox panel/);
    expect(page.indexOf(message.slice(0, 30))).toBeGreaterThan(0);
    expect(page.indexOf('id="sandbox-now"')).toBeGreaterThan(page.indexOf(message.slice(0, 30)));
  });
});
