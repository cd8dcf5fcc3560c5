// The message catalog: every key speaks Swedish and English with the same placeholders, and t() fills them in.
import { describe, expect, test } from "vitest";
import { messageCatalog, messageKeys, placeholdersOf, t } from "../../plugin/i18n/index.js";

describe("message catalog", () => {
  test.each(messageKeys.map((k) => [k]))("%s has a non-empty sv and en message with the same placeholders", (key) => {
    const entry = messageCatalog[key];
    expect(entry.sv.trim()).not.toBe("");
    expect(entry.en.trim()).not.toBe("");
    expect(placeholdersOf(entry.sv)).toEqual(placeholdersOf(entry.en));
  });

  test("the two languages differ for every sentence (no untranslated copy)", () => {
    const untranslated = messageKeys.filter((k) => (messageCatalog[k].sv as string) === messageCatalog[k].en);
    expect(untranslated).toEqual([]);
  });

  test("messageKeys lists every catalog key exactly once", () => {
    expect([...messageKeys].sort()).toEqual(Object.keys(messageCatalog).sort());
    expect(new Set(messageKeys).size).toBe(messageKeys.length);
  });

  test("the messages the brief names exist in both languages", () => {
    expect(t("sv", "flag.paid-then-credited")).toBe("Betald, sedan krediterad av makuleringen");
    expect(t("en", "flag.paid-then-credited")).toBe("Paid, then credited by the cancel");
    expect(t("en", "failure.svea-timeout")).toBe("Svea did not answer in time");
    expect(t("en", "refusal.paid-order-delete")).toMatch(/must be credited/);
    expect(t("sv", "refusal.paid-order-delete")).toMatch(/måste krediteras/);
    expect(t("sv", "notice.sms-will-be-sent", { phone: "+46701234567" })).toBe("Ett SMS med betallänken skickas till +46701234567.");
    expect(t("en", "notice.sms-will-be-sent", { phone: "+46701234567" })).toBe("An SMS with the payment link will be sent to +46701234567.");
    expect(t("en", "notice.sms-failed", { phone: "+46701234567", link: "https://pay.example/x" })).toContain("https://pay.example/x");
    expect(t("en", "command.verify-credentials.ok")).not.toBe(t("en", "command.verify-credentials.bad"));
  });
});

describe("t()", () => {
  test("fills every placeholder and leaves a missing one visible", () => {
    expect(t("en", "notice.phone-normalised", { from: "070-123 45 67", to: "+46701234567" })).toBe(
      "The mobile number was rewritten for Svea: 070-123 45 67 → +46701234567.",
    );
    expect(t("en", "notice.phone-normalised", { from: "070" })).toContain("{to}");
  });

  test("does not read parameters off the prototype", () => {
    expect(t("en", "check.result", {})).toContain("{state}");
  });

  test("placeholdersOf finds each name once, sorted", () => {
    expect(placeholdersOf("{b} and {a} and {b}")).toEqual(["a", "b"]);
  });
});
