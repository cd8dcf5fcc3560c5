// `npm run soak`: runs the soak with a fixed seed on 127.0.0.1 and prints the summary; exits 1 when an invariant broke.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runSoak } from "./soak-run.js";
import { renderSoakSummary } from "./soak-summary.js";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "2000" },
    seed: { type: "string", default: "20260302" },
    "fault-rate": { type: "string", default: "0.05" },
    concurrency: { type: "string", default: "1" },
    "max-seconds": { type: "string", default: "600" },
  },
});
const int = (name: string, text: string | undefined) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not "${text}"`);
  return n;
};
const faultRate = Number(values["fault-rate"]);
if (!(faultRate >= 0 && faultRate < 1)) throw new Error(`--fault-rate must be from 0 to below 1, not "${values["fault-rate"]}"`);

const report = await runSoak({
  orders: int("orders", values.orders),
  seed: int("seed", values.seed),
  faultRate,
  concurrency: int("concurrency", values.concurrency),
  maxMillis: int("max-seconds", values["max-seconds"]) * 1000,
  // dist/soak/soak-cli.js → the package root
  pluginDir: fileURLToPath(new URL("../../", import.meta.url)),
});
process.stdout.write(`${renderSoakSummary(report)}\n`);
process.exitCode = report.violations.length === 0 && report.ordersRun === report.options.orders ? 0 : 1;
