// Runs a server under test in its own Node process (so the load generator never shares its event loop) and talks to it over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

type Handler = (args: any) => unknown;

interface RpcRequest {
  id: number;
  command: string;
  args: unknown;
}
type RpcReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
interface ReadyMessage {
  ready: true;
  port: number;
}

/** Child side: announce the listening port, then answer commands until the parent disconnects. */
export function serveRpc(port: number, ownHandlers: Record<string, Handler>): void {
  if (!process.send) throw new Error("this script runs as a bench child process (forked with IPC)");
  const handlers: Record<string, Handler> = {
    rss: () => process.memoryUsage().rss,
    cpuMicros: () => {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    ...ownHandlers,
  };
  process.on("message", (message: RpcRequest) => {
    const handler = handlers[message.command];
    const reply = (r: RpcReply) => process.send!(r);
    if (!handler) return reply({ id: message.id, ok: false, error: `unknown command ${message.command}` });
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (result) => reply({ id: message.id, ok: true, result: result ?? null }),
        (error: unknown) => reply({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The parent going away (crash, Ctrl-C) must not leave a server running.
  process.on("disconnect", () => process.exit(0));
  process.send({ ready: true, port } satisfies ReadyMessage);
}

/** Reads a JSON options object the parent passed through BENCH_CHILD_OPTIONS. */
export function childOptions<T>(): T {
  return JSON.parse(process.env.BENCH_CHILD_OPTIONS ?? "{}") as T;
}

export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly name: string,
  ) {
    child.on("message", (message: RpcReply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
    child.on("exit", (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited (${signal ?? code}) before answering`));
      this.pending.clear();
    });
  }

  /** Forks `script` (a compiled file under dist/bench/servers) and waits until it listens. */
  static async start(script: string, name: string, options: object = {}, startTimeoutMs = 180_000): Promise<BenchChild> {
    const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url));
    // BENCH_CPU_PROF=<dir> profiles every server under test (written when it shuts down cleanly).
    const profileDir = process.env.BENCH_CPU_PROF;
    const child = fork(path, [], {
      execArgv: profileDir ? [...process.execArgv, "--cpu-prof", `--cpu-prof-dir=${profileDir}`] : process.execArgv,
      env: { ...process.env, BENCH_CHILD_OPTIONS: JSON.stringify(options) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
      child.once("message", (m: ReadyMessage) => {
        clearTimeout(timer);
        resolve(m.port);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before listening`));
      });
    });
    return new BenchChild(child, port, name);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  call<T>(command: string, args: unknown = {}): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command, args } satisfies RpcRequest);
    });
  }

  /** Resident set size in bytes, read by the parent from /proc (Linux), else asked of the child. */
  async rssBytes(): Promise<number> {
    try {
      const status = await readFile(`/proc/${this.pid}/status`, "utf8");
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      if (kb) return Number(kb) * 1024;
    } catch {
      // not Linux
    }
    return this.call<number>("rss");
  }

  /** CPU time (user + system) the child has used so far, in microseconds. */
  cpuMicros(): Promise<number> {
    return this.call<number>("cpuMicros");
  }

  /** kill -9: nothing gets to flush. */
  async crash(): Promise<void> {
    await this.stopWith("SIGKILL");
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    await this.call("shutdown").catch(() => {});
    // It exits by itself after shutdown (writing a --cpu-prof profile on the way); SIGTERM only if it hangs.
    const exited = await new Promise<boolean>((resolve) => {
      if (this.exited) return resolve(true);
      const timer = setTimeout(() => resolve(false), 15_000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!exited) await this.stopWith("SIGTERM");
  }

  private stopWith(signal: NodeJS.Signals): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill(signal);
    });
  }
}
