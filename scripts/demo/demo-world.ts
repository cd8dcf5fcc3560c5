// The demo's world on 127.0.0.1: the mock Svea and the reference host (loading the compiled plugin), one shared ManualClock, data in memory.
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pino, type LevelWithSilent } from "pino";
import { ManualClock } from "../../common/clock.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/index.js";

// Compiled code runs from dist/scripts/demo/, sources from scripts/demo/; the package root (manifest, dist/) is above either.
export const packageRoot = (() => {
  const here = fileURLToPath(new URL(".", import.meta.url));
  return resolve(here, /[\\/]dist[\\/]scripts[\\/]demo[\\/]?$/.test(here) ? "../../.." : "../..");
})();

export type SveaCall = "create" | "status" | "cancel" | "return";

export interface ClerkAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface DemoWorld {
  clock: ManualClock;
  mock: MockSveaServer;
  host: ReferenceHost;
  clerk(method: string, path: string, body?: unknown): Promise<ClerkAnswer>;
  view(orderId: string): Promise<PaymentView | null>;
  pickableIds(): Promise<string[]>;
  /** Moves the shared clock through the mock's admin API, as a tester would. */
  advance(ms: number): Promise<void>;
  /** Runs the mock's expiry sweep (`POST /__admin/sweep`): Svea ends the links past their expiry, as overnight. */
  sweepSvea(): Promise<void>;
  /** The Svea API operations the mock received since the previous call, oldest first. */
  sveaCallsSinceLastRead(): Promise<SveaCall[]>;
  /** Waits for `done`, moving the clock a second whenever the plugin sleeps on it (the 5 s poll gap). Bounded: ~5 s real time. */
  settle<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T>;
  close(): Promise<void>;
}

export async function startDemoWorld(options: { logLevel: LevelWithSilent }): Promise<DemoWorld> {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 8, 0, 0));
  // Logs go to stderr only: stdout carries the story (one line, or one JSON object, per step).
  const mock = await startMockSvea({
    port: 0,
    dataFile: null,
    clock,
    sweepSchedule: false,
    logger: pino({ name: "mock-svea", level: options.logLevel }, pino.destination(2)),
  });
  let host: ReferenceHost;
  try {
    const callbackKey = randomBytes(32).toString("base64url");
    host = await startReferenceHost({
      pluginDir: packageRoot,
      port: 0,
      dataFile: null,
      clock,
      logLevel: options.logLevel,
      schedules: "manual",
      defaultLocale: "en",
      settings: ({ url, pluginBaseUrl }: { url: string; pluginBaseUrl: string }) => ({
        merchantId: mock.merchant.id,
        password: mock.merchant.password,
        environment: mock.url,
        termsUri: `${url}/terms`,
        publicBaseUrl: pluginBaseUrl,
        callbackKey,
        defaultLocale: "en",
      }),
    });
  } catch (error) {
    await mock.close();
    throw error;
  }

  const clerk = async (method: string, path: string, body?: unknown): Promise<ClerkAnswer> => {
    const res = await fetch(`${host.url}${path}${path.includes("?") ? "&" : "?"}locale=en`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${mock.adminUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`mock admin ${method} ${path} answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };

  const seen = new Set<string>();
  return {
    clock,
    mock,
    host,
    clerk,
    async view(orderId) {
      const { body } = await clerk("GET", `/api/orders/${encodeURIComponent(orderId)}`);
      return (body.paymentView as PaymentView | null | undefined) ?? null;
    },
    async pickableIds() {
      const { body } = await clerk("GET", "/api/picking-list");
      return ((body.pickable as { id: string }[] | undefined) ?? []).map((o) => o.id);
    },
    async advance(ms) {
      await admin("POST", "/clock/advance", { ms });
    },
    async sweepSvea() {
      await admin("POST", "/sweep");
    },
    async sveaCallsSinceLastRead() {
      const { requests } = (await admin("GET", "/requests")) as { requests: { requestId: string; method: string; path: string }[] };
      const calls: SveaCall[] = [];
      for (const entry of requests) {
        if (seen.has(entry.requestId)) continue;
        seen.add(entry.requestId);
        const call = sveaOperation(entry.method, entry.path);
        if (call) calls.push(call);
      }
      return calls;
    },
    async settle(read, done) {
      let value = await read();
      for (let i = 0; i < 500 && !done(value); i++) {
        if (clock.pending > 0) clock.advance(1000);
        await new Promise((r) => setTimeout(r, 10));
        value = await read();
      }
      return value;
    },
    async close() {
      await host.close();
      await mock.close();
    },
  };
}

/** The Svea Instore operation a journalled request was, if it was one. */
export function sveaOperation(method: string, path: string): SveaCall | undefined {
  if (method === "POST" && path === "/api/v1/orders") return "create";
  const m = /^\/api\/v1\/orders\/[^/]+\/(status|cancel|return)$/.exec(path);
  return m ? (m[1] as SveaCall) : undefined;
}
