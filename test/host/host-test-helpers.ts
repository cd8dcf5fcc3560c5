// Shared set-up for the reference host's tests: the fake-pay fixture plugin, an order factory and a log capture.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { createHostLogger } from "../../host/host-logger.js";

export const fakePayPluginDir = fileURLToPath(new URL("./fixtures/fake-pay-plugin/", import.meta.url));

export function fakePayOrder(id: string, overrides: Partial<HostOrder> = {}): HostOrder {
  return {
    id,
    number: `10${id.replace(/\D/g, "") || "0"}`,
    paymentMethod: "fake-pay",
    currency: "SEK",
    pricesIncludeVat: true,
    customer: { name: "Anna <b>Andersson</b>", countryCode: "SE", mobilePhone: "0701234567" },
    rows: [{ name: "Kaffe", quantity: "1", unitPrice: "100.00", vatPercent: "25" }],
    total: "100.00",
    ...overrides,
  };
}

/** A pino logger whose JSON lines land in `lines`. */
export function capturingLogger(): { logger: ReturnType<typeof createHostLogger>; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = createHostLogger("debug", { write: (chunk: string) => void chunks.push(chunk) });
  return {
    logger,
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export async function putJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "PUT", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** What a promise rejected with, or undefined if it resolved: for asserting on typed errors. */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Temporary folders for one test file, removed after each test. */
export function useTempDirs(prefix: string): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** A form post as a browser sends it from the host's own page (same origin, redirects not followed). */
export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin },
    body: new URLSearchParams(fields),
  });
}
