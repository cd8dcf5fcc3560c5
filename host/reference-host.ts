// The reference ERP host: loads a plugin package by its manifest, activates it, serves the clerk API, the order list and the plugin's routes.
import { dirname, resolve } from "node:path";
import { openToOthers } from "../common/private-file-modes.js";
import { DirectoryNotWritableError, requireWritableDirectory } from "../common/writable-directory.js";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { Logger, LevelWithSilent } from "pino";
import { isAdvanceableClock } from "../common/advanceable-clock.js";
import { isTimeZone, timeZoneProblem } from "../common/time-zone.js";
import { inBothLanguages } from "../common/bilingual-text.js";
import { redactCallbackUrl } from "../common/callback-path-redaction.js";
import { systemClock, type Clock } from "../common/clock.js";
import type { Locale } from "../plugin/host-contract/host-contract-types.js";
import type { ActivationContext, PluginInstance } from "../plugin/host-contract/plugin-api.js";
import { clerkApiRoutes } from "./clerk-api-routes.js";
import { clerkLocaleMiddleware, isLocale } from "./clerk-locale.js";
import { createHostLogger } from "./host-logger.js";
import { hostMessage } from "./host-messages.js";
import { openHostOrderStore, type FileHostOrderStore, type HostOrderStore } from "./host-order-store.js";
import { HostOrderFileError, logOrderFileError } from "./host-order-file-error.js";
import { HostOrderLockError } from "./host-order-lock-error.js";
import { HostStartupError, isSettingsError, settingsStartupError } from "./host-startup-error.js";
import { startupMessage } from "./host-startup-messages.js";
import { checkedPaymentStateUpdates } from "./payment-state-update-check.js";
import { createPluginDispatcher, pluginRestartRequired } from "./plugin-dispatcher.js";
import { loadPluginPackage, type LoadedPluginPackage, type PluginManifest } from "./plugin-package-loader.js";
import { problem, type FailedRequest, type FailureAnswer } from "./problem-response.js";
import { runAllSchedules, scheduleTimings, startScheduleRunner, type ScheduleRunner } from "./schedule-runner.js";
import { clerkApiClient } from "./ui/clerk-api-client.js";
import { DEFAULT_CLERK_TIME_ZONE } from "./ui/format-instant.js";
import { createSandboxClock } from "./ui/sandbox-clock.js";
import { allowedHostRule, crossSiteApiGuard, hostNameGuard } from "./request-origin-guards.js";
import { uiRoutes } from "./ui/ui-routes.js";

/** Where the host ended up listening: settings that point back at the host (publicBaseUrl) are built from it. */
export interface HostAddress {
  url: string;
  /** The host URL plus the manifest's route prefix: where the plugin's routes answer. */
  pluginBaseUrl: string;
}

export interface ReferenceHostOptions {
  /** The plugin package root: the folder holding plugin.manifest.json. */
  pluginDir: string;
  /** The plugin's settings, or a function building them once the host's address is known. */
  settings: unknown | ((address: HostAddress) => unknown);
  /** 0 (default) picks a free port. The host listens on 127.0.0.1 only. */
  port?: number;
  /** The host's order file; null keeps orders in memory. Default ./data/host-orders.json. */
  dataFile?: string | null;
  /** An order book to use instead of the file (e.g. PostgreSQL, shared by host nodes); the caller closes it. */
  orderStore?: HostOrderStore;
  /** Lend the plugin the host's storage (default true); false lets it keep its own lowdb file under pluginDataDir. */
  lendStorage?: boolean;
  pluginDataDir?: string;
  clock?: Clock;
  logger?: Logger;
  logLevel?: LevelWithSilent;
  /** The clerk's locale when a request names none; default the settings' defaultLocale, else sv. */
  defaultLocale?: Locale;
  /** "cron" (default) runs the schedules on their timers; "manual" only through `schedules.run` (tests). */
  schedules?: "cron" | "manual";
  /** The host contract version this host speaks (tests simulate other hosts). */
  hostApiVersion?: string;
  /**
   * Sandbox mode, only against the mock Svea: the UI gets a control that moves the mock's clock (over this admin API) and
   * this host's `clock` (which must then be advanceable: an OffsetClock or ManualClock) together, then runs the expiry sweeps.
   */
  sandbox?: { mockAdminUrl: string };
  /**
   * Names the pages and the clerk API answer to besides 127.0.0.1, localhost and [::1] at the host's port: `name` (any
   * port) or `name:port`, e.g. the name a proxy in front forwards. Requests for any other name are refused (403).
   */
  allowedHosts?: readonly string[];
  /**
   * The shop's IANA time zone, in which the clerk pages show every instant ("2026-12-02 07:15 CET"); default
   * Europe/Stockholm. One Intl does not know stops the start (`time-zone-invalid`), naming `timeZone`.
   */
  timeZone?: string;
}

export interface ReferenceHost extends HostAddress {
  manifest: PluginManifest;
  store: HostOrderStore;
  schedules: ScheduleRunner;
  /** Stops the schedules, closes the server, deactivates the plugin. Safe to call twice. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The request as a plugin's own routes see it: the path without the host's prefix. */
function withoutPrefix(request: Request, prefix: string): Request {
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(prefix.length) || "/";
  return new Request(url, request);
}

export async function startReferenceHost(options: ReferenceHostOptions): Promise<ReferenceHost> {
  const clock = options.clock ?? systemClock;
  if (options.sandbox && !isAdvanceableClock(clock)) throw new Error("sandbox mode needs an advanceable clock (OffsetClock or ManualClock)");
  const timeZone = options.timeZone ?? DEFAULT_CLERK_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new HostStartupError("time-zone-invalid", inBothLanguages((locale) => timeZoneProblem("timeZone", timeZone, locale)));
  const logger = options.logger ?? createHostLogger(options.logLevel ?? "info");
  const pkg = await loadPluginPackage(options.pluginDir, options.hostApiVersion);
  const dataFile = options.dataFile === undefined ? resolve("data/host-orders.json") : options.dataFile;
  if (!options.orderStore && dataFile) {
    // Readable but not writable (another user's folder): every save would fail, so the start does.
    await requireWritableDirectory(dirname(dataFile), { sv: "värdens ordermapp", en: "the host's orders folder" }).catch((error: unknown) => {
      throw error instanceof DirectoryNotWritableError ? new HostStartupError("data-dir-not-writable", error.messages) : error;
    });
  }
  // The order book the host opened itself (and so closes, giving its file's lock back); a caller's it leaves alone.
  const ownStore = options.orderStore ? undefined : await openHostOrderStore({ file: dataFile, clock, logger });
  const store = options.orderStore ?? ownStore!;
  try {
    return await startWithStore(options, { clock, timeZone, logger, pkg, store, ownStore, dataFile });
  } catch (error) {
    // A start that fails after the order file was opened gives its lock back: the next start in this process gets in.
    await ownStore?.close();
    throw error;
  }
}

interface OpenedHost {
  clock: Clock;
  timeZone: string;
  logger: Logger;
  pkg: LoadedPluginPackage;
  store: HostOrderStore;
  ownStore: FileHostOrderStore | undefined;
  dataFile: string | null;
}

async function startWithStore(options: ReferenceHostOptions, opened: OpenedHost): Promise<ReferenceHost> {
  const { clock, timeZone, logger, pkg, store, ownStore, dataFile } = opened;
  const { manifest } = pkg;
  const prefix = manifest.routes.prefix;
  if (ownStore && dataFile) {
    const mode = await openToOthers(dirname(dataFile));
    if (mode !== null)
      logger.warn(
        { folder: dirname(dataFile), mode: `0${mode.toString(8)}` },
        "the orders' folder can be entered by other users: its files hold customers' names, numbers and payment links; make it owner-only (chmod 700)",
      );
  }

  // The server listens before the plugin is active, because the plugin's settings need the host's URL; until then it answers 503.
  let app: Hono | undefined;
  const server = serve({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    fetch: (request, env) =>
      app ? app.fetch(request, env) : Response.json({ status: 503, code: "host-starting", title: hostMessage("en", "host-starting") }, { status: 503 }),
  });
  const closeServer = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  const port = await new Promise<number>((ready, fail) => {
    server.once("error", fail);
    server.once("listening", () => ready((server.address() as AddressInfo).port));
  });
  const url = `http://127.0.0.1:${port}`;
  const address: HostAddress = { url, pluginBaseUrl: `${url}${prefix}` };

  const settings = typeof options.settings === "function" ? (options.settings as (a: HostAddress) => unknown)(address) : options.settings;
  const settingsLocale = (settings as { defaultLocale?: unknown } | null)?.defaultLocale;
  const defaultLocale: Locale = options.defaultLocale ?? (isLocale(settingsLocale) ? settingsLocale : "sv");
  const pluginLogger = logger.child({ plugin: manifest.id });

  let instance: PluginInstance;
  let schedules: ScheduleRunner;
  try {
    const context: ActivationContext = {
      settings,
      logger: pluginLogger,
      clock,
      orders: {
        get: async (orderId) => (await store.get(orderId))?.order,
        setPaymentState: checkedPaymentStateUpdates((update) => store.setPaymentState(update), pluginLogger),
      },
      ...(options.lendStorage === false ? {} : { storage: store.pluginStorage }),
      ...(options.pluginDataDir ? { dataDir: options.pluginDataDir } : {}),
    };
    try {
      instance = await pkg.activate(context);
    } catch (error) {
      if (isSettingsError(error)) throw settingsStartupError(manifest.id, error);
      pluginLogger.error({ err: error }, "activation failed");
      throw new HostStartupError("activation-failed", startupMessage("activation-failed", { id: manifest.id, detail: (error as Error).message }));
    }
    const plugin = createPluginDispatcher(manifest, instance, pluginLogger);
    try {
      schedules = startScheduleRunner({
        timings: scheduleTimings(manifest, settings),
        execute: (name, firing, locale) => {
          const byName = instance.schedules[name];
          // A run asked in a clerk's language (no firing: the sandbox's advance) is the schedule's command in that
          // language; without a firing, a schedule is its command in the default one.
          if (byName && (firing || locale === undefined)) return firing ? byName(firing) : byName();
          const command = manifest.schedules.find((s) => s.name === name)!.command;
          return plugin.command(command, { locale: locale ?? defaultLocale });
        },
        logger: logger.child({ component: "schedules" }),
        startTimers: options.schedules !== "manual",
      });
    } catch (error) {
      await instance.deactivate();
      throw error;
    }

    const root = new Hono();
    const isAllowedHost = allowedHostRule(port, options.allowedHosts ?? []);
    root.use(requestId(), hostNameGuard(isAllowedHost, prefix, defaultLocale));
    /** What the host answers a request that failed, in words for the clerk, logged once (no detail in the answer). */
    const failureAnswer = (error: unknown, request: FailedRequest): FailureAnswer => {
      const locale = isLocale(request.language) ? request.language : defaultLocale;
      // A plugin route's path may carry a secret: a callback's token (…/callback/<order number>/<token>).
      const path = redactCallbackUrl(request.path);
      if (pluginRestartRequired(instance)) {
        // The plugin logged why it stopped, once; its routes' refusals (Svea's callbacks, retried later) are one line each.
        logger.warn({ path, requestId: request.requestId, restartRequired: true }, "request refused: the plugin has stopped and the host must be restarted");
        return { status: 503, code: "plugin-restart-required", title: hostMessage(locale, "plugin-restart-required") };
      }
      if (error instanceof HostOrderFileError) {
        // Rolled back, and said once: the file and the code, not the write's stack (a full disk fails every save). The
        // answer says what is stored and what may have reached Svea by then (see HostOrderFileError.code); a request to
        // the plugin's routes (Svea's callback) was not recorded, and its 503 has Svea send it again.
        const answered = request.path.startsWith(`${prefix}/`) ? error.answeredAs("plugin-request-not-recorded") : error;
        logOrderFileError(logger, answered, { path, requestId: request.requestId });
        return { status: 503, code: answered.code, title: hostMessage(locale, answered.code) };
      }
      if (error instanceof HostOrderLockError) {
        // The database's order lock, not a fault of the host's: one warning line, the order and the code, no stack.
        logger.warn({ path, requestId: request.requestId, orderId: error.orderId, code: error.code }, error.message);
        return { status: error.status, code: error.code, title: hostMessage(locale, error.code) };
      }
      logger.error({ err: error, path, requestId: request.requestId }, "request failed");
      return { status: 500, code: "host-error", title: hostMessage(locale, "host-error") };
    };
    root.onError((error, c) => {
      const answer = failureAnswer(error, { path: c.req.path, language: c.get("language"), requestId: c.get("requestId") });
      return problem(c, answer.status, answer.code, answer.title);
    });
    root.get("/healthz", (c) => {
      const plugin = { id: manifest.id, version: manifest.version };
      const health = instance.health?.();
      if (health?.status === "restart-required") return c.json({ status: "restart-required", plugin, store: health.store, message: health.message }, 503);
      return c.json({ status: "ok", plugin });
    });
    // The shop's terms, which a payment method's termsUri may point at; a real ERP serves the shop's own.
    root.get("/terms", (c) => c.text("Reference host demo shop: terms of purchase. Goods are delivered once payment is confirmed.\n"));
    root.route(prefix, instance.routes);
    // A path under the prefix that none of the plugin's routes has goes to the plugin too: its 404, and its warning.
    root.all(`${prefix}/*`, (c) => instance.routes.fetch(withoutPrefix(c.req.raw, prefix)));
    root.use("/api/*", clerkLocaleMiddleware(defaultLocale), crossSiteApiGuard(defaultLocale), bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: (c) => {
          const locale = c.get("language") === "en" ? "en" : "sv";
          // The rest of the body is never read: the connection must not be reused for the client's next request.
          c.header("Connection", "close");
          return problem(c, 413, "body-too-large", hostMessage(locale, "body-too-large", { limit: String(MAX_BODY_BYTES) }));
        },
      }),
    );
    root.route("/api", clerkApiRoutes({ store, plugin, logger, clock }));
    // A method or path the clerk API lacks is the API's 404 (a problem document), never the pages' cross-site refusal.
    root.all("/api/*", (c) => {
      const locale = c.get("language") === "en" ? "en" : "sv";
      return problem(c, 404, "api-route-unknown", hostMessage(locale, "api-route-unknown", { method: c.req.method, path: new URL(c.req.url).pathname.slice(0, 200) }));
    });
    const sandbox =
      options.sandbox && isAdvanceableClock(clock)
        ? createSandboxClock({ mockAdminUrl: options.sandbox.mockAdminUrl, clock, runSchedules: (locale) => runAllSchedules(schedules, locale), logger: logger.child({ component: "sandbox" }) })
        : null;
    const api = clerkApiClient(async (path, init) => root.request(`/api${path}`, init));
    root.route("/", uiRoutes({ store, plugin, api, manifest, defaultLocale, sandbox, timeZone, clock, failureAnswer }));
    app = root;
  } catch (error) {
    await closeServer();
    throw error;
  }
  logger.info({ url, plugin: manifest.id, version: manifest.version }, "reference host listening");

  let closing: Promise<void> | undefined;
  return {
    ...address,
    manifest,
    store,
    schedules,
    close: () =>
      (closing ??= (async () => {
        await schedules.stop();
        await closeServer();
        await instance.deactivate();
        await ownStore?.close();
        logger.info({ url }, "reference host stopped");
      })()),
  };
}

