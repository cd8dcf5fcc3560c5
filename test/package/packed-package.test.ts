// The package as an ERP vendor gets it: packed with npm pack (its prepack and all) from a copy of this repository whose
// dist/ holds a file an older build left behind, installed into a fresh project, used only through its exports, its
// bin and its declarations, as the README's host guide says.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../e2e/ensure-plugin-built.js";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");

interface PackedFile {
  path: string;
  size: number;
}

/** What a build before a rename left in dist/: the module under its old name, with its declaration and map. */
const STALE = ["dist/plugin/renamed-away.js", "dist/plugin/renamed-away.d.ts", "dist/plugin/renamed-away.js.map"];
/** Never generated, never ignored: the copy is this working tree as a clone (with its uncommitted work) would have it. */
const NOT_COPIED = new Set(["node_modules", "dist", "data", "coverage", ".git", join("schemas", "generated")]);

let work = "";
let consumer = "";
let installed = "";
let files: PackedFile[] = [];
let paths = new Set<string>();
let unpackedSize = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "svea-packed-"));
  // Packed from a copy: prepack empties and rebuilds dist/, which the other suites are reading in the repository.
  const source = join(work, "source");
  await cp(repoRoot, source, { recursive: true, filter: (from) => !NOT_COPIED.has(relative(repoRoot, from)) });
  await symlink(join(repoRoot, "node_modules"), join(source, "node_modules"), "dir");
  await mkdir(join(source, "dist", "plugin"), { recursive: true });
  for (const stale of STALE) await writeFile(join(source, stale), "// left by an older build\n");
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: source, timeout: 150_000, maxBuffer: 64 << 20 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("[\n"))) as [{ filename: string; files: PackedFile[]; unpackedSize: number }];
  files = packed.files;
  paths = new Set(files.map((f) => f.path));
  unpackedSize = packed.unpackedSize;
  consumer = join(work, "erp");
  installed = join(consumer, "node_modules", "svea-instore-erp-plugin");
  await mkdir(consumer);
  await writeFile(join(consumer, "package.json"), JSON.stringify({ name: "erp", version: "1.0.0", private: true, type: "module" }));
  // A TypeScript ERP has Node's own types; anything else the package's declarations need must come with the package.
  const nodeTypes = `@types/node@${(JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["@types/node"]}`;
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, packed.filename), nodeTypes], { cwd: consumer, timeout: 110_000 });
}, 280_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The relative module specifiers a compiled module imports or re-exports (statically or with a literal import()). */
function relativeImports(js: string): string[] {
  return [...js.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1] ?? "");
}

describe("the packed package", () => {
  it("ships the build, its TypeScript sources, the schemas, manifest, the mock's demo merchants and the README, and nothing else", () => {
    const list = [...paths];
    const outside = list.filter(
      (p) => !/^(dist|schemas|common|plugin|mock-svea|host|fixtures\/mock-svea)\//.test(p) && !["README.md", "package.json", "plugin.manifest.json"].includes(p),
    );
    expect(outside).toEqual([]);
    expect(list.filter((p) => /(^|\/)(test|data|\.env[^/]*|.*\.test\.[jt]sx?|.*\.pem|.*\.key)$|\/test\//.test(p))).toEqual([]);
    expect(list).toEqual(expect.arrayContaining(["dist/plugin/index.js", "dist/plugin/index.d.ts", "dist/mock-svea/cli.js", "fixtures/mock-svea/merchants.json", "plugin/index.ts"]));
    // The repository's own commands (npm start, the demo, expire-links) and the bench's and demo's schemas: no export,
    // bin or shipped module reaches them.
    expect(list.filter((p) => /^(dist\/)?(scripts|schemas\/(generated\/)?(bench|demo))\//.test(p))).toEqual([]);
    // The JSON schemas the plugin and the mock validate with, and the compiled modules they are read from.
    for (const folder of ["host", "plugin", "svea-instore", "svea-payment-admin", "mock-svea"]) {
      expect(list.some((p) => p.startsWith(`schemas/${folder}/`) && p.endsWith(".schema.json"))).toBe(true);
      expect(list.some((p) => p.startsWith(`dist/schemas/generated/${folder}/`) && p.endsWith(".js"))).toBe(true);
    }
    // A guard against shipping something by mistake (a data folder, a bench's output), not a diet: about 5.15 MB on
    // 2026-12-03 (4.97 MB that morning; the package grows with its code, its source maps and declarations), so the bound
    // leaves room for a few months of code, not for a data folder of orders.
    expect(unpackedSize).toBeLessThan(6_000_000);
  });

  it("is built from an empty dist/: a module an older build left there under a since-renamed name is not packed", () => {
    expect(STALE.filter((p) => paths.has(p))).toEqual([]);
    expect(existsSync(join(installed, "dist", "plugin", "renamed-away.js"))).toBe(false);
  });

  it("ships every source a source map names, and every map a module names", async () => {
    const maps = [...paths].filter((p) => p.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources, sourceRoot = "" } = JSON.parse(await readFile(join(installed, map), "utf8")) as { sources: string[]; sourceRoot?: string };
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) {
        const shipped = posix.normalize(posix.join(posix.dirname(map), sourceRoot, source));
        if (!paths.has(shipped)) missing.push(`${map} -> ${shipped}`);
      }
    }
    // A declaration's map is what takes a vendor's "go to definition" to the TypeScript source instead of the .d.ts.
    expect(maps).toEqual(expect.arrayContaining(["dist/plugin/index.d.ts.map", "dist/mock-svea/index.d.ts.map", "dist/host/index.d.ts.map"]));
    for (const js of [...paths].filter((p) => p.endsWith(".js") || p.endsWith(".d.ts"))) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(await readFile(join(installed, js), "utf8"))?.[1];
      if (url && !paths.has(posix.join(posix.dirname(js), url))) missing.push(`${js} -> ${url}`);
    }
    expect(missing).toEqual([]);
  });

  it("ships every module a shipped module imports, and every file its exports and bin name", async () => {
    const pkg = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as { bin: Record<string, string>; exports: Record<string, string | Record<string, string>> };
    const named = [...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e)))]
      .filter((p) => !p.includes("*"))
      .map((p) => posix.normalize(p));
    expect(named.filter((p) => !paths.has(p))).toEqual([]);
    const missing: string[] = [];
    for (const js of [...paths].filter((p) => p.startsWith("dist/") && p.endsWith(".js"))) {
      for (const specifier of relativeImports(await readFile(join(installed, js), "utf8"))) {
        const target = posix.normalize(posix.join(posix.dirname(js), specifier));
        if (!paths.has(target)) missing.push(`${js} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("gives a vendor running node --enable-source-maps a stack trace at TypeScript lines of files that are in the package", async () => {
    const script = `import { activate } from "svea-instore-erp-plugin"; await activate({}).catch((error) => console.log(error.stack));`;
    const { stdout } = await run(process.execPath, ["--enable-source-maps", "--input-type=module", "-e", script], { cwd: consumer, timeout: 30_000 });
    expect(stdout).toMatch(/^ActivationContextError: /);
    const frames = [...stdout.matchAll(/\((?:file:\/\/)?([^()]+?):(\d+):\d+\)$/gm)].map((m) => ({ file: m[1] ?? "", line: Number(m[2]) }));
    const own = frames.filter((f) => f.file.startsWith(installed));
    expect(own.length).toBeGreaterThan(0);
    for (const frame of own) {
      expect(relative(installed, frame.file)).toMatch(/^plugin\/.+\.ts$/);
      // The line the frame names is in the shipped source (the check that throws is there, not past its end).
      const lines = (await readFile(frame.file, "utf8")).split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(frame.line);
    }
    expect(own[0] && (await readFile(own[0].file, "utf8")).split("\n")[own[0].line - 1]).toMatch(/ActivationContextError/);
  });

  it("runs an ERP host in plain ESM: the manifest's entry activated, the mock started by its bin, an order saved, paid by callback and pickable, then refused by class after deactivate", async () => {
    await copyFile(join(here, "consumer", "host.mjs"), join(consumer, "host.mjs"));
    const order = await readFile(join(repoRoot, "fixtures", "host", "instore-order.json"), "utf8");
    const { stdout } = await run(process.execPath, ["host.mjs", order], { cwd: consumer, timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "")).toEqual({
      saved: true,
      savedState: "waiting",
      paidStatus: 200,
      updates: ["waiting", "paid"],
      view: "paid",
      pickable: ["ord-5001"],
      afterDeactivate: 503,
    });
  }, 70_000);

  it("type-checks a TypeScript host (strict, NodeNext, declarations of every dependency checked) against the installed types", async () => {
    await copyFile(join(here, "consumer", "host.ts"), join(consumer, "host.ts"));
    await writeFile(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: false, types: ["node"] },
        files: ["host.ts"],
      }),
    );
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: consumer, timeout: 60_000 }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe("");
  }, 70_000);
});
