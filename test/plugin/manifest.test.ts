// The manifest validates against its schema, matches package.json, and its settings block resolves to the settings schema.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SchemaRegistry } from "../../common/json-schema-validator.js";
import { validatePluginManifest, type PluginManifest } from "../../plugin/plugin-manifest.js";
import { schema as settingsSchema } from "../../schemas/generated/plugin/settings.js";

const root = new URL("../../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("plugin.manifest.json", root), "utf8")) as PluginManifest;
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string };

describe("plugin.manifest.json", () => {
  it("validates against schemas/plugin/manifest.schema.json", () => {
    const result = validatePluginManifest(structuredClone(manifest));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("has package.json's version", () => {
    expect(manifest.version).toBe(pkg.version);
  });

  it("refuses a manifest with a bad hook name or an unknown field", () => {
    const bad = { ...structuredClone(manifest), hooks: ["Order Save"], colour: "red" };
    const result = validatePluginManifest(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["hooks[0]", "colour"]));
    }
  });

  it("keeps the hook list open: a later dotted hook name is valid", () => {
    const later = { ...structuredClone(manifest), hooks: [...manifest.hooks, "invoice.before-send"] };
    expect(validatePluginManifest(later).ok).toBe(true);
  });

  it("settings block resolves to the settings schema by $id", () => {
    expect(manifest.settings).toEqual({ $ref: settingsSchema.$id });
    const registry = new SchemaRegistry([settingsSchema, { $id: "urn:test:manifest-settings", ...manifest.settings }]);
    const validate = registry.validator("urn:test:manifest-settings", "strict");
    const good = {
      environment: "stage",
      termsUri: "https://shop.example/terms",
      publicBaseUrl: "https://erp.example/plugins/svea-instore",
      callbackKey: "manifest-callback-key-0123456789ab",
    };
    expect(validate(good).ok).toBe(true);
    const bad = validate({ ...good, callbackKey: "short" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.path).toBe("callbackKey");
  });

  it("declares the eight hooks, three commands, the callback route and two schedules in Stockholm time", () => {
    expect(manifest.hooks).toEqual(["order.save", "order.delete", "picking.filter", "order.payment-view", "order.check-payment", "order.credit", "order.annul", "order.deliver"]);
    expect(manifest.commands.map((c) => c.name)).toEqual(["verify-credentials", "expire-links", "reconcile"]);
    expect(manifest.routes.paths).toContainEqual(expect.objectContaining({ method: "POST", path: "/callback/:merchantOrderNumber/:token" }));
    expect(manifest.schedules.map((s) => [s.name, s.cron, s.timeZone, s.command])).toEqual([
      ["expire-links", "0 2 * * *", "Europe/Stockholm", "expire-links"],
      ["reconcile", "*/15 * * * *", "Europe/Stockholm", "reconcile"],
    ]);
  });
});
