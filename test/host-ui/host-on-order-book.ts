// A reference host (fake-pay plugin on 127.0.0.1) on the in-memory or a throwaway PostgreSQL order book, closed (and
// its schema dropped) after each test: for page tests that must hold on both books.
import { randomBytes } from "node:crypto";
import { afterEach } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { openPostgresHostOrderStore } from "../../host/postgres-host-order-store.js";
import { capturingLogger, fakePayPluginDir } from "../host/host-test-helpers.js";
import { dropSchema, testDatabaseUrl } from "../support/postgres-test-database.js";

export type OrderBook = "memory" | "pg";

/** Registers the cleanup; the function it returns starts a host with the plugin `settings` on `book`. */
export function useHostOnOrderBook(): (settings: Record<string, unknown>, book: OrderBook) => Promise<ReferenceHost> {
  let host: ReferenceHost | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await host?.close();
    await cleanup?.();
    host = undefined;
    cleanup = undefined;
  });
  return async (settings, book) => {
    let orderStore;
    if (book === "pg") {
      const url = await testDatabaseUrl();
      const schema = `rr_${randomBytes(4).toString("hex")}`;
      orderStore = await openPostgresHostOrderStore({ connectionString: url, schema, clock: new ManualClock() });
      const s = orderStore;
      cleanup = async () => {
        await s.close();
        await dropSchema(url, schema);
      };
    }
    host = await startReferenceHost({
      pluginDir: fakePayPluginDir,
      settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => Object.assign(settings, { apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl }),
      dataFile: null,
      clock: new ManualClock(),
      logger: capturingLogger().logger,
      schedules: "manual",
      ...(orderStore ? { orderStore } : {}),
    });
    return host;
  };
}

/** A new-order form as the page posts it: number 1001, Anna Andersson, one row of coffee at 50.00 (`overrides` on top). */
export function newOrderForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    number: "1001",
    currency: "SEK",
    paymentMethod: "fake-pay",
    "customer.name": "Anna Andersson",
    "customer.mobilePhone": "0701234567",
    "customer.countryCode": "SE",
    "rows.0.name": "Kaffe",
    "rows.0.quantity": "1",
    "rows.0.unitPrice": "50.00",
    "rows.0.vatPercent": "25",
    ...overrides,
  };
}
