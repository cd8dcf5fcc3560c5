// The Payment Admin settings: their own credentials, a base URL that follows the Instore environment, a secret never shown.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { resolveSettings, SettingsError } from "../../plugin/settings/index.js";
import { RAW_SETTINGS } from "../plugin-domain/test-settings.js";

const SECRET = "payment-admin-secret-never-shown";

describe("paymentAdmin settings", () => {
  it("follow the Instore environment unless given one, and hide the secret from JSON and inspect", () => {
    const stage = resolveSettings({ ...RAW_SETTINGS, paymentAdmin: { merchantId: "124842", secret: SECRET } });
    expect(stage.paymentAdmin).toEqual({ merchantId: "124842", secret: SECRET, baseUrl: "https://paymentadminapistage.svea.com" });
    expect(JSON.stringify(stage) + inspect(stage)).not.toContain(SECRET);
    const mock = resolveSettings({ ...RAW_SETTINGS, environment: "http://127.0.0.1:4401/", paymentAdmin: { merchantId: "124842", secret: SECRET } });
    expect(mock.paymentAdmin?.baseUrl).toBe("http://127.0.0.1:4401/payment-admin");
    // Given beside an address of Svea's that names no environment (Instore stage beside Payment Admin production is
    // refused: environment-mismatch, test/plugin/settings-startup-checks.test.ts).
    const own = resolveSettings({ ...RAW_SETTINGS, environment: "https://instore-proxy.svea.com", paymentAdmin: { merchantId: "1", secret: SECRET, environment: "production" } });
    expect(own.paymentAdmin?.baseUrl).toBe("https://paymentadminapi.svea.com");
    expect(resolveSettings(RAW_SETTINGS).paymentAdmin).toBeUndefined();
  });

  it("refuses a half-given Payment Admin account, naming the setting, without the secret", () => {
    const error = (() => {
      try {
        resolveSettings({ ...RAW_SETTINGS, paymentAdmin: { secret: SECRET } });
      } catch (e) {
        return e;
      }
    })() as SettingsError;
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.errors.map((e) => e.setting).join()).toContain("paymentAdmin");
    expect(JSON.stringify(error.errors) + error.message).not.toContain(SECRET);
  });
});
