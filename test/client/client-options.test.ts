// createSveaInstoreClient checks its options at once (Hono basicAuth style), and backoff waits on the injected clock.
import { describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { backoffDelayMs } from "../../plugin/svea-client/retry-backoff.js";
import { resolveClientOptions } from "../../plugin/svea-client/svea-instore-client-options.js";
import { createSveaInstoreClient, SVEA_INSTORE_BASE_URLS, SveaClientOptionsError, type SveaInstoreClientOptions } from "../../plugin/svea-client/index.js";
import { clientFor, serve } from "./support/client-test-setup.js";
import { sendText } from "./support/test-http-server.js";

const base = { merchantId: "m1", password: "pw" };

describe("options", () => {
  it("stage and production use Svea's hosts; custom uses the given base URL without a trailing slash", () => {
    expect(resolveClientOptions({ ...base, environment: "stage" }).baseUrl).toBe("https://webpayinstoreapistage.svea.com");
    expect(resolveClientOptions({ ...base, environment: "production" }).baseUrl).toBe("https://webpayinstoreapi.svea.com");
    expect(resolveClientOptions({ ...base, environment: "custom", baseUrl: "http://127.0.0.1:4010/" }).baseUrl).toBe("http://127.0.0.1:4010");
    // Plain http only to this machine (the mock); https anywhere.
    for (const url of ["http://localhost:4010", "http://[::1]:4010", "http://127.0.0.2", "https://svea.example"]) expect(resolveClientOptions({ ...base, environment: "custom", baseUrl: url }).baseUrl).toBe(url);
    expect(SVEA_INSTORE_BASE_URLS).toEqual({ stage: "https://webpayinstoreapistage.svea.com", production: "https://webpayinstoreapi.svea.com" });
  });

  it("plain http to another machine only to a host named in allowPlainHttpTo (development against the mock), never to one not named", () => {
    const custom = (baseUrl: string, allowPlainHttpTo: string[]) => ({ ...base, environment: "custom" as const, baseUrl, allowPlainHttpTo });
    expect(resolveClientOptions(custom("http://mock-svea:4010", ["mock-svea"])).baseUrl).toBe("http://mock-svea:4010");
    for (const url of ["http://svea.example:4010", "http://mock-svea.example:4010", "http://10.0.0.7:4010"])
      expect(() => resolveClientOptions(custom(url, ["mock-svea"]))).toThrow(/must be https/);
    expect(() => resolveClientOptions(custom("http://mock-svea", ["*"]))).toThrow(/allowPlainHttpTo must list host names/);
  });

  it("defaults: 10 s timeouts, 3 attempts, 5 s poll gap", () => {
    const o = resolveClientOptions({ ...base, environment: "stage", timeouts: { cancel: 2000 } });
    expect(o.timeouts).toEqual({ create: 10_000, status: 10_000, cancel: 2000, return: 10_000 });
    expect(o.maxAttempts).toBe(3);
    expect(o.pollGapMs).toBe(5000);
  });

  it.each<[string, unknown, RegExp]>([
    ["no environment", { ...base }, /environment/],
    ["an unknown environment", { ...base, environment: "test" }, /environment/],
    ["a baseUrl with stage", { ...base, environment: "stage", baseUrl: "http://127.0.0.1" }, /baseUrl is only allowed/],
    ["custom without baseUrl", { ...base, environment: "custom" }, /baseUrl/],
    ["a relative baseUrl", { ...base, environment: "custom", baseUrl: "/svea" }, /absolute http/],
    ["an ftp baseUrl", { ...base, environment: "custom", baseUrl: "ftp://x" }, /absolute http/],
    ["credentials in baseUrl", { ...base, environment: "custom", baseUrl: "http://u:p@127.0.0.1" }, /credentials/],
    ["a query in baseUrl", { ...base, environment: "custom", baseUrl: "http://127.0.0.1/?a=1" }, /query/],
    ["a plain-http baseUrl to another machine (the password would cross the network readable)", { ...base, environment: "custom", baseUrl: "http://svea.example:4010" }, /must be https/],
    ["a plain-http baseUrl to a LAN address", { ...base, environment: "custom", baseUrl: "http://10.0.0.7:4010" }, /must be https/],
    ["an empty merchantId", { ...base, merchantId: " ", environment: "stage" }, /merchantId is required/],
    ["a colon in merchantId", { ...base, merchantId: "a:b", environment: "stage" }, /':'/],
    ["an empty password", { ...base, password: "", environment: "stage" }, /password is required/],
    ["a zero timeout", { ...base, environment: "stage", timeouts: { status: 0 } }, /timeouts/],
    ["a negative timeout", { ...base, environment: "stage", timeouts: { default: -1 } }, /timeouts.default/],
    ["zero attempts", { ...base, environment: "stage", retry: { maxAttempts: 0 } }, /maxAttempts/],
    ["fractional attempts", { ...base, environment: "stage", retry: { maxAttempts: 1.5 } }, /maxAttempts/],
    ["a NaN poll gap", { ...base, environment: "stage", pollGapMs: Number.NaN }, /pollGapMs/],
    ["a logger without warn", { ...base, environment: "stage", logger: { debug() {}, info() {}, error() {} } }, /logger/],
  ])("refuses %s at once", (_label, options, message) => {
    expect(() => createSveaInstoreClient(options as SveaInstoreClientOptions)).toThrow(SveaClientOptionsError);
    expect(() => createSveaInstoreClient(options as SveaInstoreClientOptions)).toThrow(message);
  });
});

describe("retry backoff", () => {
  it("full jitter: random × min(max, base × 2^(n-1))", () => {
    const policy = (r: number) => ({ baseDelayMs: 100, maxDelayMs: 1000, random: () => r });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy(0.999)))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelayMs(3, policy(0))).toBe(0);
    expect(backoffDelayMs(2, policy(0.5))).toBe(100);
  });

  it("waits between attempts on the injected clock, not on real time", async () => {
    const server = await serve((_req, res) => sendText(res, 503, "busy"));
    const clock = new ManualClock();
    const client = clientFor(server.url, { clock, pollGapMs: 0, retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, random: () => 0.5 } });
    const pending = client.getOrderStatus("R-1").catch((e: unknown) => e);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    expect(server.requests).toHaveLength(1);
    clock.advance(499);
    await new Promise((r) => setTimeout(r, 20));
    expect(server.requests).toHaveLength(1);
    clock.advance(1); // first wait: 0.5 × 1000
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    expect(server.requests).toHaveLength(2);
    clock.advance(1000); // second wait: 0.5 × 2000
    await expect(pending).resolves.toMatchObject({ code: "unavailable", status: 503 });
    expect(server.requests).toHaveLength(3);
  });
});
