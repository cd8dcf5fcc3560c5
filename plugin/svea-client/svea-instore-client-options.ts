// The options of createSveaInstoreClient, and their early check: a client that cannot work is never built.
import { systemClock, type Clock } from "../../common/clock.js";
import { InMemoryPollSlotStore } from "./in-memory-poll-slot-store.js";
import type { BackoffPolicy } from "./retry-backoff.js";
import type { SveaCallKind } from "./svea-instore-errors.js";
import type { PollSlotStore } from "./svea-instore-client.js";
import { isPlainHttpHostList, isPlainHttpOffMachine, PLAIN_HTTP_HOST_LIST_RULE, PLAIN_HTTP_OFF_MACHINE_RULE } from "../../common/plain-http-target.js";

export const SVEA_INSTORE_BASE_URLS = {
  stage: "https://webpayinstoreapistage.svea.com",
  production: "https://webpayinstoreapi.svea.com",
} as const;

export type SveaEnvironment = keyof typeof SVEA_INSTORE_BASE_URLS;

type LogFn = (obj: Record<string, unknown>, msg?: string) => void;
/** Any pino-compatible logger. The client logs method, path, status, latency and attempt; never headers or bodies. */
export interface SveaClientLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

interface SveaInstoreClientCommonOptions {
  /** The Instore account's own merchant id (not the Svea Checkout one). */
  merchantId: string;
  password: string;
  clock?: Clock;
  /** Status-poll slots; defaults to an in-memory store owned by this client. */
  pollSlots?: PollSlotStore;
  /** Minimum time between two status reads of one order. Default 5000 (Svea answers 403 to faster polls). */
  pollGapMs?: number;
  /** Per-attempt timeout in ms, per call kind, with a default for the rest. Default 10 000. */
  timeouts?: Partial<Record<SveaCallKind | "default", number>>;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; random?: () => number };
  logger?: SveaClientLogger;
  userAgent?: string;
  /**
   * Development only: hosts a custom baseUrl may reach over plain http besides this machine (the mock under a
   * docker-compose service name), each named exactly. Plain http to any other machine is refused: the password would
   * cross the network readable.
   */
  allowPlainHttpTo?: readonly string[];
}

/** Svea's stage or production host, or a custom base URL (the mock Svea server). */
export type SveaInstoreClientOptions = SveaInstoreClientCommonOptions &
  ({ environment: SveaEnvironment; baseUrl?: never } | { environment: "custom"; baseUrl: string | URL });

export interface ResolvedClientOptions {
  baseUrl: string;
  merchantId: string;
  password: string;
  clock: Clock;
  pollSlots: PollSlotStore;
  pollGapMs: number;
  timeouts: Record<SveaCallKind, number>;
  maxAttempts: number;
  backoff: BackoffPolicy;
  logger?: SveaClientLogger;
  userAgent: string;
}

/** Thrown by the factory for options that cannot work. Its message never contains the password. */
export class SveaClientOptionsError extends Error {
  override readonly name = "SveaClientOptionsError";
  readonly code = "invalid-options" as const;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 10 * 60_000;
const CALL_KINDS: readonly SveaCallKind[] = ["create", "status", "cancel", "return"];

function fail(message: string): never {
  throw new SveaClientOptionsError(`createSveaInstoreClient: ${message}`);
}

function nonNegative(value: number | undefined, fallback: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) fail(`${name} must be a number from 0 to ${max}`);
  return value;
}

function resolveBaseUrl(options: SveaInstoreClientOptions): string {
  const env = (options as { environment?: unknown }).environment;
  if (env === "stage" || env === "production") {
    if (options.baseUrl !== undefined) fail(`baseUrl is only allowed with environment "custom", not "${env}"`);
    return SVEA_INSTORE_BASE_URLS[env];
  }
  if (env !== "custom") fail(`environment must be "stage", "production" or "custom"`);
  let url: URL;
  try {
    url = new URL(String(options.baseUrl));
  } catch {
    return fail(`baseUrl must be an absolute http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(`baseUrl must be an absolute http(s) URL`);
  // Credentials in a URL end up in logs and errors; they belong in merchantId/password.
  if (url.username || url.password) fail(`baseUrl must not carry credentials; use merchantId and password`);
  if (url.search || url.hash) fail(`baseUrl must not have a query or a fragment`);
  if (!isPlainHttpHostList(options.allowPlainHttpTo)) fail(PLAIN_HTTP_HOST_LIST_RULE);
  if (isPlainHttpOffMachine(url, options.allowPlainHttpTo)) fail(`baseUrl ${PLAIN_HTTP_OFF_MACHINE_RULE}`);
  return url.href.replace(/\/+$/, "");
}

/** Checks every option and fills in the defaults; throws SveaClientOptionsError at the first bad one. */
export function resolveClientOptions(options: SveaInstoreClientOptions): ResolvedClientOptions {
  if (typeof options !== "object" || options === null) fail("options are required");
  const baseUrl = resolveBaseUrl(options);
  const { merchantId, password } = options;
  if (typeof merchantId !== "string" || merchantId.trim() === "") fail("merchantId is required");
  // Basic auth cannot carry a colon in the user id, and control characters would break the header.
  if (merchantId.includes(":") || /[\u0000-\u001f\u007f]/.test(merchantId)) fail("merchantId must not contain ':' or control characters");
  if (typeof password !== "string" || password === "") fail("password is required");
  if (/[\u0000-\u001f\u007f]/.test(password)) fail("password must not contain control characters");

  const defaultTimeout = nonNegative(options.timeouts?.default, DEFAULT_TIMEOUT_MS, "timeouts.default", MAX_TIMEOUT_MS);
  const timeouts = {} as Record<SveaCallKind, number>;
  for (const kind of CALL_KINDS) timeouts[kind] = nonNegative(options.timeouts?.[kind], defaultTimeout, `timeouts.${kind}`, MAX_TIMEOUT_MS);
  if (Object.values(timeouts).some((t) => t === 0)) fail("timeouts must be greater than 0");

  const maxAttempts = nonNegative(options.retry?.maxAttempts, 3, "retry.maxAttempts", 10);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) fail("retry.maxAttempts must be an integer from 1 to 10");
  const random = options.retry?.random ?? Math.random;
  if (typeof random !== "function") fail("retry.random must be a function");

  const logger = options.logger;
  if (logger !== undefined && !(["debug", "info", "warn", "error"] as const).every((level) => typeof logger[level] === "function"))
    fail("logger must have debug, info, warn and error methods");

  const clock = options.clock ?? systemClock;
  return {
    baseUrl,
    merchantId,
    password,
    clock,
    pollSlots: options.pollSlots ?? new InMemoryPollSlotStore(),
    pollGapMs: nonNegative(options.pollGapMs, 5000, "pollGapMs", 3_600_000),
    timeouts,
    maxAttempts,
    backoff: {
      baseDelayMs: nonNegative(options.retry?.baseDelayMs, 250, "retry.baseDelayMs", 60_000),
      maxDelayMs: nonNegative(options.retry?.maxDelayMs, 4000, "retry.maxDelayMs", 600_000),
      random,
    },
    logger,
    userAgent: options.userAgent ?? "svea-instore-erp-plugin",
  };
}
