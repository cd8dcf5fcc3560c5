// Turns every schemas/**/*.schema.json into a TypeScript module exporting the schema `as const`,
// so json-schema-to-ts can derive types from the JSON files without anyone copying them by hand.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas");
const out = join(root, "generated");

function* schemaFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === out) continue;
    if (statSync(path).isDirectory()) yield* schemaFiles(path);
    else if (name.endsWith(".schema.json")) yield path;
  }
}

rmSync(out, { recursive: true, force: true });
let count = 0;
for (const file of schemaFiles(root)) {
  const rel = relative(root, file).replace(/\.schema\.json$/, ".ts");
  const target = join(out, rel);
  const json = JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(
    target,
    `// Generated from schemas/${relative(root, file)} by scripts/generate-schema-modules.mjs. Do not edit.\n` +
      `export const schema = ${JSON.stringify(json, null, 2)} as const;\n`,
  );
  count++;
}
console.error(`generate: ${count} schema modules in schemas/generated`);
