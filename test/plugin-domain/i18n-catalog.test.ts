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

  test("a counted noun agrees with its number in both languages", () => {
    expect(t("sv", "notice.delivered", { count: 1, deliveryId: 7 })).toBe("1 rad levererades hos Svea (leverans 7).");
    expect(t("sv", "notice.delivered", { count: 2, deliveryId: 7 })).toBe("2 rader levererades hos Svea (leverans 7).");
    expect(t("en", "notice.delivered", { count: 1, deliveryId: 7 })).toBe("1 row was delivered at Svea (delivery 7).");
    expect(t("en", "notice.delivered", { count: 0, deliveryId: 7 })).toBe("0 rows were delivered at Svea (delivery 7).");
    expect(t("sv", "check.too-soon", { seconds: 1 })).toMatch(/om 1 sekund\.$/);
    expect(t("en", "check.too-soon", { seconds: 4 })).toMatch(/in 4 seconds\.$/);
    expect(t("sv", "refusal.after-payment-not-yet", { action: "kreditering", minutes: 1 })).toContain("försök igen om 1 minut, så");
    expect(placeholdersOf("{n} {n:rad|rader} och {m}")).toEqual(["m", "n"]);
    // Without its number the form stays visible, as a plain placeholder does.
    expect(t("en", "notice.delivered", { deliveryId: 7 })).toBe("{count} {count:row was|rows were} delivered at Svea (delivery 7).");
  });
});
