// Starting the reference host with the real plugin and bad settings: a clear error naming each setting, never the secret itself.
import { describe, expect, it } from "vitest";
import { HostStartupError } from "../../host/host-startup-error.js";
import { startReferenceHost } from "../../host/reference-host.js";
import { rejectionOf } from "../host/host-test-helpers.js";
import { ensurePluginBuilt, repoRoot } from "./ensure-plugin-built.js";

describe("host start-up with the compiled plugin", () => {
  it("names each bad setting and echoes no secret", async () => {
    await ensurePluginBuilt();
    const error = await rejectionOf(startReferenceHost({
      pluginDir: repoRoot,
      dataFile: null,
      logLevel: "silent",
      schedules: "manual",
      settings: { merchantId: "demo-merchant", password: "Hunter2-secret", environment: "nowhere", termsUri: "https://shop.example/terms", publicBaseUrl: "http://127.0.0.1:1/plugins/svea-instore", callbackKey: "TooShortKey123" },
    }));
    expect(error).toBeInstanceOf(HostStartupError);
    const startup = error as HostStartupError;
    expect(startup.code).toBe("invalid-settings");
    expect(startup.settingErrors.map((e) => e.setting).sort()).toEqual(["callbackKey", "environment"]);
    expect(startup.message).toMatch(/^The settings of plugin svea-instore are invalid:\n/);
    expect(startup.message).toContain("callbackKey");
    expect(startup.message).not.toContain("TooShortKey123");
    expect(startup.message).not.toContain("Hunter2-secret");
  });
});
