// The embedded store as compiled JavaScript, for tests that run it in child processes.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The files outside plugin/store/ that it imports for their values (the rest are type-only), at the same relative paths. */
const OUTSIDE_VALUES = ["common/data-dir-lock.ts", "common/private-file-modes.ts", "common/write-temp-file.ts", "common/read-file-if-present.ts", "common/json-syntax-position.ts", "common/writable-directory.ts", "common/bilingual-text.ts", "common/store-stopped.ts", "common/unstorable-text.ts", "common/env-setting.ts", "common/pg-schema-name.ts", "plugin/svea-client/poll-slot-rule.ts"];

/**
 * Transpiles plugin/store/ (and the few values it imports from outside, laid out as in the repository) into
 * node_modules/.cache/<name>-<pid> (inside the repo, so a child resolves lowdb from its node_modules). Tests the
 * current source without depending on a fresh `npm run build`. `url(module)` is the file URL of plugin/store/<module>.js.
 */
export async function compileStore(name: string): Promise<{ url: (module: string) => string; remove: () => Promise<void> }> {
  const compiledRoot = join(repoRoot, "node_modules", ".cache", `${name}-${process.pid}`);
  const sources = [
    ...(await readdir(join(repoRoot, "plugin", "store"))).filter((file) => file.endsWith(".ts")).map((file) => join("plugin", "store", file)),
    ...OUTSIDE_VALUES,
  ];
  for (const path of sources) {
    const { outputText } = ts.transpileModule(await readFile(join(repoRoot, path), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      fileName: path,
    });
    const out = join(compiledRoot, path.replace(/\.ts$/, ".js"));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  await writeFile(join(compiledRoot, "package.json"), '{"type":"module"}');
  return {
    url: (module) => pathToFileURL(join(compiledRoot, "plugin", "store", `${module}.js`)).href,
    remove: () => rm(compiledRoot, { recursive: true, force: true }),
  };
}
