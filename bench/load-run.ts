// One bounded load run with autocannon (as a library) against 127.0.0.1, summarised as req/s and latency percentiles.
import autocannon from "autocannon";

export interface LoadRequest {
  method: "GET" | "POST";
  /** Called for every request: its path and body (the counter that makes each create unique lives in the caller). */
  next(): { path: string; body?: string; tag?: string };
  /** Told about every answer with the tag of the request it answers. */
  onAnswer?(status: number, tag: string | undefined): void;
}

export interface LoadRunOptions {
  url: string;
  connections: number;
  /** Seconds of load; or give `amount`. */
  durationSeconds?: number;
  /** Exactly this many requests, then stop. */
  amount?: number;
  headers?: Record<string, string>;
  request: LoadRequest;
  /** The server under test: its CPU time per answer is measured across the run. */
  server?: { cpuMicros(): Promise<number> };
}

export interface LoadSummary {
  /** 2xx answers per second of wall time over the whole run. */
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** CPU milliseconds the server process spent per answered request (when `server` was given). */
  serverCpuMsPerRequest: number | null;
}

export async function runLoad(options: LoadRunOptions): Promise<LoadSummary> {
  const { request } = options;
  const cpuBefore = await options.server?.cpuMicros();
  const started = performance.now();
  let firstSent: number | undefined;
  let lastAnswer = started;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    timeout: 30,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    requests: [
      {
        method: request.method,
        headers: { "content-type": "application/json", ...options.headers },
        setupRequest: (req, context) => {
          firstSent ??= performance.now();
          const { path, body, tag } = request.next();
          (context as { tag?: string }).tag = tag;
          return { ...req, path, ...(body !== undefined ? { body } : {}) };
        },
        onResponse: (status, _body, context) => {
          lastAnswer = performance.now();
          request.onAnswer?.(status, (context as { tag?: string }).tag);
        },
      },
    ],
  });
  // Our own clock: autocannon's duration counts whole 1 s ticks, far too coarse for a burst of a fixed amount, which
  // is timed from its first request to its last answer.
  const seconds = options.amount !== undefined ? (lastAnswer - (firstSent ?? started)) / 1000 : (performance.now() - started) / 1000;
  const cpuAfter = await options.server?.cpuMicros();
  const ok = result["2xx"];
  const answered = ok + result.non2xx;
  return {
    okPerSecond: ok / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
    serverCpuMsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined && answered > 0 ? (cpuAfter - cpuBefore) / 1000 / answered : null,
  };
}
