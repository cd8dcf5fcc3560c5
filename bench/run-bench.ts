// `npm run bench`: runs every scenario, prints the table, validates and writes bench/results.json; `--check` fails on a missed floor.
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { BenchContext } from "./bench-context.js";
import { failedFigures, writeResults, type BenchResults } from "./bench-results.js";
import { benchPlan, type ScenarioSizes } from "./bench-sizes.js";
import { describeMachine } from "./machine-description.js";
import { machineLine, textTable } from "./print-table.js";
import { runMockLoad } from "./scenarios/mock-load.js";
import { runPickingFilter } from "./scenarios/picking-filter.js";
import { runCallbackBurst, runNightlySweep } from "./scenarios/plugin-against-mock.js";
import { runSaveOverhead } from "./scenarios/save-overhead.js";

export const USAGE = `npm run bench -- [--quick] [--check] [--out <file>] [--only <scenario,...>]
  --quick   small sizes, ~1 s load runs: proves the harness works; figures are not comparable to a full run
  --check   exit 1 when a floor is missed
  --out     results file (default bench/results.json for a full run; a --quick or --only
            (or --no-growth) run writes data/bench-results.json, so it never replaces the recorded full run)
  --only    run some scenarios: ${["mock", "save", "picking", "sweep", "callbacks"].join(", ")}
  --no-growth  skip the larger growth sizes`;

type Scenario = (ctx: BenchContext, sizes: ScenarioSizes, size: "standard" | "growth") => Promise<void>;

const SCENARIOS: Record<string, Scenario> = {
  mock: runMockLoad,
  save: runSaveOverhead,
  picking: runPickingFilter,
  sweep: runNightlySweep,
  callbacks: runCallbackBurst,
};

/** The flags, "help", or a thrown Error whose message names the bad flag and its rule. */
function parseBenchArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      check: { type: "boolean" },
      out: { type: "string" },
      only: { type: "string" },
      "no-growth": { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  const only = values.only?.split(",").map((s) => s.trim());
  for (const name of only ?? []) {
    if (!SCENARIOS[name]) throw new Error(`--only takes scenarios from ${Object.keys(SCENARIOS).join(", ")}, not "${name.slice(0, 100)}"`);
  }
  return { values, only };
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  let parsed: ReturnType<typeof parseBenchArgs>;
  try {
    parsed = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, only } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const plan = benchPlan(values.quick ? "quick" : "full");
  // Only a full run of every scenario stands as bench/results.json (the README's "Latest full run" quotes it).
  const recorded = values.quick || only || values["no-growth"] ? "../../data/bench-results.json" : "../../bench/results.json";
  const out = values.out ?? fileURLToPath(new URL(recorded, import.meta.url));
  const started = performance.now();
  const ctx = await BenchContext.create(plan, (line) => process.stderr.write(`${line}\n`));
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (only && !only.includes(name)) continue;
      await scenario(ctx, plan.standard, "standard");
      if (plan.growth && !values["no-growth"]) await scenario(ctx, plan.growth, "growth");
    }
  } finally {
    await ctx.dispose();
  }
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode: plan.mode,
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    machine: describeMachine(),
    figures: ctx.figures,
  };
  await writeResults(out, results);
  process.stdout.write(`\nmachine: ${machineLine(results)}\nmode: ${plan.mode}, ${results.durationSeconds} s\n\n${textTable(results)}\n\nwritten to ${out}\n`);
  const missed = failedFigures(results);
  if (values.check && missed.length > 0) {
    process.stderr.write(`bench --check: ${missed.length} floor(s) missed: ${missed.map((f) => f.id).join(", ")}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
