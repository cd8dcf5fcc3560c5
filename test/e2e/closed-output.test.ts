// When the reader of a command's output goes away (`npm start 2>&1 | head -2`), the command keeps working and stops on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";
import { ensurePluginBuilt, repoRoot, startScript } from "./ensure-plugin-built.js";

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) done(child.exitCode);
    else child.once("exit", (code) => done(code));
  });
}

/** The exit code, or "still running" when it has not exited within `ms`. */
async function exitWithin(child: ChildProcess, ms: number): Promise<number | null | "still running"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"still running">((done) => (timer = setTimeout(() => done("still running"), ms)));
  try {
    return await Promise.race([exitOf(child), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the first line the child prints, then closes both of its output pipes, as `2>&1 | head -1` does. */
async function firstLineThenCloseOutput(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  let first = "";
  for await (const line of lines) {
    first = line;
    break;
  }
  child.stdout!.destroy();
  child.stderr!.destroy();
  return first;
}

async function healthStatus(url: string): Promise<number | string> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status;
  } catch (error) {
    return (error as Error).name;
  }
}

describe("a command whose output is closed", () => {
  it("npm start goes on serving after its stdout and stderr close, and exits 0 on SIGTERM", async () => {
    await ensurePluginBuilt();
    const hostPort = await freePort();
    const child = spawn(process.execPath, [startScript, "--port", "0", "--memory"], {
      cwd: repoRoot,
      env: { ...process.env, REFERENCE_HOST_PORT: String(hostPort) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      expect(await firstLineThenCloseOutput(child)).toMatch(/^mock: http:\/\/127\.0\.0\.1:\d+$/);
      // The host: line is written after the pipes closed. Before, that write's EPIPE ended in a process that no longer
      // served and never exited: on the way out, pino's synchronous flush to the closed stderr retried forever.
      let status: number | string = "not asked";
      for (const giveUpAt = Date.now() + 20_000; status !== 200 && Date.now() < giveUpAt; ) {
        status = await healthStatus(`http://127.0.0.1:${hostPort}/healthz`);
        if (status !== 200) await new Promise((done) => setTimeout(done, 250));
      }
      expect(status).toBe(200);
      child.kill("SIGTERM");
      expect(await exitWithin(child, 15_000)).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);

  it("npm run demo plays its whole story after its stdout and stderr close, and exits 0", async () => {
    await ensurePluginBuilt();
    const child = spawn(process.execPath, [join(repoRoot, "dist/scripts/demo.js")], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    try {
      // The first line is on stderr (the servers' addresses); stdout's first is the story's first step.
      expect(await firstLineThenCloseOutput(child)).toMatch(/^\[1\/\d+\] create/);
      expect(await exitWithin(child, 60_000)).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 90_000);
});
