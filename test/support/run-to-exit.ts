// Runs a compiled script as a child process to its exit: for start-ups that must fail with one line and a non-zero code.
import { spawn } from "node:child_process";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";

/** The exit code and everything written to stderr; killed after 20 s. `env` is the child's whole environment. */
export async function runToExit(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  await ensurePluginBuilt();
  const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((done) => child.once("exit", done));
  clearTimeout(timer);
  return { code, stderr };
}
