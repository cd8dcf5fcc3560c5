// One bounded load run with autocannon (as a library) against 127.0.0.1, summarised as req/s and latency percentiles.
import autocannon from "autocannon";
import { round } from "./bench-results.js";

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
  /** okPerSecond of each slice, in the order run (interleave's rounds); one entry for a single run. */
  sliceRates: number[];
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
    sliceRates: [ok / seconds],
  };
}

/**
 * Runs each side's load in turn, `rounds` times, `secondsPerSide / rounds` seconds a slice (A B C A B C ...), and
 * merges each side's slices. Slow drift of a shared machine then hits every side alike instead of whichever ran last.
 */
export async function interleave<K extends string>(
  rounds: number,
  secondsPerSide: number,
  sides: Record<K, (seconds: number) => Promise<LoadSummary>>,
): Promise<Record<K, LoadSummary>> {
  const slices = {} as Record<K, LoadSummary[]>;
  const names = Object.keys(sides) as K[];
  for (let r = 0; r < rounds; r++) {
    for (const name of names) (slices[name] ??= []).push(await sides[name](secondsPerSide / rounds));
  }
  const merged = {} as Record<K, LoadSummary>;
  for (const name of names) merged[name] = mergeSummaries(slices[name]);
  return merged;
}

function mergeSummaries(parts: LoadSummary[]): LoadSummary {
  const sum = (f: (s: LoadSummary) => number) => parts.reduce((n, s) => n + f(s), 0);
  const ok = sum((s) => s.ok);
  const seconds = sum((s) => s.seconds);
  const answered = sum((s) => s.ok + s.non2xx);
  const cpu = parts.every((s) => s.serverCpuMsPerRequest !== null) && answered > 0 ? sum((s) => s.serverCpuMsPerRequest! * (s.ok + s.non2xx)) / answered : null;
  const p50s = parts.map((s) => s.p50Ms).sort((a, b) => a - b);
  return {
    okPerSecond: ok / seconds,
    p50Ms: p50s[Math.floor(p50s.length / 2)]!,
    p99Ms: Math.max(...parts.map((s) => s.p99Ms)),
    ok,
    non2xx: sum((s) => s.non2xx),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    seconds,
    serverCpuMsPerRequest: cpu,
    sliceRates: parts.flatMap((s) => s.sliceRates),
  };
}

/**
 * The ratio of each round on its own (a slice against the baseline's slice of the same round, run back to back), as
 * min / median / max: how far the figure moves with the shared machine's state during one run. The figure itself is
 * the ratio of the whole runs.
 */
export function roundRatioSpread(server: LoadSummary, baseline: LoadSummary): { roundRatioMin: number; roundRatioMedian: number; roundRatioMax: number } | Record<string, never> {
  const n = Math.min(server.sliceRates.length, baseline.sliceRates.length);
  if (n < 2) return {};
  const ratios = server.sliceRates.slice(0, n).map((rate, i) => rate / baseline.sliceRates[i]!).sort((a, b) => a - b);
  const median = n % 2 === 1 ? ratios[(n - 1) / 2]! : (ratios[n / 2 - 1]! + ratios[n / 2]!) / 2;
  return { roundRatioMin: round(ratios[0]!), roundRatioMedian: round(median), roundRatioMax: round(ratios[n - 1]!) };
}
