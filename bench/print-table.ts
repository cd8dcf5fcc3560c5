// Formats the figures as a plain-text table for the terminal and as a Markdown table for the README.
import type { BenchResults, Figure } from "./bench-results.js";

function floorText(f: Figure): string {
  if (!f.floor) return "—";
  if (f.floor.on === "checks") return "checks hold";
  const op = f.floor.kind === "at-least" ? ">=" : "<=";
  return f.floor.on === "ratio" ? `ratio ${op} ${f.floor.limit}` : `${op} ${f.floor.limit} ${f.unit}`;
}

function resultText(f: Figure): string {
  return f.pass === null ? "(growth)" : f.pass ? "pass" : "MISSED";
}

function rows(results: BenchResults): string[][] {
  return results.figures.map((f) => [
    f.name,
    `${formatNumber(f.value)} ${f.unit}`,
    `${formatNumber(f.baseline.value)} ${f.baseline.unit} (${f.baseline.name})`,
    f.ratio.toFixed(3),
    floorText(f),
    resultText(f),
  ]);
}

const HEADER = ["figure", "value", "baseline", "ratio", "floor", "result"];

export function textTable(results: BenchResults): string {
  const all = [HEADER, ...rows(results)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

export function markdownTable(results: BenchResults): string {
  return [HEADER, HEADER.map(() => "---"), ...rows(results)].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

export function machineLine(results: BenchResults): string {
  const m = results.machine;
  return `${m.cpus} × ${m.model}, ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB, Node ${m.node}, ${m.os}`;
}

function formatNumber(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en-US") : String(Number(n.toPrecision(3)));
}
