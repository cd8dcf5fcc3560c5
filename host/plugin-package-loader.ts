// Loads a plugin package the way any host would: read and validate its manifest, check hostApi, import the compiled entry.
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { FromSchema } from "json-schema-to-ts";
import semver from "semver";
import { SchemaRegistry } from "../common/json-schema-validator.js";
import { HOST_API_VERSION, type Activate } from "../plugin/host-contract/plugin-api.js";
import { schema as manifestSchema } from "../schemas/generated/plugin/manifest.js";
import { schema as settingsSchema } from "../schemas/generated/plugin/settings.js";
import { HostStartupError } from "./host-startup-error.js";
import { startupMessage } from "./host-startup-messages.js";
import { fieldProblem } from "../common/field-problem-text.js";
import { withSwedishUnder } from "../common/bilingual-text.js";

export type PluginManifest = FromSchema<typeof manifestSchema>;

export interface LoadedPluginPackage {
  packageDir: string;
  manifest: PluginManifest;
  activate: Activate;
}

// Strict: a manifest with a misspelt key is refused at startup rather than half-honoured.
const validateManifest = new SchemaRegistry([manifestSchema, settingsSchema]).validator<PluginManifest>(manifestSchema.$id, "strict");

export const MANIFEST_FILE = "plugin.manifest.json";

export async function loadPluginPackage(packageDir: string, hostApiVersion: string = HOST_API_VERSION): Promise<LoadedPluginPackage> {
  const dir = resolve(packageDir);
  const manifestPath = resolve(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch {
    throw new HostStartupError("manifest-missing", startupMessage("manifest-missing", { file: MANIFEST_FILE, dir }));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new HostStartupError("manifest-invalid", startupMessage("manifest-not-json", { file: manifestPath, detail: (error as Error).message }));
  }
  const checked = validateManifest(raw);
  if (!checked.ok) {
    // Each problem in English, and under it in Swedish, as settings problems are shown.
    const heading = startupMessage("manifest-invalid", { file: manifestPath });
    const lines = checked.errors.map((e) => `  - ${e.path || "(manifest)"}: ${e.message}\n    sv: ${e.path || "(manifestet)"}: ${fieldProblem(e, "sv")}`);
    throw new HostStartupError("manifest-invalid", `${withSwedishUnder(heading)}\n${lines.join("\n")}`);
  }
  const manifest = checked.value;

  if (!semver.validRange(manifest.hostApi)) {
    throw new HostStartupError("manifest-invalid", startupMessage("manifest-host-api-range", { file: manifestPath, range: manifest.hostApi }));
  }
  if (!semver.satisfies(hostApiVersion, manifest.hostApi)) {
    throw new HostStartupError(
      "host-api-mismatch",
      startupMessage("host-api-mismatch", { id: manifest.id, version: manifest.version, range: manifest.hostApi, hostApi: hostApiVersion }),
    );
  }

  const entryPath = resolve(dir, manifest.entry);
  const fromRoot = relative(dir, entryPath);
  if (fromRoot.startsWith("..") || isAbsolute(fromRoot)) {
    throw new HostStartupError("manifest-invalid", startupMessage("manifest-entry-outside", { file: manifestPath, entry: manifest.entry }));
  }
  let entry: { activate?: unknown };
  try {
    entry = (await import(pathToFileURL(entryPath).href)) as { activate?: unknown };
  } catch (error) {
    const missing = (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(entryPath);
    throw new HostStartupError(
      missing ? "entry-missing" : "entry-invalid",
      missing
        ? startupMessage("entry-missing", { entry: manifest.entry, id: manifest.id })
        : startupMessage("entry-not-loaded", { entry: manifest.entry, id: manifest.id, detail: (error as Error).message }),
    );
  }
  if (typeof entry.activate !== "function") {
    throw new HostStartupError("entry-invalid", startupMessage("entry-no-activate", { entry: manifest.entry, id: manifest.id }));
  }
  return { packageDir: dir, manifest, activate: entry.activate as Activate };
}
