// One end-to-end world on 127.0.0.1: the mock Svea, the reference host loading the compiled plugin by its manifest, one shared ManualClock.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { ManualClock } from "../../common/clock.js";
import type { Logger } from "pino";
import type { HostOrderStore } from "../../host/host-order-store.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import type { HostOrder, Locale, Notice, PaymentView, Refusal } from "../../plugin/host-contract/host-contract-types.js";
import { ensurePluginBuilt, repoRoot } from "./ensure-plugin-built.js";
import { driveClockWhile, readUntil } from "../support/drive-manual-clock.js";

export const instoreOrder: HostOrder = JSON.parse(readFileSync(new URL("../../fixtures/host/instore-order.json", import.meta.url), "utf8")) as HostOrder;

/** The fixture order under another id and number, with changes. */
export function orderFor(id: string, changes: Partial<HostOrder> = {}): HostOrder {
  return { ...structuredClone(instoreOrder), id, number: id.replace(/\D/g, "") || id, ...changes };
}

/** The plugin's settings for an account at this mock, with callbacks to `pluginBaseUrl`. */
export function pluginSettingsFor(mock: MockSveaServer, pluginBaseUrl: string, callbackKey: string): Record<string, unknown> {
  return {
    merchantId: mock.merchant.id,
    password: mock.merchant.password,
    environment: mock.url,
    termsUri: "https://demobutiken.example/villkor",
    publicBaseUrl: pluginBaseUrl,
    callbackKey,
  };
}

export interface StoryOptions {
  /** Changes to the plugin settings; `undefined` values remove a setting. */
  settings?: Record<string, unknown>;
  /** Turn off the mock's 5 s poll rule where a test is not about pacing. */
  enforcePollInterval?: boolean;
  /** The host's order book (e.g. PostgreSQL) instead of one in memory; the test closes it after the story. */
  orderStore?: HostOrderStore;
  /** The host's logger (a capturing one), instead of a silent one. */
  logger?: Logger;
  /** The host's order file (lowdb), instead of an order book in memory. */
  dataFile?: string;
}

export interface SaveAnswer {
  status: number;
  accepted: boolean;
  notices: Notice[];
  errors: Refusal[];
  paymentView: PaymentView | null;
}

export interface JournalEntry {
  method: string;
  path: string;
  status: number;
  body?: unknown;
  merchantId?: string | null;
}

export interface Story {
  clock: ManualClock;
  mock: MockSveaServer;
  host: ReferenceHost;
  callbackKey: string;
  close(): Promise<void>;
  // The clerk, through the host's JSON API.
  save(order: HostOrder, locale?: Locale): Promise<SaveAnswer>;
  remove(orderId: string, locale?: Locale): Promise<SaveAnswer>;
  view(orderId: string, locale?: Locale): Promise<PaymentView | null>;
  pickableIds(): Promise<string[]>;
  command(name: string, locale?: Locale): Promise<{ ok: boolean; message: string; data?: unknown }>;
  // Svea's side, through the mock's admin API.
  sms(): Promise<{ merchantOrderNumber: string; mobilePhoneNumber: string; text: string; accepted: boolean }[]>;
  requests(): Promise<JournalEntry[]>;
  mockOrder(merchantOrderNumber: string): Promise<{ orderStatus: string; reason: string | null; credits: unknown[] }>;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  advance(ms: number): Promise<void>;
  /** The clerk takes a moment between two actions on one order: past Svea's 5 s status-poll gap, so nothing waits on the clock. */
  pause(): Promise<void>;
  /** The unredacted callback URL the plugin gave Svea for a link (read from the mock's memory). */
  callbackUrl(merchantOrderNumber: string): string;
}

const json = { "content-type": "application/json" };

export async function startStory(options: StoryOptions = {}): Promise<Story> {
  await ensurePluginBuilt();
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 0));
  const mock = await startMockSvea({
    port: 0,
    dataFile: null,
    clock,
    logger: false,
    sweepSchedule: false,
    enforcePollInterval: options.enforcePollInterval ?? true,
  });
  const callbackKey = randomBytes(32).toString("base64url");
  let host: ReferenceHost;
  try {
    host = await startReferenceHost({
      pluginDir: repoRoot,
      dataFile: options.dataFile ?? null,
      clock,
      ...(options.orderStore ? { orderStore: options.orderStore } : {}),
      ...(options.logger ? { logger: options.logger } : { logLevel: "silent" as const }),
      schedules: "manual",
      settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => {
        const settings: Record<string, unknown> = { ...pluginSettingsFor(mock, pluginBaseUrl, callbackKey), ...options.settings };
        for (const [k, v] of Object.entries(settings)) if (v === undefined) delete settings[k];
        return settings;
      },
    });
  } catch (error) {
    await mock.close();
    throw error;
  }

  const clerk = async (method: string, path: string, locale: Locale, body?: unknown) => {
    const res = await fetch(`${host.url}${path}${path.includes("?") ? "&" : "?"}locale=${locale}`, {
      method,
      headers: json,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const answer = ({ status, body }: { status: number; body: Record<string, unknown> }): SaveAnswer => ({
    status,
    accepted: body.accepted === true,
    notices: (body.notices as Notice[] | undefined) ?? [],
    errors: (body.errors as Refusal[] | undefined) ?? [],
    paymentView: (body.paymentView as PaymentView | null | undefined) ?? null,
  });
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${mock.adminUrl}${path}`, { method, headers: json, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const adminJson = async <T>(path: string): Promise<T> => {
    const res = await admin("GET", path);
    expect(res.status, `GET ${path}`).toBe(200);
    return (await res.json()) as T;
  };

  // Through the mock's admin API: the mock and the host share the clock, so both see the same time.
  async function advance(ms: number): Promise<void> {
    const res = await admin("POST", "/clock/advance", { ms });
    expect(res.status).toBe(200);
  }

  return {
    clock,
    mock,
    host,
    callbackKey,
    async close() {
      await host.close();
      await mock.close();
    },
    save: async (order, locale = "en") => answer(await clerk("PUT", `/api/orders/${encodeURIComponent(order.id)}`, locale, order)),
    remove: async (orderId, locale = "en") => answer(await clerk("DELETE", `/api/orders/${encodeURIComponent(orderId)}`, locale)),
    async view(orderId, locale = "en") {
      const { status, body } = await clerk("GET", `/api/orders/${encodeURIComponent(orderId)}`, locale);
      expect(status).toBe(200);
      return (body.paymentView as PaymentView | null) ?? null;
    },
    async pickableIds() {
      const { body } = await clerk("GET", "/api/picking-list", "en");
      return (body.pickable as HostOrder[]).map((o) => o.id);
    },
    async command(name, locale = "en") {
      const { status, body } = await clerk("POST", `/api/commands/${name}`, locale, {});
      expect(status, `command ${name}`).toBe(200);
      return body as { ok: boolean; message: string; data?: unknown };
    },
    sms: async () => (await adminJson<{ messages: Awaited<ReturnType<Story["sms"]>> }>("/sms")).messages,
    requests: async () => (await adminJson<{ requests: JournalEntry[] }>("/requests")).requests,
    mockOrder: async (mon) => (await adminJson<{ order: Awaited<ReturnType<Story["mockOrder"]>> }>(`/orders/${mock.merchant.id}/${encodeURIComponent(mon)}`)).order,
    admin,
    advance,
    pause: () => advance(6_000),
    callbackUrl(mon) {
      const order = mock.deps.repo.find(mock.merchant.id, mon);
      const uri = order?.request.callbackUri;
      if (!uri) throw new Error(`no callbackUri for ${mon}`);
      return uri;
    },
  };
}

/** The Svea API calls in `entries` that concern one link: "status", "cancel", "create", "return". */
export function sveaCallsFor(entries: readonly JournalEntry[], merchantOrderNumber: string): string[] {
  const calls: string[] = [];
  for (const e of entries) {
    if (!e.path.startsWith("/api/v1/orders")) continue;
    if (e.method === "POST" && e.path === "/api/v1/orders") {
      if ((e.body as { merchantOrderNumber?: string } | undefined)?.merchantOrderNumber === merchantOrderNumber) calls.push("create");
      continue;
    }
    const m = /^\/api\/v1\/orders\/([^/]+)\/(status|cancel|return)$/.exec(e.path);
    if (m && decodeURIComponent(m[1]!) === merchantOrderNumber) calls.push(m[2]!);
  }
  return calls;
}

/** The Svea API calls in `entries` that concern any of an order's links, in order, as "create:<mon>", "status:<mon>"... */
export function sveaCalls(entries: readonly JournalEntry[]): string[] {
  return entries
    .filter((e) => e.path.startsWith("/api/v1/orders"))
    .map((e) => {
      if (e.method === "POST" && e.path === "/api/v1/orders") return `create:${(e.body as { merchantOrderNumber?: string } | undefined)?.merchantOrderNumber ?? "?"}`;
      const m = /^\/api\/v1\/orders\/([^/]+)\/(status|cancel|return)$/.exec(e.path);
      return m ? `${m[2]}:${decodeURIComponent(m[1]!)}` : `${e.method} ${e.path}`;
    });
}

/**
 * Lets a call that waits on the shared clock (retry back-off, the save deadline) finish, by moving the clock `stepMs` at a
 * time whenever something sleeps on it, as real time would. Bounded: about 300 steps.
 */
export function whileDriving<T>(work: Promise<T>, clock: ManualClock, stepMs = 1000): Promise<T> {
  return driveClockWhile(work, clock, stepMs, 300);
}

/**
 * Waits for work the plugin does after answering (callback processing), driving the shared clock when the plugin is
 * paced on it (the 5 s status-poll gap). Bounded: gives up after about 3 s of real time.
 */
export function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, clock: ManualClock): Promise<T> {
  return readUntil(read, done, clock);
}

/** The customer pays at the mock's checkout page, as on their phone (card): the mock then sends Svea's callback. */
export async function payAtCheckout(paymentLink: string): Promise<void> {
  const paid = await fetch(`${paymentLink}/pay`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "method=card", redirect: "manual" });
  expect(paid.status).toBe(303);
}

/**
 * Waits for the mock's callback attempts in flight (and runs those due now), and lists those for one link as
 * "<attempt> <status> <outcome>", e.g. "1 503 failed", "2 200 delivered".
 */
export async function callbackAttempts(mock: MockSveaServer, merchantOrderNumber: string): Promise<string[]> {
  const res = await fetch(`${mock.adminUrl}/callbacks/run-due`, { method: "POST" });
  expect(res.status).toBe(200);
  const { attempts } = (await res.json()) as { attempts: { merchantOrderNumber: string; attempt: number; status: number | null; outcome: string }[] };
  return attempts.filter((a) => a.merchantOrderNumber === merchantOrderNumber).map((a) => `${a.attempt} ${a.status} ${a.outcome}`);
}
