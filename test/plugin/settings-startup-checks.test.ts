// Settings that activation once accepted silently although they could only fail later, or that failed with an error
// naming neither the setting nor the rule: each is now refused naming the setting and its rule (or, where something in
// between may make it work, warned of at activation).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SettingsError } from "../../plugin/settings/index.js";
import { createPluginRuntime } from "../../plugin/plugin-runtime.js";
import { ManualClock } from "../../common/clock.js";
import { FakeSvea } from "./support/fake-svea.js";
import { CapturingLogger, RecordingOrders, hostOrder, startKit, testSettings } from "./support/plugin-test-kit.js";
import { MemoryHostStorage } from "./support/memory-host-storage.js";

async function activationOutcome(settings: Record<string, unknown>): Promise<unknown> {
  return startKit(settings, { svea: new FakeSvea() }).then(
    (kit) => kit,
    (e: unknown) => e,
  );
}

describe("Instore and Payment Admin environments that cannot belong together", () => {
  it("refuses environment production beside paymentAdmin.environment stage (production orders' ids annulled/delivered at stage)", async () => {
    const outcome = await activationOutcome(
      testSettings({ environment: "production", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "stage" } }),
    );
    expect(outcome).toBeInstanceOf(SettingsError);
    expect((outcome as SettingsError).errors.map((e) => e.setting)).toContain("paymentAdmin.environment");
  });

  it("refuses environment stage beside Svea's production Payment Admin address", async () => {
    const outcome = await activationOutcome(
      testSettings({ environment: "stage", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "https://paymentadminapi.svea.com" } }),
    );
    expect(outcome).toBeInstanceOf(SettingsError);
    expect((outcome as SettingsError).errors.map((e) => e.setting)).toContain("paymentAdmin.environment");
  });
});
