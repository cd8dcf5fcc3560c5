// The settings the running plugin works with (deps.settings, on the PluginRuntime too) hide their secrets from
// JSON.stringify (and so pino) and util.inspect as the resolved settings do, and so do their nested parts logged alone.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { FakeSvea } from "./support/fake-svea.js";
import { CALLBACK_KEY, PREVIOUS_CALLBACK_KEY, startKit, testSettings } from "./support/plugin-test-kit.js";

const SECRETS = ["secret-password", CALLBACK_KEY, PREVIOUS_CALLBACK_KEY, "pa-secret-never-logged"];

describe("deps.settings", () => {
  it("shows no secret in JSON or inspect, whole or paymentAdmin alone, and keeps them readable", async () => {
    const kit = await startKit(testSettings({ previousCallbackKey: PREVIOUS_CALLBACK_KEY, paymentAdmin: { merchantId: "124842", secret: "pa-secret-never-logged" } }), {
      svea: new FakeSvea(),
    });
    try {
      const settings = kit.deps.settings;
      for (const part of [settings, settings.paymentAdmin]) {
        const logged = JSON.stringify(part) + inspect(part, { depth: 5 });
        for (const secret of SECRETS) expect(logged).not.toContain(secret);
        expect(logged).toContain("[redacted]");
      }
      expect(JSON.stringify(settings)).toContain('"accountConfigured":true');
      expect([settings.password, settings.callbackKey, settings.previousCallbackKey, settings.paymentAdmin?.secret]).toEqual(SECRETS);
    } finally {
      await kit.instance.deactivate();
    }
  });
});
