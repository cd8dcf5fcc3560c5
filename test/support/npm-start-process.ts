// `npm start` as a tester runs it (compiled, in memory, free ports): its labelled lines read into URLs, and a stop that waits for a clean exit.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ensurePluginBuilt, repoRoot, startScript } from "../e2e/ensure-plugin-built.js";

export interface NpmStart {
  /** The labels of the lines it printed, in order, up to host:. */
  labels: string[];
  host: string;
  mock: string;
  inbox: string;
  admin: string;
  /** The text after `label: ` in the line of that label, if it printed one. */
  line(label: string): string | undefined;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * With `dataFile`, the mock's snapshot (and everything beside it) goes there; without, state lives in memory. `args`
 * come after those flags; `env` is laid over this process's environment (REFERENCE_HOST_PORT 0 unless it names one).
 */
export async function startNpmStart(options: { dataFile?: string; args?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): Promise<NpmStart> {
  await ensurePluginBuilt();
  const storage = options.dataFile ? ["--data", options.dataFile] : ["--memory"];
  const child = spawn(process.execPath, [startScript, "--port", "0", ...storage, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, REFERENCE_HOST_PORT: "0", ...options.env },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const labels: string[] = [];
  const lines = new Map<string, string>();
  for await (const line of createInterface({ input: child.stdout })) {
    const [label, ...rest] = line.split(": ");
    if (!label) continue;
    labels.push(label);
    lines.set(label, rest.join(": "));
    if (label === "host") break;
  }
  const value = (label: string) => {
    const found = lines.get(label);
    if (!found) throw new Error(`npm start printed no "${label}:" line`);
    return found;
  };
  const stop = () => {
    child.kill("SIGTERM");
    return exited;
  };
  try {
    return { labels, host: value("host"), mock: value("mock"), inbox: value("inbox"), admin: value("admin"), line: (label) => lines.get(label), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
