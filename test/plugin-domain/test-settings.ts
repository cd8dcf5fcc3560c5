// Resolved settings for plugin-domain tests: a configured stage account with short, valid values.
import { resolveSettings, type ResolvedSettings } from "../../plugin/settings/index.js";

export const RAW_SETTINGS = {
  merchantId: "instore-merchant-1",
  password: "s3cret-password-never-logged",
  environment: "stage",
  termsUri: "https://shop.example.se/villkor",
  publicBaseUrl: "https://erp.example.se/plugins/svea-instore",
  callbackKey: "plugin-domain-callback-key-0123456789abcdef",
} as const;

export function testSettings(overrides: Record<string, unknown> = {}): ResolvedSettings {
  return resolveSettings({ ...RAW_SETTINGS, ...overrides });
}
