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
    throw new HostStartupError("manifest-missing", `No ${MANIFEST_FILE} in ${dir}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new HostStartupError("manifest-invalid", `${manifestPath} is not JSON: ${(error as Error).message}`);
  }
  const checked = validateManifest(raw);
  if (!checked.ok) {
    const lines = checked.errors.map((e) => `  - ${e.path || "(manifest)"}: ${e.message}`);
    throw new HostStartupError("manifest-invalid", `${manifestPath} is invalid:\n${lines.join("\n")}`);
  }
  const manifest = checked.value;

  if (!semver.validRange(manifest.hostApi)) {
    throw new HostStartupError("manifest-invalid", `${manifestPath}: hostApi "${manifest.hostApi}" is not a semver range.`);
  }
  if (!semver.satisfies(hostApiVersion, manifest.hostApi)) {
    throw new HostStartupError(
      "host-api-mismatch",
      `Plugin ${manifest.id} ${manifest.version} needs host API ${manifest.hostApi}; this host speaks ${hostApiVersion}.`,
    );
  }

  const entryPath = resolve(dir, manifest.entry);
  const fromRoot = relative(dir, entryPath);
  if (fromRoot.startsWith("..") || isAbsolute(fromRoot)) {
    throw new HostStartupError("manifest-invalid", `${manifestPath}: entry ${manifest.entry} lies outside the package.`);
  }
  let entry: { activate?: unknown };
  try {
    entry = (await import(pathToFileURL(entryPath).href)) as { activate?: unknown };
  } catch (error) {
    const missing = (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(entryPath);
    throw new HostStartupError(
      missing ? "entry-missing" : "entry-invalid",
      missing
        ? `The entry ${manifest.entry} of plugin ${manifest.id} does not exist (has the package been built?).`
        : `The entry ${manifest.entry} of plugin ${manifest.id} could not be loaded: ${(error as Error).message}`,
    );
  }
  if (typeof entry.activate !== "function") {
    throw new HostStartupError("entry-invalid", `The entry ${manifest.entry} of plugin ${manifest.id} exports no activate function.`);
  }
  return { packageDir: dir, manifest, activate: entry.activate as Activate };
}
