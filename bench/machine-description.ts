// Describes the machine a bench ran on, for the results file and the README table.
import { cpus, platform, release, totalmem, type as osType } from "node:os";
import type { BenchResults } from "./bench-results.js";

export function describeMachine(): BenchResults["machine"] {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() || "unknown",
    memoryBytes: totalmem(),
    node: process.version,
    os: `${osType()} ${release()} (${platform()})`,
  };
}
