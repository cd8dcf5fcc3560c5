// What `npm run soak` does with its arguments: usage, a refused flag (exit 2), or the run and its summary (exit 1 on a broken invariant).
import { parseSoakOptions, SOAK_USAGE } from "./soak-options.js";
import { runSoak } from "./soak-run.js";
import { renderSoakSummary } from "./soak-summary.js";

export interface SoakCommandOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the command and answers its exit code; `pluginDir` is the package root holding the compiled plugin. */
export async function soakCommand(argv: readonly string[], pluginDir: string, io: SoakCommandOutput): Promise<number> {
  let options: ReturnType<typeof parseSoakOptions>;
  try {
    options = parseSoakOptions(argv, pluginDir);
  } catch (error) {
    io.err(`soak: ${(error as Error).message}\n\n${SOAK_USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    io.out(`${SOAK_USAGE}\n`);
    return 0;
  }
  const report = await runSoak(options);
  io.out(`${renderSoakSummary(report)}\n`);
  return report.violations.length === 0 && report.ordersRun === report.options.orders ? 0 : 1;
}
