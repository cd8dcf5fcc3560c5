// `npm run soak`: runs the soak with a fixed seed on 127.0.0.1 and prints the summary; exits 1 when an invariant broke.
import { fileURLToPath } from "node:url";
import { soakCommand } from "./soak-command.js";

process.exitCode = await soakCommand(
  process.argv.slice(2),
  // dist/soak/soak-cli.js → the package root
  fileURLToPath(new URL("../../", import.meta.url)),
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
);
