// The host loads a plugin package only through a valid manifest whose hostApi range admits the host's contract version.
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HostStartupError } from "../../host/host-startup-error.js";
import { loadPluginPackage } from "../../host/plugin-package-loader.js";
import { fakePayPluginDir, rejectionOf, useTempDirs } from "./host-test-helpers.js";

const tempDir = useTempDirs("host-loader-");

/** A copy of the fixture package whose manifest `edit` changes. */
async function packageWith(edit: (manifest: Record<string, unknown>) => void): Promise<string> {
  const dir = await tempDir();
  await cp(fakePayPluginDir, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, "plugin.manifest.json"), "utf8")) as Record<string, unknown>;
  edit(manifest);
  await writeFile(join(dir, "plugin.manifest.json"), JSON.stringify(manifest));
  return dir;
}

async function startupError(promise: Promise<unknown>): Promise<HostStartupError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(HostStartupError);
  return error as HostStartupError;
}

describe("loadPluginPackage", () => {
  it("reads the manifest and imports the entry's activate", async () => {
    const pkg = await loadPluginPackage(fakePayPluginDir);
    expect(pkg.manifest.id).toBe("fake-pay");
    expect(pkg.manifest.routes.prefix).toBe("/plugins/fake-pay");
    expect(typeof pkg.activate).toBe("function");
  });

  it("refuses a manifest that breaks its schema, naming the field", async () => {
    const dir = await packageWith((m) => {
      delete m.hooks;
      m.routes = { prefix: "no-slash", paths: [] };
    });
    const error = await startupError(loadPluginPackage(dir));
    expect(error.code).toBe("manifest-invalid");
    expect(error.message).toContain("hooks");
    expect(error.message).toContain("routes.prefix");
    // Each problem in English, and on the line under it in Swedish, as settings problems are shown.
    expect(error.message).toContain("is invalid:\n  sv: ");
    expect(error.message).toMatch(/\n {2}- routes\.prefix: [^\n]+\n {4}sv: routes\.prefix: måste /);
    expect(error.message).toMatch(/\n {4}sv: \(manifestet\): saknar fältet hooks|\n {4}sv: hooks: saknas/);
  });

  it("refuses a plugin whose hostApi range excludes this host", async () => {
    const dir = await packageWith((m) => {
      m.hostApi = "^2.0.0";
    });
    const error = await startupError(loadPluginPackage(dir));
    expect(error.code).toBe("host-api-mismatch");
    expect(error.message).toContain("^2.0.0");
    expect(error.messages?.sv).toMatch(/^Tillägget fake-pay .* kräver värd-API \^2\.0\.0; den här värden har 1\./);
  });

  it("refuses when this host speaks another major version", async () => {
    const error = await startupError(loadPluginPackage(fakePayPluginDir, "2.0.0"));
    expect(error.code).toBe("host-api-mismatch");
  });

  it("says the entry is missing (not built) rather than throwing a module error", async () => {
    const dir = await packageWith((m) => {
      m.entry = "./dist/plugin/index.js";
    });
    const error = await startupError(loadPluginPackage(dir));
    expect(error.code).toBe("entry-missing");
    expect(error.message).toContain("./dist/plugin/index.js");
    expect(error.messages).toEqual({
      en: "The entry ./dist/plugin/index.js of plugin fake-pay does not exist (has the package been built?).",
      sv: "Ingången ./dist/plugin/index.js för tillägget fake-pay finns inte (är paketet byggt?).",
    });
  });

  it("refuses an entry outside the package", async () => {
    const dir = await packageWith((m) => {
      m.entry = "./../elsewhere/index.js";
    });
    const error = await startupError(loadPluginPackage(dir));
    expect(error.code).toBe("manifest-invalid");
  });

  it("refuses a package without a manifest", async () => {
    const dir = await tempDir();
    const error = await startupError(loadPluginPackage(dir));
    expect(error.code).toBe("manifest-missing");
    expect(error.message).toBe(`No plugin.manifest.json in ${dir}.\n  sv: Ingen plugin.manifest.json i ${dir}.`);
  });
});
