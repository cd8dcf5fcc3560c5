// The `npm start` entry: runs the mock Svea server (the lead adds the reference host here later).
import { runMockSveaCli } from "../mock-svea/index.js";

runMockSveaCli().catch((error: unknown) => {
  process.stderr.write(`start: ${(error as Error).message}\n`);
  process.exit(1);
});
