// What every scenario gets: the plan, a scratch directory, progress output, and the figures collected so far.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure } from "./bench-results.js";
import type { BenchPlan } from "./bench-sizes.js";

export class BenchContext {
  readonly figures: Figure[] = [];
  private dirs = 0;

  private constructor(
    readonly plan: BenchPlan,
    readonly scratch: string,
    private readonly progress: (line: string) => void,
  ) {}

  static async create(plan: BenchPlan, progress: (line: string) => void): Promise<BenchContext> {
    return new BenchContext(plan, await mkdtemp(join(tmpdir(), "svea-bench-")), progress);
  }

  log(line: string): void {
    this.progress(line);
  }

  add(figure: Figure): void {
    this.figures.push(figure);
    const pass = figure.pass === null ? "" : figure.pass ? " pass" : " MISSED";
    this.progress(`  = ${figure.id}: ${figure.value} ${figure.unit} (ratio ${figure.ratio})${pass}`);
  }

  /** A fresh directory under the scratch root; with `from`, a copy of that directory. */
  async dir(label: string, from?: string): Promise<string> {
    const path = join(this.scratch, `${String(++this.dirs).padStart(2, "0")}-${label}`);
    if (from) await cp(from, path, { recursive: true });
    return path;
  }

  async dispose(): Promise<void> {
    await rm(this.scratch, { recursive: true, force: true });
  }
}
