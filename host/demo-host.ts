// Wires the reference host for `npm start`: the plugin in this package, configured against a Svea Instore API (the mock).
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Clock } from "../common/clock.js";
import { loadOrCreateCallbackKey } from "./callback-key-file.js";
import { startReferenceHost, type HostAddress, type ReferenceHost } from "./reference-host.js";

export const DEFAULT_HOST_PORT = 4020;

export interface DemoHostOptions {
  /** The Svea Instore API base URL the plugin talks to (the mock's URL). */
  sveaUrl: string;
  /** With Payment Admin credentials, the plugin can also deliver and annul undelivered orders (README "After payment"). */
  merchant: { id: string; password: string; paymentAdmin?: { merchantId: string; secret: string } };
  /** Where the host keeps its orders and the callback key; null keeps orders in memory (the key is then not kept either). */
  dataDir: string | null;
  port?: number;
  clock?: Clock;
  /** The mock's admin API: turns on the UI's sandbox clock (the clock must then be an OffsetClock or ManualClock). */
  mockAdminUrl?: string;
  /** Names the pages and clerk API answer to besides the loopback ones (see ReferenceHostOptions.allowedHosts). */
  allowedHosts?: readonly string[];
  /** The shop's time zone for the clerk pages (see ReferenceHostOptions.timeZone). */
  timeZone?: string;
}

// Compiled code runs from dist/host/, sources from host/; the package root (manifest and dist/) is above either.
const packageRoot = (() => {
  const here = fileURLToPath(new URL(".", import.meta.url));
  return resolve(here, /[\\/]dist[\\/]host[\\/]?$/.test(here) ? "../.." : "..");
})();

/**
 * The plugin's settings against a Svea Instore API at `sveaUrl` (the mock) with `merchant`'s account, once the host's
 * address is known: what `npm start` runs with, plus `extra` settings (e.g. `postgres`).
 */
export function settingsAgainstMock(
  sveaUrl: string,
  merchant: DemoHostOptions["merchant"],
  callbackKey: string,
  extra: Record<string, unknown> = {},
): (address: HostAddress) => Record<string, unknown> {
  return ({ url, pluginBaseUrl }) => ({
    merchantId: merchant.id,
    password: merchant.password,
    environment: sveaUrl,
    termsUri: `${url}/terms`,
    publicBaseUrl: pluginBaseUrl,
    callbackKey,
    ...(merchant.paymentAdmin ? { paymentAdmin: { ...merchant.paymentAdmin } } : {}),
    ...extra,
  });
}

export async function startDemoHost(options: DemoHostOptions): Promise<ReferenceHost> {
  const callbackKey = options.dataDir ? await loadOrCreateCallbackKey(join(options.dataDir, "callback-key")) : randomBytes(32).toString("base64url");
  return startReferenceHost({
    pluginDir: packageRoot,
    port: options.port ?? DEFAULT_HOST_PORT,
    dataFile: options.dataDir ? join(options.dataDir, "host-orders.json") : null,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mockAdminUrl ? { sandbox: { mockAdminUrl: options.mockAdminUrl } } : {}),
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    settings: settingsAgainstMock(options.sveaUrl, options.merchant, callbackKey),
  });
}
