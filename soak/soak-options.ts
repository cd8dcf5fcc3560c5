// The soak's command line: flags in, the run's options out; a bad flag is refused with a message naming it and the rule.
import { parseArgs } from "node:util";
import type { SoakOptions } from "./soak-run.js";

export const SOAK_USAGE = `npm run soak -- [--orders <n>] [--seed <n>] [--fault-rate <r>] [--concurrency <n>] [--max-seconds <n>]
  --orders        orders run (default 2000)
  --seed          the random seed: the same seed plays the same run (default 20260302)
  --fault-rate    share of Svea calls that fail, from 0 to below 1 (default 0.05)
  --concurrency   orders run at once (default 1)
  --max-seconds   stop starting orders after this long (default 600)
  --help`;

/** The run's options from argv, "help", or a thrown Error whose message names the flag and its rule. */
export function parseSoakOptions(argv: readonly string[], pluginDir: string): SoakOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      orders: { type: "string", default: "2000" },
      seed: { type: "string", default: "20260302" },
      "fault-rate": { type: "string", default: "0.05" },
      concurrency: { type: "string", default: "1" },
      "max-seconds": { type: "string", default: "600" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const faultRate = Number(values["fault-rate"]);
  if (!(faultRate >= 0 && faultRate < 1)) throw new Error(`--fault-rate must be a number from 0 to below 1, not "${shown(values["fault-rate"])}"`);
  return {
    orders: positiveInteger("orders", values.orders),
    seed: positiveInteger("seed", values.seed),
    faultRate,
    concurrency: positiveInteger("concurrency", values.concurrency),
    maxMillis: positiveInteger("max-seconds", values["max-seconds"]) * 1000,
    pluginDir,
  };
}

function positiveInteger(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not "${shown(text)}"`);
  return n;
}

const shown = (text: string | undefined) => (text ?? "").slice(0, 100);
