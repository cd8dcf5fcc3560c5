// The reference host's start-up error for refused settings: each problem in English, and in Swedish when the plugin gives it.
import { describe, expect, it } from "vitest";
import { isSettingsError, settingsStartupError } from "../../host/host-startup-error.js";

describe("settingsStartupError", () => {
  it("puts the plugin's Swedish under each English line, and keeps both in settingErrors", () => {
    const refused = {
      code: "invalid-settings" as const,
      errors: [
        { setting: "callbackKey", rule: "minLength", message: "callbackKey: must be at least 32 characters", messages: { sv: "callbackKey: måste vara minst 32 tecken", en: "callbackKey: must be at least 32 characters" } },
        { setting: "termsUri", rule: "required", message: "termsUri: is required", messages: { sv: "termsUri: saknas", en: "termsUri: is required" } },
      ],
    };
    const error = settingsStartupError("svea-instore", refused);
    expect(error.code).toBe("invalid-settings");
    expect(error.message).toBe(
      "The settings of plugin svea-instore are invalid:\n" +
        "  - callbackKey: must be at least 32 characters\n    sv: callbackKey: måste vara minst 32 tecken\n" +
        "  - termsUri: is required\n    sv: termsUri: saknas",
    );
    expect(error.settingErrors[1]?.messages?.sv).toBe("termsUri: saknas");
  });

  it("reads a plugin written before messages as before, and one whose messages are no texts as if it gave none", () => {
    const older = { code: "invalid-settings", errors: [{ setting: "apiKey", rule: "minLength", message: "must be at least 8 characters" }] };
    const odd = { code: "invalid-settings", errors: [{ setting: "apiKey", rule: "minLength", message: "must be at least 8 characters", messages: { sv: 7 } }] };
    for (const refused of [older, odd]) {
      expect(isSettingsError(refused)).toBe(true);
      expect(settingsStartupError("fake-pay", refused as never).message).toBe("The settings of plugin fake-pay are invalid:\n  - apiKey: must be at least 8 characters");
    }
  });
});
