// Makes sure the compiled plugin entry (and the start script) exist before an end-to-end suite loads it through the manifest, building at most once at a time.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rmdir, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const entry = fileURLToPath(new URL("../../dist/plugin/index.js", import.meta.url));
export const startScript = fileURLToPath(new URL("../../dist/scripts/start.js", import.meta.url));
const lock = fileURLToPath(new URL("../../dist/.e2e-build-lock", import.meta.url));

/**
 * `npm test` builds in pretest, so normally this only checks. When the entry is missing (a bare `npx vitest run test/e2e`)
 * one suite builds while the others, in parallel forks, wait for its lock to go.
 */
export async function ensurePluginBuilt(): Promise<string> {
  if (existsSync(entry) && existsSync(startScript)) return entry;
  await mkdir(fileURLToPath(new URL("../../dist/", import.meta.url)), { recursive: true });
  let owner = false;
  try {
    await mkdir(lock);
    owner = true;
  } catch {
    // another fork is building
  }
  if (owner) {
    try {
      await promisify(execFile)("npm", ["run", "build"], { cwd: repoRoot, timeout: 120_000 }).catch((error: unknown) => {
        // tsc still emits when files elsewhere fail to typecheck; the entry's existence decides below.
        console.warn(`npm run build reported errors: ${(error as Error).message.split("\n")[0]}`);
      });
    } finally {
      await rmdir(lock);
    }
  } else {
    for (let i = 0; i < 600 && (await stat(lock).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 200));
  }
  for (const file of [entry, startScript]) if (!existsSync(file)) throw new Error(`${file} is missing after the build`);
  return entry;
}
