// The notices of the last action as the pages list them: severity in words, a payment link shown once.
import { describe, expect, it } from "vitest";
import { NoticeList } from "../../host/ui/layout.js";

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
