// Starts a node child process for crash tests, waits for its first stdout line, and kills it with SIGKILL on demand.
import { spawn, type ChildProcess } from "node:child_process";

export interface Child {
  process: ChildProcess;
  /** Every line the child wrote to stdout and stderr (for the log scan and for failures). */
  output: string[];
  firstLine: string;
  kill9(): Promise<void>;
}

export async function startChild(script: string, args: string[], env: Record<string, string>, isReady: (line: string) => boolean): Promise<Child> {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const firstLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${script} did not start: ${output.join("\n")}`)), 20_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        output.push(line);
        if (isReady(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => output.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child ${script} exited with ${code}: ${output.join("\n")}`));
    });
  });
  return {
    process: child,
    output,
    firstLine,
    kill9: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
