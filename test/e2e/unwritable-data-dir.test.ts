// A data folder the process's user can read but not write: the plugin's store, the mock and the host refuse to start,
// naming the folder and the missing permission, instead of starting and failing every save with a 500.
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePluginBuilt, repoRoot } from "./ensure-plugin-built.js";

let base: string;
let dir: string;

/** Under root (CI) the child runs as nobody, for whom the folder is read-only; any other user meets the mode itself. */
const asUnprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Runs an ES module text with node as the unprivileged user; its exit code, stdout and stderr. */
function runModule(code: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", code, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
    ...asUnprivileged,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((done) =>
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      done({ code: exitCode, stdout, stderr });
    }),
  );
}

beforeAll(async () => {
  await ensurePluginBuilt();
  base = await mkdtemp(join(tmpdir(), "svea-unwritable-"));
  dir = join(base, "data");
  await mkdir(dir);
  // Others may enter the base; the data folder is readable and enterable, never writable, by anyone but root.
  await chmod(base, 0o755);
  await chmod(dir, 0o555);
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const notWritable = (role: string) => new RegExp(`^${role} ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not writable by this process's user( \\(uid \\d+\\))?: it needs write \\(and search\\) permission`);

describe("a data folder the process may read but not write", () => {
  it("fails the plugin's embedded store when it opens", async () => {
    const run = await runModule(
      `const { createEmbeddedPluginStore } = await import(${JSON.stringify(join(repoRoot, "dist/plugin/store/index.js"))});
       try { await createEmbeddedPluginStore({ file: ${JSON.stringify(join(dir, "svea-instore-plugin.json"))} }).open(); console.log("opened"); }
       catch (e) { console.log(e.message); }`,
    );
    expect(run.stdout.trim()).toMatch(notWritable("the plugin's data folder"));
  });

  it("fails the mock's start with one line naming the folder, not a port", async () => {
    const run = await runModule(
      `process.argv.splice(1, 0, "mock-svea"); const { main } = await import(${JSON.stringify(join(repoRoot, "dist/mock-svea/cli.js"))}); await main(["--port", "0", "--data", ${JSON.stringify(join(dir, "mock-svea.json"))}], {});`,
    );
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n").filter((l) => l && !l.startsWith("{"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mock-svea: /);
    expect(lines[0]!.slice("mock-svea: ".length)).toMatch(notWritable("the mock's data folder"));
    expect(run.stderr).not.toMatch(/port|\n\s+at /);
  });

  it("fails the reference host's start naming its orders folder", async () => {
    const run = await runModule(
      `const { startReferenceHost } = await import(${JSON.stringify(join(repoRoot, "dist/host/reference-host.js"))});
       try { await startReferenceHost({ pluginDir: ${JSON.stringify(repoRoot)}, dataFile: ${JSON.stringify(join(dir, "host-orders.json"))}, logLevel: "silent", schedules: "manual", settings: {} }); console.log("started"); process.exit(0); }
       catch (e) { console.log(e.code + " " + e.message); }`,
    );
    expect(run.stdout.trim()).toMatch(/^data-dir-not-writable /);
    expect(run.stdout.trim().slice("data-dir-not-writable ".length)).toMatch(notWritable("the host's orders folder"));
  });
});
