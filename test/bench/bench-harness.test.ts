// Proves the bench harness works: figures are ratios to same-run baselines, floors decide pass, and a --quick run writes a valid results file.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResults, failedFigures, makeFigure, type BenchResults } from "../../bench/bench-results.js";
import { roundRatioSpread, type LoadSummary } from "../../bench/load-run.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = join(root, "dist/bench/run-bench.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestSource(path) : name.name.endsWith(".ts") ? statSync(path).mtimeMs : 0);
  }
  return newest;
}

describe("figures", () => {
  const baseline = { name: "bare", value: 200, unit: "req/s" };

  it("is the value over the baseline measured in the same run", () => {
    const f = makeFigure({ id: "x", name: "x", value: 50, unit: "req/s", baseline, floor: { on: "ratio", kind: "at-least", limit: 0.2 } });
    expect(f.ratio).toBe(0.25);
    expect(f.pass).toBe(true);
    expect(makeFigure({ id: "x", name: "x", value: 30, unit: "req/s", baseline, floor: { on: "ratio", kind: "at-least", limit: 0.2 } }).pass).toBe(false);
  });

  it("applies an at-most floor to the value when the floor says so, and fails when a check fails", () => {
    const memory = { id: "m", name: "m", value: 280, unit: "MB", baseline: { name: "bare", value: 70, unit: "MB" }, floor: { on: "value", kind: "at-most", limit: 300 } } as const;
    expect(makeFigure(memory)).toMatchObject({ ratio: 4, pass: true });
    expect(makeFigure({ ...memory, value: 301 }).pass).toBe(false);
    expect(makeFigure({ ...memory, checks: { "durable after kill -9": false } }).pass).toBe(false);
  });

  it("has no verdict without a floor, and passes a checks-only floor exactly when every check holds", () => {
    expect(makeFigure({ id: "g", name: "g", value: 1, unit: "s", baseline, floor: null }).pass).toBeNull();
    const checks = { id: "c", name: "c", value: 1, unit: "s", baseline, floor: { on: "checks", kind: "all-true", limit: 0 } } as const;
    expect(makeFigure({ ...checks, checks: { a: true, b: true } }).pass).toBe(true);
    expect(makeFigure({ ...checks, checks: { a: true, b: false } }).pass).toBe(false);
  });

  it("refuses a baseline that measured nothing", () => {
    expect(() => makeFigure({ id: "z", name: "z", value: 1, unit: "s", baseline: { ...baseline, value: 0 }, floor: null })).toThrow(/baseline/);
  });

  it("lists the missed floors that make --check fail", () => {
    const results = {
      generatedAt: new Date().toISOString(),
      mode: "quick",
      machine: { cpus: 2, model: "test", memoryBytes: 1, node: "v20", os: "linux" },
      figures: [
        makeFigure({ id: "ok", name: "ok", value: 2, unit: "x", baseline, floor: { on: "value", kind: "at-least", limit: 1 } }),
        makeFigure({ id: "missed", name: "missed", value: 0.5, unit: "x", baseline, floor: { on: "value", kind: "at-least", limit: 1 } }),
      ],
    } satisfies BenchResults;
    expect(failedFigures(checkResults(results)).map((f) => f.id)).toEqual(["missed"]);
  });

  it("reports each round's own ratio as min, median and max, pairing slices run in the same round", () => {
    const summary = (sliceRates: number[]) => ({ sliceRates }) as LoadSummary;
    // Rounds 1-4: 0.5, 0.1, 0.4, 0.3. (Pairing each side's rates in sorted order instead would make the least 0.2.)
    expect(roundRatioSpread(summary([50, 20, 40, 30]), summary([100, 200, 100, 100]))).toEqual({ roundRatioMin: 0.1, roundRatioMedian: 0.35, roundRatioMax: 0.5 });
    expect(roundRatioSpread(summary([30, 10, 20]), summary([100, 100, 100]))).toEqual({ roundRatioMin: 0.1, roundRatioMedian: 0.2, roundRatioMax: 0.3 });
    // A single slice has no spread to show.
    expect(roundRatioSpread(summary([50]), summary([100]))).toEqual({});
  });

  it("refuses a results file that breaks its schema", () => {
    expect(() => checkResults({ mode: "quick", figures: [] })).toThrow(/generatedAt|machine|figures/);
  });
});

describe("npm run bench -- --quick", () => {
  let dir: string;
  let results: BenchResults;

  beforeAll(async () => {
    const stale = !existsSync(entry) || statSync(entry).mtimeMs < newestSource(join(root, "bench"));
    if (stale) await run("npx", ["tsc", "-p", "bench/tsconfig.json"], { cwd: root, timeout: 120_000 });
    dir = await mkdtemp(join(tmpdir(), "bench-test-"));
    const out = join(dir, "results.json");
    await run(process.execPath, [entry, "--quick", "--no-growth", "--out", out], { cwd: root, timeout: 150_000 });
    results = JSON.parse(await readFile(out, "utf8")) as BenchResults;
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes a results file that matches its schema, with the machine described", () => {
    expect(() => checkResults(results)).not.toThrow();
    expect(results.mode).toBe("quick");
    expect(results.machine.cpus).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
  });

  it("has a figure for each of the seven floors", () => {
    const ids = results.figures.map((f) => f.id);
    for (const prefix of ["create-throughput.empty", "create-throughput.stored", "status-reads.stored", "mock-memory.stored", "save-overhead.", "picking-filter.", "nightly-sweep.", "callback-burst."]) {
      expect(ids.some((id) => id.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it("computes every figure as a ratio to its baseline", () => {
    for (const f of results.figures) {
      expect(f.baseline.value, f.id).toBeGreaterThan(0);
      // Stored to 4 significant digits.
      expect(Math.abs(f.ratio - f.value / f.baseline.value) / (f.value / f.baseline.value), f.id).toBeLessThan(1e-3);
    }
  });

  it("shows how far each load figure's ratio moved from round to round, around the whole run's ratio", () => {
    for (const id of ["create-throughput.empty", "create-throughput.stored", "status-reads.stored"]) {
      const f = results.figures.find((x) => x.id === id)!;
      const { roundRatioMin: min, roundRatioMedian: median, roundRatioMax: max } = f.details as Record<string, number>;
      expect(min, id).toBeGreaterThan(0);
      expect(min, id).toBeLessThanOrEqual(median!);
      expect(median, id).toBeLessThanOrEqual(max!);
      // The whole run's ratio is close to a weighted mean of the rounds' (close: slices last a few ms more or less
      // than asked, a few per cent of a quick run's half-second slice).
      expect(f.ratio, id).toBeGreaterThanOrEqual(min! * 0.95);
      expect(f.ratio, id).toBeLessThanOrEqual(max! * 1.05);
    }
  });

  it("reports the save beside the round trip through the plugin's own Svea client too, every create of which answered", () => {
    const f = results.figures.find((x) => x.id.startsWith("save-overhead."))!;
    const { pluginClientRoundTripP50Ms: clientTrip, ratioToPluginClientRoundTrip: ratio } = f.details as Record<string, number>;
    expect(clientTrip).toBeGreaterThan(0);
    expect(Math.abs(ratio! - f.value / clientTrip!)).toBeLessThan(0.01 + 0.01 * ratio!);
    expect(f.checks!["every round trip answered 200"]).toBe(true);
  });

  it("holds the correctness checks, which do not depend on timing", () => {
    for (const f of results.figures) for (const [check, held] of Object.entries(f.checks ?? {})) expect(held, `${f.id}: ${check}`).toBe(true);
  });
  it.each([
    [["--bogus"], "bench: Unknown option '--bogus'"],
    [["--only", "mock,nothing"], 'bench: --only takes scenarios from mock, save, picking, sweep, callbacks, not "nothing"'],
    [["--out"], "bench: Option '--out <value>' argument missing"],
  ])("refuses %j with exit 2, naming the flag and the rule, then the usage, and no stack", async (args, message) => {
    const refused = await run(process.execPath, [entry, ...args], { cwd: root, timeout: 30_000 }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr?.split("\n")[0]).toBe(message);
    expect(refused?.stderr).toContain("npm run bench -- [--quick]");
    expect(refused?.stderr).not.toMatch(/\n\s+at /);
  });
});
