// The admin API under /__admin: read state and journals, act as the customer, move the clock, sweep, inject faults.
import { timingSafeEqual } from "node:crypto";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { isAdvanceableClock } from "../../common/advanceable-clock.js";
import type { Validator } from "../../common/json-schema-validator.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockSveaEnv } from "../mock-svea-env.js";
import { mockSveaValidators, type MockOrder, type MockSettings } from "../mock-svea-schemas.js";
import { openApiDocument } from "../openapi-document.js";
import { toStatusResponse } from "../order-views.js";
import { SmsInboxPage } from "../pages/sms-inbox-page.js";
import { MockSveaError } from "../problem-document.js";
import { jsonParseMessage } from "../read-json-body.js";
import { redactUrl } from "../redact.js";
import { CheckoutRefusedError, declineOrder, payOrder } from "../use-cases/customer-checkout.js";
import { findOrder } from "../use-cases/find-order.js";
import { pageSecurityHeaders } from "./checkout-routes.js";
import { jsonAnswer } from "../json-content-type.js";

export interface AdminOptions {
  /** When set, callers that are not on loopback may use the admin API with `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** The caller's address; by default the socket's remote address. Tests inject other addresses through this. */
  remoteAddress: (c: Context<MockSveaEnv>) => string | undefined;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A loopback caller must also address the mock by a loopback name or its public URL's: a page whose name was pointed
 * at 127.0.0.1 (DNS rebinding) is a loopback caller too, same-origin to the browser, and only its name tells it apart.
 */
function addressedByOwnName(c: Context<MockSveaEnv>, publicUrl: string): boolean {
  const host = c.req.header("host");
  if (host === undefined) return true;
  const name = host.toLowerCase().replace(/:\d+$/, "");
  if (name === "localhost" || name === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  try {
    return name === new URL(publicUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
}

export function adminGuard(options: AdminOptions, publicUrl: () => string): MiddlewareHandler<MockSveaEnv> {
  return async (c, next) => {
    if (isLoopback(options.remoteAddress(c))) {
      if (addressedByOwnName(c, publicUrl())) return next();
      throw new MockSveaError(403, `the admin API does not answer to the name ${(c.req.header("host") ?? "").slice(0, 100)}: use 127.0.0.1, localhost or the mock's public URL`);
    }
    const bearer = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (options.adminToken && bearer && sameSecret(bearer, options.adminToken)) return next();
    throw new MockSveaError(403, options.adminToken ? "the admin API needs loopback or a valid admin token" : "the admin API answers loopback callers only");
  };
}

/** Reads an optional JSON body and checks it against an admin schema; an absent body is `{}`. */
async function adminBody<T>(c: Context, validate: Validator<T>): Promise<T> {
  const text = await c.req.text();
  let parsed: unknown = {};
  if (text.trim() !== "") {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw MockSveaError.invalid("$", "json", jsonParseMessage(error));
    }
  }
  const checked = validate(parsed);
  if (!checked.ok) throw new MockSveaError(400, "invalid admin request", checked.errors);
  return checked.value;
}

export function adminRoutes(deps: MockSveaDeps, options: AdminOptions): Hono<MockSveaEnv> {
  const admin = new Hono<MockSveaEnv>();
  admin.use(adminGuard(options, deps.publicUrl));

  // The callback URL's token is the merchant's secret (it lets anyone mark an order paid): redacted here and in the
  // stored request shown beside it, as in the request journal and the logs.
  const view = (order: MockOrder) => {
    const callbackUri = order.request.callbackUri ? redactUrl(order.request.callbackUri) : null;
    return {
      ...order,
      request: callbackUri ? { ...order.request, callbackUri } : order.request,
      instoreUiUri: toStatusResponse(order, deps.publicUrl()).instoreUiUri,
      callbackUri,
    };
  };
  const orderOf = (c: Context) => findOrder(deps, c.req.param("merchantId") ?? "", c.req.param("merchantOrderNumber") ?? "");
  const asCustomer = async (action: () => Promise<MockOrder>) => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof CheckoutRefusedError) throw new MockSveaError(409, error.message);
      throw error;
    }
  };

  // The address the start banner prints: what the admin API offers, read from the OpenAPI document that describes it.
  admin.get("/", (c) => {
    const base = deps.publicUrl();
    const paths = (openApiDocument(base) as { paths: Record<string, Record<string, { operationId?: string }>> }).paths;
    const endpoints = Object.entries(paths)
      .filter(([path]) => path.startsWith("/__admin/"))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId ?? null })));
    return jsonAnswer(c, { name: "mock Svea admin API", inbox: `${base}/__admin/inbox`, openapi: `${base}/openapi.json`, endpoints });
  });

  admin.get("/orders", (c) => {
    const status = c.req.query("status");
    if (status !== undefined && status !== "Active" && status !== "Completed" && status !== "Canceled") throw MockSveaError.invalid("status", "enum", "must be Active, Completed or Canceled");
    const limit = Number(c.req.query("limit") ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw MockSveaError.invalid("limit", "range", "must be an integer from 1 to 10000");
    const orders = deps.repo.list({ merchantId: c.req.query("merchantId"), orderStatus: status, limit });
    return jsonAnswer(c, { total: deps.repo.orderCount, orders: orders.map(view) });
  });
  admin.get("/orders/:merchantId/:merchantOrderNumber", (c) => {
    const order = orderOf(c);
    const mine = (e: { merchantId: string; merchantOrderNumber: string }) => e.merchantId === order.merchantId && e.merchantOrderNumber === order.merchantOrderNumber;
    return jsonAnswer(c, {
      order: view(order),
      sms: deps.repo.smsOutbox().filter(mine),
      callbackAttempts: deps.callbacks.journal.list(mine),
      pendingCallbacks: deps.callbacks.pending().filter(mine),
    });
  });
  admin.post("/orders/:merchantId/:merchantOrderNumber/complete", async (c) => {
    const order = orderOf(c);
    const { paymentMethod = "invoice", customerInformation } = await adminBody(c, mockSveaValidators.completeOrder);
    return jsonAnswer(c, { order: view(await asCustomer(() => payOrder(deps, order, paymentMethod, customerInformation))) });
  });
  admin.post("/orders/:merchantId/:merchantOrderNumber/decline", async (c) => {
    const order = orderOf(c);
    return jsonAnswer(c, { order: view(await asCustomer(() => declineOrder(deps, order))) });
  });

  admin.get("/sms", (c) => jsonAnswer(c, { messages: deps.repo.smsOutbox() }));
  admin.get("/inbox", pageSecurityHeaders, (c) => c.html(<SmsInboxPage messages={deps.repo.smsOutbox()} />));
  admin.get("/callbacks", (c) => jsonAnswer(c, { attempts: deps.callbacks.journal.list(), pending: deps.callbacks.pending() }));
  admin.post("/callbacks/run-due", async (c) => {
    await deps.callbacks.runDue();
    return jsonAnswer(c, { attempts: deps.callbacks.journal.list(), pending: deps.callbacks.pending() });
  });
  admin.get("/requests", (c) => jsonAnswer(c, { requests: deps.requests.list() }));

  admin.post("/reset", async (c) => {
    await deps.repo.reset();
    deps.callbacks.clear();
    deps.requests.clear();
    deps.faults.clear();
    deps.pollGuard.reset();
    return jsonAnswer(c, { reset: true });
  });

  admin.get("/clock", (c) => jsonAnswer(c, { now: new Date(deps.clock.now()).toISOString(), controllable: isAdvanceableClock(deps.clock) }));
  admin.post("/clock/advance", async (c) => {
    const { ms } = await adminBody(c, mockSveaValidators.advanceClock);
    if (!isAdvanceableClock(deps.clock)) throw new MockSveaError(409, "the mock runs on the system clock; start it with --manual-clock to control time");
    deps.clock.advance(ms);
    return jsonAnswer(c, { now: new Date(deps.clock.now()).toISOString() });
  });
  admin.post("/sweep", async (c) => jsonAnswer(c, await deps.sweeper.run()));

  admin.get("/faults", (c) => jsonAnswer(c, deps.faults.list()));
  admin.post("/faults", async (c) => {
    const fault = await adminBody(c, mockSveaValidators.fault);
    return jsonAnswer(c, { id: deps.faults.add(fault), fault }, 201);
  });
  admin.delete("/faults", (c) => {
    deps.faults.clear();
    return jsonAnswer(c, { cleared: true });
  });

  const settingsNow = (): MockSettings => ({
    enforcePollInterval: deps.pollGuard.enabled,
    callbackRetryScheduleMs: deps.callbacks.scheduleMs,
    duplicateCreateStatus: deps.duplicateCreateStatus,
  });
  admin.get("/settings", (c) => jsonAnswer(c, settingsNow()));
  admin.put("/settings", async (c) => {
    const settings = await adminBody(c, mockSveaValidators.settings);
    if (settings.enforcePollInterval !== undefined) deps.pollGuard.enabled = settings.enforcePollInterval;
    if (settings.callbackRetryScheduleMs !== undefined) deps.callbacks.scheduleMs = settings.callbackRetryScheduleMs;
    if (settings.duplicateCreateStatus !== undefined) deps.duplicateCreateStatus = settings.duplicateCreateStatus;
    return jsonAnswer(c, settingsNow());
  });
  return admin;
}
