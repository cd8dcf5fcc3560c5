// Starts reference-host node processes (dist/scripts/start-host-node.js) with an IPC channel, collects their log lines, runs schedules on them.
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const NODE_SCRIPT = fileURLToPath(new URL("../../dist/scripts/start-host-node.js", import.meta.url));

export interface ScheduleOutcome {
  skipped: boolean;
  reason?: string;
  result?: { ok: boolean; message: string; data?: { result?: string } };
}

export interface HostNode {
  index: number;
  url: string;
  pluginBaseUrl: string;
  /** Every line the node wrote (pino JSON on stdout, anything on stderr). */
  output: string[];
  runSchedule(schedule: string, firingAt: number): Promise<ScheduleOutcome>;
  stop(): Promise<void>;
}

export async function startHostNode(index: number, env: Record<string, string>): Promise<HostNode> {
  if (!existsSync(NODE_SCRIPT)) throw new Error(`${NODE_SCRIPT} is missing: run npm run build first`);
  const child: ChildProcess = fork(NODE_SCRIPT, [], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const output: string[] = [];
  const waiting = new Map<number, (outcome: ScheduleOutcome) => void>();
  let nextId = 1;
  child.on("message", (message: { id: number; outcome?: ScheduleOutcome; error?: string }) => {
    waiting.get(message.id)?.(message.outcome ?? { skipped: false, result: { ok: false, message: message.error ?? "failed" } });
    waiting.delete(message.id);
  });
  child.stderr!.on("data", (chunk: Buffer) => output.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
  const ready = await new Promise<{ url: string; pluginBaseUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host node ${index} did not start in 30 s:\n${output.join("\n")}`)), 30_000);
    let partial = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) {
        output.push(line);
        if (line.startsWith('{"node":"ready"')) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as { url: string; pluginBaseUrl: string });
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`host node ${index} exited with ${code}:\n${output.join("\n")}`));
    });
  });
  return {
    index,
    ...ready,
    output,
    runSchedule: (schedule, firingAt) =>
      new Promise<ScheduleOutcome>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ id, schedule, firingAt });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
