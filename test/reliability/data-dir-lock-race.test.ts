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

interface RaceChild {
  /** Resolves once the child printed `line`. */
  printed(line: string): Promise<void>;
  send(line: string): void;
  /** Closes its stdin (it then exits) and resolves with every line it printed. */
  finish(): Promise<string[]>;
}

function startChild(moduleUrl: string, lockFiles: string[]): RaceChild {
  const child = spawn(process.execPath, [childScript, moduleUrl, JSON.stringify(lockFiles), String(GAP_MS)], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const waiting: { line: string; resolve: () => void }[] = [];
  const closed = new Promise<number | null>((resolve) => child.once("close", resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const w of waiting.filter((w) => out.split("\n").includes(w.line))) w.resolve();
  });
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const failed = closed.then((code) => Promise.reject(new Error(`child exited with ${code} early: ${err}`)));
  failed.catch(() => {});
  return {
    printed: (line) =>
      Promise.race([new Promise<void>((resolve) => (out.split("\n").includes(line) ? resolve() : waiting.push({ line, resolve }))), failed]),
    send: (line) => child.stdin.write(`${line}\n`),
    finish: async () => {
      child.stdin.end();
      const code = await closed;
      if (code !== 0) throw new Error(`child exited with ${code}: ${err}`);
      return out.split("\n").filter(Boolean);
    },
  };
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
      const children = [startChild(compiled.url("data-dir-lock"), lockFiles), startChild(compiled.url("data-dir-lock"), lockFiles)];
      // Both children are loaded before the first instant is set, and both stay alive (holding what they took) until
      // both are done: a slow start on a busy machine can no longer leave one racing a child that has already exited.
      await Promise.all(children.map((c) => c.printed("ready")));
      const firstAt = Date.now() + 200;
      for (const c of children) c.send(String(firstAt));
      await Promise.all(children.map((c) => c.printed("done")));
      const [a, b] = await Promise.all(children.map((c) => c.finish()));
      const outcome = (lines: string[], round: number) => lines.find((line) => line.startsWith(`${round} `))?.split(" ")[1];
      const rounds = lockFiles.map((_, round) => [outcome(a!, round), outcome(b!, round)].sort().join("+"));
      expect(rounds.filter((r) => r !== "store-locked+took")).toEqual([]);
    } finally {
      await dir.remove();
    }
  });
});
