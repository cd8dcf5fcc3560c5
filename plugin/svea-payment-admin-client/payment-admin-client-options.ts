// The options of createSveaPaymentAdminClient, and their early check: a client that cannot work is never built.
import { systemClock, type Clock } from "../../common/clock.js";
import type { SveaClientLogger } from "../svea-client/index.js";
import { isPlainHttpHostList, isPlainHttpOffMachine, PLAIN_HTTP_HOST_LIST_RULE, PLAIN_HTTP_OFF_MACHINE_RULE } from "../../common/plain-http-target.js";

export const SVEA_PAYMENT_ADMIN_BASE_URLS = {
  stage: "https://paymentadminapistage.svea.com",
  production: "https://paymentadminapi.svea.com",
} as const;

export interface SveaPaymentAdminClientOptions {
  /** Stage or production, or the base URL of another Payment Admin API (the mock: `<mock>/payment-admin`). */
  baseUrl: "stage" | "production" | string;
  /** The Payment Admin merchant id (not the Instore one). */
  merchantId: string;
  /** A secret: never logged. */
  secret: string;
  /** Gives the Timestamp header its time. */
  clock?: Clock;
  /** Per-attempt timeout in ms. Default 10 000. */
  timeoutMs?: number;
  /** Attempts for reads and cancels. Default 3. */
  maxAttempts?: number;
  logger?: SveaClientLogger;
  /** Development only: hosts a base URL may reach over plain http besides this machine, each named exactly (see the Instore client's). */
  allowPlainHttpTo?: readonly string[];
}

export interface ResolvedPaymentAdminOptions {
  baseUrl: string;
  merchantId: string;
  secret: string;
  clock: Clock;
  timeoutMs: number;
  maxAttempts: number;
  logger?: SveaClientLogger;
}

/** Thrown by the factory for options that cannot work. Its message never contains the secret. */
export class PaymentAdminClientOptionsError extends Error {
  override readonly name = "PaymentAdminClientOptionsError";
  readonly code = "invalid-options" as const;
}

function fail(message: string): never {
  throw new PaymentAdminClientOptionsError(`createSveaPaymentAdminClient: ${message}`);
}

export function resolvePaymentAdminOptions(o: SveaPaymentAdminClientOptions): ResolvedPaymentAdminOptions {
  if (!isPlainHttpHostList(o.allowPlainHttpTo)) fail(PLAIN_HTTP_HOST_LIST_RULE);
  const baseUrl = o.baseUrl === "stage" || o.baseUrl === "production" ? SVEA_PAYMENT_ADMIN_BASE_URLS[o.baseUrl] : checkedUrl(o.baseUrl, o.allowPlainHttpTo);
  if (typeof o.merchantId !== "string" || o.merchantId.trim() === "" || o.merchantId.includes(":")) fail("merchantId is required and must not contain ':'");
  if (typeof o.secret !== "string" || o.secret === "") fail("secret is required");
  const timeoutMs = o.timeoutMs ?? 10_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 600_000) fail("timeoutMs must be a number from 1 to 600000");
  const maxAttempts = o.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) fail("maxAttempts must be an integer from 1 to 10");
  return { baseUrl, merchantId: o.merchantId, secret: o.secret, clock: o.clock ?? systemClock, timeoutMs, maxAttempts, ...(o.logger ? { logger: o.logger } : {}) };
}

function checkedUrl(value: string, allowPlainHttpTo: readonly string[] | undefined): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return fail("baseUrl must be stage, production or an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail("baseUrl must be an absolute http(s) URL");
  if (url.username || url.password || url.search || url.hash) fail("baseUrl must not carry credentials, a query or a fragment");
  if (isPlainHttpOffMachine(url, allowPlainHttpTo)) fail(`baseUrl ${PLAIN_HTTP_OFF_MACHINE_RULE}`);
  return url.href.replace(/\/+$/, "");
}
