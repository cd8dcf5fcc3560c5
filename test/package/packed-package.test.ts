// The package as an ERP vendor gets it: packed with npm pack, installed into a fresh project, used only through its
// exports, its bin and its declarations, as the README's host guide says.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");

interface PackedFile {
  path: string;
  size: number;
}

let work = "";
let consumer = "";
let files: PackedFile[] = [];
let unpackedSize = 0;

beforeAll(async () => {
  await ensurePluginBuilt();
  work = await mkdtemp(join(tmpdir(), "svea-packed-"));
  // --ignore-scripts: prepack would rebuild dist/ under the other suites that are reading it; pretest has built it.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: repoRoot, maxBuffer: 64 << 20 });
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: PackedFile[]; unpackedSize: number }];
  files = packed.files;
  unpackedSize = packed.unpackedSize;
  consumer = join(work, "erp");
  await run("mkdir", [consumer]);
  await writeFile(join(consumer, "package.json"), JSON.stringify({ name: "erp", version: "1.0.0", private: true, type: "module" }));
  // A TypeScript ERP has Node's own types; anything else the package's declarations need must come with the package.
  const nodeTypes = `@types/node@${(JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["@types/node"]}`;
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, packed.filename), nodeTypes], { cwd: consumer, timeout: 110_000 });
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships the build, schemas, manifest, the mock's demo merchants and the README, and nothing else", () => {
    const paths = files.map((f) => f.path);
    const outside = paths.filter(
      (p) => !/^(dist|schemas|fixtures\/mock-svea)\//.test(p) && !["README.md", "package.json", "plugin.manifest.json"].includes(p),
    );
    expect(outside).toEqual([]);
    expect(paths.filter((p) => /(^|\/)(test|data|\.env[^/]*|.*\.test\.[jt]s|.*\.pem|.*\.key)$|\/test\//.test(p))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(["dist/plugin/index.js", "dist/plugin/index.d.ts", "dist/mock-svea/cli.js", "fixtures/mock-svea/merchants.json"]));
    expect(unpackedSize).toBeLessThan(5_000_000);
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
