// The results file's types (derived from schemas/bench), how a figure is computed from a value and its baseline, and the check before writing.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { FromSchema } from "json-schema-to-ts";
import { SchemaRegistry } from "../common/json-schema-validator.js";
import { schema as benchResultsSchema } from "../schemas/generated/bench/bench-results.js";

export type BenchResults = FromSchema<typeof benchResultsSchema>;
export type Figure = BenchResults["figures"][number];
export type Floor = NonNullable<Figure["floor"]>;

const validate = new SchemaRegistry([benchResultsSchema]).validator<BenchResults>(benchResultsSchema.$id, "strict");

export interface FigureInput {
  id: string;
  name: string;
  size?: "standard" | "growth";
  value: number;
  unit: string;
  baseline: { name: string; value: number; unit: string };
  floor: Floor | null;
  checks?: Record<string, boolean>;
  details?: Record<string, number | string | boolean>;
}

/** The ratio is always value / baseline from the same run; the floor decides pass (null when there is none). */
export function makeFigure(input: FigureInput): Figure {
  if (!(input.baseline.value > 0)) throw new Error(`${input.id}: baseline ${input.baseline.name} measured ${input.baseline.value}, not a positive number`);
  const ratio = input.value / input.baseline.value;
  const checksHold = Object.values(input.checks ?? {}).every(Boolean);
  let pass: boolean | null = null;
  if (input.floor) {
    const subject = input.floor.on === "ratio" ? ratio : input.value;
    const withinLimit =
      input.floor.kind === "at-least" ? subject >= input.floor.limit : input.floor.kind === "at-most" ? subject <= input.floor.limit : true;
    pass = (input.floor.on === "checks" || withinLimit) && checksHold;
  }
  return {
    id: input.id,
    name: input.name,
    size: input.size ?? "standard",
    value: significant(input.value),
    unit: input.unit,
    baseline: { ...input.baseline, value: significant(input.baseline.value) },
    ratio: significant(ratio, 4),
    floor: input.floor,
    pass,
    ...(input.checks ? { checks: input.checks } : {}),
    ...(input.details ? { details: input.details } : {}),
  };
}

/** Keeps `digits` significant digits, so tiny baselines (a 0.1 ms filter) keep their precision. */
export function significant(n: number, digits = 6): number {
  return n === 0 || !Number.isFinite(n) ? n : Number(n.toPrecision(digits));
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Validates against schemas/bench/bench-results.schema.json; throws naming every bad field, so nothing invalid is written. */
export function checkResults(results: unknown): BenchResults {
  const checked = validate(results);
  if (!checked.ok) throw new Error(`bench results do not match their schema: ${checked.errors.map((e) => `${e.path || "(root)"} ${e.message}`).join("; ")}`);
  return checked.value;
}

export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(checkResults(results), null, 2)}\n`);
}

export function failedFigures(results: BenchResults): Figure[] {
  return results.figures.filter((f) => f.pass === false);
}
