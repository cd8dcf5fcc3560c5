// The customer's mobile number: valid mobiles of the card's country pass as E.164; everything else is refused by name.
import { describe, expect, test } from "vitest";
import { checkMobilePhone } from "../../plugin/customer-phone/index.js";

describe("checkMobilePhone", () => {
  test("an E.164 mobile passes without a notice, even with blanks around it", () => {
    expect(checkMobilePhone("+46701234567", "SE", "sv")).toEqual({ ok: true, e164: "+46701234567" });
    expect(checkMobilePhone(" +46701234567 ", "SE", "sv")).toEqual({ ok: true, e164: "+46701234567" });
  });

  test.each([
    ["070-123 45 67", "SE", "+46701234567"],
    ["0701234567", "se", "+46701234567"],
    ["0046 70 123 45 67", "SE", "+46701234567"],
    ["+46 (0)70-123 45 67", "SE", "+46701234567"],
    ["412 34 567", "NO", "+4741234567"],
    ["040 123 4567", "FI", "+358401234567"],
    ["20 12 34 56", "DK", "+4520123456"], // Danish plans do not tell mobile from fixed: FIXED_LINE_OR_MOBILE
  ])("%s (%s) is rewritten to %s with a notice showing from → to", (typed, country, e164) => {
    const result = checkMobilePhone(typed, country, "en");
    expect(result).toEqual({
      ok: true,
      e164,
      notice: {
        code: "phone-normalised",
        severity: "info",
        field: "customer.mobilePhone",
        message: `The mobile number was rewritten for Svea: ${typed} → ${e164}.`,
      },
    });
  });

  test.each([
    [null, "mobile-missing"],
    ["", "mobile-missing"],
    ["   ", "mobile-missing"],
    ["08-123 456 78", "mobile-not-mobile"],
    ["+46 8 123 456 78", "mobile-not-mobile"],
    ["+47 412 34 567", "mobile-wrong-country"],
    ["+358 40 123 4567", "mobile-wrong-country"],
    ["hello", "mobile-invalid"],
    ["12", "mobile-invalid"],
    ["070-123", "mobile-invalid"],
  ])("%s on a Swedish card is refused as %s", (typed, code) => {
    const result = checkMobilePhone(typed, "SE", "sv");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal).toMatchObject({ code, field: "customer.mobilePhone" });
    expect(result.refusal.message.length).toBeGreaterThan(10);
  });

  test("the refusal is in the clerk's language", () => {
    const sv = checkMobilePhone("08-123 456 78", "SE", "sv");
    const en = checkMobilePhone("08-123 456 78", "SE", "en");
    expect(!sv.ok && sv.refusal.message).toMatch(/inget mobilnummer/);
    expect(!en.ok && en.refusal.message).toMatch(/not a mobile number/);
  });

  test("a country libphonenumber does not know still refuses instead of throwing", () => {
    const result = checkMobilePhone("+46701234567", "XX", "en");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.refusal.code).toBe("mobile-wrong-country");
  });
});
