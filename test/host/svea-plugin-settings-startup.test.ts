// The reference host starting the real Svea plugin with settings it refuses (a start-up error naming the setting, and
// nothing of a secret in the error or the host's log) or with a schedule entry that gives only part of its timing.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { HostStartupError } from "../../host/host-startup-error.js";
import { startReferenceHost } from "../../host/reference-host.js";
import { capturingLogger, rejectionOf, useTempDirs } from "./host-test-helpers.js";

const manifestFile = fileURLToPath(new URL("../../plugin.manifest.json", import.meta.url));
const pluginSource = new URL("../../plugin/index.ts", import.meta.url).href;

/** A package of the repository's manifest whose entry is the plugin's TypeScript source (vitest transforms it): no build needed. */
async function sourcePluginDir(dir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as Record<string, unknown>;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "plugin.manifest.json"), JSON.stringify({ ...manifest, $schema: undefined, entry: "./entry.mjs" }));
  await writeFile(join(dir, "entry.mjs"), `export { activate } from ${JSON.stringify(pluginSource)};\n`);
  return dir;
}

/** A configured stage account's settings, with `overrides` over them. */
function sveaSettings(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    merchantId: "m-1",
    password: "instore-password-never-shown",
    environment: "stage",
    termsUri: "https://shop.example/terms",
    publicBaseUrl: "https://erp.example/plugins/svea-instore",
    callbackKey: "Zq4vN8rT2wXy6bLp0sKd3mHf9jGc7aEu1iQo5nRt",
    ...overrides,
  };
}

describe("reference host with the Svea plugin and refused settings", () => {
  const tempDir = useTempDirs("svea-settings-");

  it("a publicBaseUrl no URL parser reads (port 44300000) fails as invalid-settings naming publicBaseUrl; its credentials are logged nowhere", async () => {
    const logs = capturingLogger();
    const error = await rejectionOf(
      startReferenceHost({
        pluginDir: await sourcePluginDir(await tempDir()),
        settings: sveaSettings({ publicBaseUrl: "https://svea-callbacks:Proxy-Pa55word-2026@erp.example:44300000/plugins/svea-instore" }),
        dataFile: null,
        clock: new ManualClock(),
        logger: logs.logger,
        schedules: "manual",
      }),
    );
    expect(error).toBeInstanceOf(HostStartupError);
    const startup = error as HostStartupError;
    expect(startup.code).toBe("invalid-settings");
    expect(startup.settingErrors.map((e) => `${e.setting} ${e.rule}`)).toEqual(["publicBaseUrl url"]);
    const everything = startup.message + JSON.stringify(startup.settingErrors) + JSON.stringify(logs.lines());
    expect(everything).not.toMatch(/Proxy-Pa55word-2026|svea-callbacks|instore-password-never-shown/);
  });
});

describe("reference host with the Svea plugin and a partial schedule entry", () => {
  const tempDir = useTempDirs("svea-schedules-");

  it("{reconcile: {timeZone}} activates: reconcile keeps the manifest's cron in that zone, expire-links is the manifest's", async () => {
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { schedules: { name: string; cron: string; timeZone: string }[] };
    const host = await startReferenceHost({
      pluginDir: await sourcePluginDir(await tempDir()),
      settings: sveaSettings({ schedules: { reconcile: { timeZone: "Europe/Oslo" } } }),
      dataFile: null,
      clock: new ManualClock(),
      logger: capturingLogger().logger,
      schedules: "manual",
    });
    try {
      expect(host.schedules.timings).toEqual(
        manifest.schedules.map((s) => ({ name: s.name, cron: s.cron, timeZone: s.name === "reconcile" ? "Europe/Oslo" : s.timeZone })),
      );
    } finally {
      await host.close();
    }
  });
});
