// The settings after validation, with every default applied and the Svea base URL resolved.
import type { Locale } from "../host-contract/host-contract-types.js";

export type ScheduleName = "expire-links" | "reconcile";

export interface ScheduleSetting {
  cron: string;
  timeZone: string;
}

/** Where the plugin keeps its data when the host runs on several machines (settings.postgres). */
export interface PostgresSetting {
  /** A secret: it holds the database password. */
  connectionString: string;
  schema: string;
  poolSize: number;
  leaseSeconds: number;
}

export interface ResolvedSettings {
  /** Absent when the account is not configured. */
  merchantId?: string;
  /** A secret: never log it. Absent when the account is not configured. */
  password?: string;
  /** merchantId and password are both present; otherwise every Instore save is refused (account-not-configured). */
  accountConfigured: boolean;
  /** As configured: "stage", "production" or a base URL. */
  environment: string;
  /** The Svea Instore API base URL without a trailing slash, e.g. https://webpayinstoreapistage.svea.com. */
  sveaBaseUrl: string;
  termsUri: string;
  confirmationUri?: string;
  merchantName?: string;
  /** Where the host exposes the plugin's routes, without a trailing slash; callbacks go to `${publicBaseUrl}/callback/...`. */
  publicBaseUrl: string;
  /** Development only: hosts other than this machine that the Svea URLs and publicBaseUrl may reach over plain http. */
  allowPlainHttpTo: string[];
  /** A secret: the HMAC key for callback tokens. */
  callbackKey: string;
  /** A secret: the key before the last rotation; tokens made with it stay valid until their links expire. */
  previousCallbackKey?: string;
  linkLifetimeMinutes: number;
  reissueOn: "payment-change" | "every-save";
  deferredDelivery: boolean;
  saveDeadlineSeconds: number;
  defaultLocale: Locale;
  tags?: string[];
  reconcileAfterMinutes: number;
  sweepConcurrency: number;
  schedules: Record<ScheduleName, ScheduleSetting>;
  /** Svea Payment Admin, when configured: deliveries and annulling an undelivered order go through it. */
  paymentAdmin?: PaymentAdminSettings;
  /** Present when the plugin's data lives in PostgreSQL instead of the embedded store. */
  postgres?: PostgresSetting;
}

export interface PaymentAdminSettings {
  merchantId: string;
  /** A secret: never log it. */
  secret: string;
  /** The Payment Admin API base URL without a trailing slash. */
  baseUrl: string;
}

/** Where the mock Svea server serves Payment Admin, below a custom Instore base URL. */
export const MOCK_PAYMENT_ADMIN_PATH = "/payment-admin";

export const SVEA_BASE_URLS = {
  stage: "https://webpayinstoreapistage.svea.com",
  production: "https://webpayinstoreapi.svea.com",
} as const;

export const SETTING_DEFAULTS = {
  linkLifetimeMinutes: 2880,
  reissueOn: "payment-change",
  deferredDelivery: false,
  saveDeadlineSeconds: 20,
  defaultLocale: "sv",
  reconcileAfterMinutes: 30,
  sweepConcurrency: 4,
  /** The manifest's timing of each schedule (a test holds them equal): a settings entry's missing cron or timeZone falls back to it. */
  schedules: {
    "expire-links": { cron: "0 2 * * *", timeZone: "Europe/Stockholm" },
    reconcile: { cron: "*/15 * * * *", timeZone: "Europe/Stockholm" },
  },
} as const satisfies Partial<ResolvedSettings>;

/** The settings that are secrets: their values never appear in logs, errors or responses. */
export const SECRET_SETTINGS = ["password", "callbackKey", "previousCallbackKey", "postgres"] as const;

export const POSTGRES_DEFAULTS = { schema: "svea_instore", poolSize: 10, leaseSeconds: 30 } as const;
