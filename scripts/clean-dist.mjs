// Empties dist/ before npm pack builds it: tsc only adds and overwrites, so a module renamed or removed since the last
// build would stay in dist/ under its old name and be packed with the rest.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

rmSync(join(dirname(fileURLToPath(import.meta.url)), "..", "dist"), { recursive: true, force: true });
