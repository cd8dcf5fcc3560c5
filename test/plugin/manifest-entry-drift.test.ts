// The manifest and the entry never drift apart: activating the entry yields exactly the declared hooks, commands, routes, schedules.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { activate, SettingsError, type PluginManifest } from "../../plugin/index.js";
import { ROUTE_PREFIX } from "../../plugin/callback/index.js";
import { HOST_API_VERSION } from "../../plugin/host-contract/plugin-api.js";
import { PAYMENT_METHOD_LABELS } from "../../plugin/use-cases/payment-method-near-miss.js";
import { satisfies } from "semver";
import { CapturingLogger, RecordingOrders, testSettings } from "./support/plugin-test-kit.js";

const manifest = JSON.parse(readFileSync(new URL("../../plugin.manifest.json", import.meta.url), "utf8")) as PluginManifest;

describe("manifest ↔ entry", () => {
  it("activates from the entry with the lowdb store and exposes exactly what the manifest declares", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "svea-entry-"));
    try {
      const instance = await activate({ settings: testSettings(), logger: new CapturingLogger(), clock: new ManualClock(), orders: new RecordingOrders(), dataDir });
      expect(Object.keys(instance.hooks).sort()).toEqual([...manifest.hooks].sort());
      expect(Object.keys(instance.commands).sort()).toEqual(manifest.commands.map((c) => c.name).sort());
      expect(Object.keys(instance.schedules).sort()).toEqual(manifest.schedules.map((s) => s.name).sort());
      for (const s of manifest.schedules) expect(Object.keys(instance.commands)).toContain(s.command);
      const routes = [...new Set(instance.routes.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))].sort();
      expect(routes).toEqual(manifest.routes.paths.map((p) => `${p.method} ${p.path}`).sort());
      await instance.deactivate();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("knows the payment method's manifest labels, which a host may store as the code (refused as a near miss)", () => {
    const method = (manifest as unknown as { paymentMethods: { code: string; labels: { sv: string; en: string } }[] }).paymentMethods[0]!;
    expect([...PAYMENT_METHOD_LABELS]).toEqual([method.labels.sv, method.labels.en]);
  });

  it("speaks the host API version the manifest asks for", () => {
    expect(satisfies(HOST_API_VERSION, manifest.hostApi)).toBe(true);
  });

  it("mounts its routes where the manifest says, and warns at activation when publicBaseUrl cannot reach them", async () => {
    expect(ROUTE_PREFIX).toBe(manifest.routes.prefix);
    const dataDir = await mkdtemp(join(tmpdir(), "svea-entry-"));
    const activated = async (publicBaseUrl: string) => {
      const logger = new CapturingLogger();
      const instance = await activate({ settings: testSettings({ publicBaseUrl }), logger, clock: new ManualClock(), orders: new RecordingOrders(), dataDir });
      await instance.deactivate();
      return logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    try {
      // (A publicBaseUrl with credentials, which this warning once had to keep out of the log, no longer activates.)
      const missing = await activated("https://erp.example/shop");
      expect(missing.filter((l) => l.level === "warn")).toEqual([
        expect.objectContaining({ publicBaseUrlPath: "/shop", routePrefix: "/plugins/svea-instore", msg: expect.stringContaining("Svea's callbacks will not reach the plugin") }),
      ]);
      // The start-up line names the store, an embedded one by its absolute file.
      expect(missing.find((l) => l.msg === "svea instore plugin activated")).toMatchObject({ store: `embedded ${join(dataDir, "svea-instore-plugin.json")}` });
      for (const fine of ["https://erp.example/plugins/svea-instore", "https://erp.example/erp/plugins/svea-instore/"]) {
        expect((await activated(fine)).filter((l) => l.level === "warn")).toEqual([]);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("points its entry at the compiled plugin/index", () => {
    expect(manifest.entry).toBe("./dist/plugin/index.js");
  });

  it("rejects activation with a SettingsError that names the setting and hides the secret", async () => {
    const attempt = activate({ settings: testSettings({ callbackKey: "too-short-secret" }), logger: new CapturingLogger(), clock: new ManualClock(), orders: new RecordingOrders() });
    await expect(attempt).rejects.toBeInstanceOf(SettingsError);
    const error = (await attempt.catch((e: unknown) => e)) as SettingsError;
    expect(error.errors.map((e) => e.setting)).toContain("callbackKey");
    expect(JSON.stringify(error.errors) + error.message).not.toContain("too-short-secret");
  });
});
