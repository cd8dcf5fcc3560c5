// Two processes start at the same instant on data dirs whose lock a SIGKILLed process left: at most one gets each dir.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileStore } from "../plugin/store/compiled-store.js";
import { storeDir } from "../plugin/store/store-temp-dir.js";

const childScript = fileURLToPath(new URL("./support/data-dir-lock-child.mjs", import.meta.url));
const ROUNDS = 40;
const GAP_MS = 15;

function runChild(moduleUrl: string, lockFiles: string[], firstAt: number): Promise<string[]> {
  const child = spawn(process.execPath, [childScript, moduleUrl, JSON.stringify(lockFiles), String(firstAt), String(GAP_MS)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("close", (code) => (code === 0 ? resolve(out.split("\n").filter(Boolean)) : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}

describe("the data dir lock between processes", () => {
  let compiled: Awaited<ReturnType<typeof compileStore>>;
  beforeAll(async () => {
    compiled = await compileStore("data-dir-lock-race");
  });
  afterAll(async () => {
    await compiled.remove();
  });

  it("lets exactly one of two processes racing for a stale lock in, every round", async () => {
    const dir = await storeDir();
    try {
      const lockFiles = Array.from({ length: ROUNDS }, (_, round) => join(dir.path, `round-${round}.lock`));
      // A pid above Linux's limit: a process killed with SIGKILL, whose lock stayed.
      for (const lockFile of lockFiles) await writeFile(lockFile, `${2 ** 22 + 1}\n`);
      // Both children are loaded and spinning well before the first round.
      const firstAt = Date.now() + 1_000;
      const [a, b] = await Promise.all([runChild(compiled.url("data-dir-lock"), lockFiles, firstAt), runChild(compiled.url("data-dir-lock"), lockFiles, firstAt)]);
      const outcome = (lines: string[], round: number) => lines.find((line) => line.startsWith(`${round} `))?.split(" ")[1];
      const rounds = lockFiles.map((_, round) => [outcome(a!, round), outcome(b!, round)].sort().join("+"));
      expect(rounds.filter((r) => r !== "store-locked+took")).toEqual([]);
    } finally {
      await dir.remove();
    }
  });
});
