// Builds the running plugin from the host's ActivationContext: settings, store, Svea client, use cases, hooks, commands, routes.
import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import { BoundedMemo } from "../common/bounded-memo.js";
import { hostContractValidators } from "./host-contract/host-contract-schemas.js";
import type { HostOrder } from "./host-contract/host-contract-types.js";
import type { ActivationContext, CommandInput, CommandResult, PluginHooks, PluginInstance, PluginLogger, ScheduleFiring } from "./host-contract/plugin-api.js";
import { t } from "./i18n/index.js";
import { BackgroundTasks, callbackUrl, createCallbackRoutes, ROUTE_PREFIX } from "./callback/index.js";
import { callingHostOrders } from "./host-contract/calling-host-orders.js";
import { InFlightCalls } from "./in-flight-calls.js";
import { ActivationContextError, contextProblems } from "./activation-context-check.js";
import { HookInputError, localeOf, readHookInput, refusalsFor, requireHookInput } from "./hook-input.js";
import { newOrderIdProblem } from "./host-contract/new-order-id-rule.js";
import { hideSettingsSecrets, resolveSettings, type ResolvedSettings } from "./settings/index.js";
import { isSveasOwn } from "./settings/svea-environment.js";
import { nonPublicHostKind } from "../common/non-public-host.js";
import { createHostStoragePluginStore, createLowdbPluginStore, createPostgresPluginStore, type PluginStore } from "./store/index.js";
import { createSveaInstoreClient, type SveaInstoreClient } from "./svea-client/index.js";
import { createSveaPaymentAdminClient, type SveaPaymentAdminClient } from "./svea-payment-admin-client/index.js";
import { annulOrder, creditOrder, deliverOrder } from "./use-cases/after-payment/index.js";
import {
  SVEA_INSTORE_PAYMENT_METHOD,
  checkPayment,
  deleteOrder,
  expireLinks,
  paymentViews,
  pickingFilter,
  nearMissPaymentMethod,
  processCallback,
  reconcile,
  refuse,
  saveOrder,
  verifyCredentials,
  type UseCaseDeps,
} from "./use-cases/index.js";

/**
 * Test seams, passed as `activate`'s optional second argument (hosts never pass it):
 * - `svea`: a SveaInstoreClient to use instead of the HTTP client built from the settings (e.g. a fake that pauses
 *   between a status read and a cancel). It is used even when merchantId/password are absent.
 * - `store`: a PluginStore instead of the one chosen from `storage`/`dataDir`.
 * - `newId`: predictable intent ids.
 * - `paymentAdmin`: a SveaPaymentAdminClient instead of the one built from settings.paymentAdmin.
 */
export interface ActivateOverrides {
  svea?: SveaInstoreClient;
  paymentAdmin?: SveaPaymentAdminClient;
  store?: PluginStore;
  newId?: () => string;
}

export interface PluginRuntime {
  instance: PluginInstance;
  deps: UseCaseDeps;
  background: BackgroundTasks;
  settings: ResolvedSettings;
}

export const STORE_FILE_NAME = "svea-instore-plugin.json";

export async function createPluginRuntime(context: ActivationContext, overrides: ActivateOverrides = {}): Promise<PluginRuntime> {
  const problems = contextProblems(context);
  if (problems.length > 0) throw new ActivationContextError(problems);
  const settings = resolveSettings(context.settings);
  // The host names the plugin in its logger's bindings (the reference host binds `plugin`); binding it again here
  // wrote the key twice in every JSON line.
  const logger = context.logger;
  const store = overrides.store ?? (await chooseStore(context, settings, logger));
  const svea = overrides.svea ?? (settings.accountConfigured ? buildClient(context, settings, store) : undefined);
  const callbackUrls = new BoundedMemo<string>(64);
  const paymentAdmin =
    overrides.paymentAdmin ??
    (settings.paymentAdmin
      ? createSveaPaymentAdminClient({ ...settings.paymentAdmin, clock: context.clock, logger: context.logger, allowPlainHttpTo: settings.allowPlainHttpTo })
      : undefined);
  const deps: UseCaseDeps = {
    store,
    svea,
    ...(paymentAdmin ? { paymentAdmin } : {}),
    orders: callingHostOrders(context.orders, { clock: context.clock, logger }),
    clock: context.clock,
    logger,
    // A spread copy drops the hidden serialisers that keep the secrets out of logs: hide them again.
    settings: hideSettingsSecrets({ ...settings, accountConfigured: settings.accountConfigured || overrides.svea !== undefined }),
    // Every save signs the same provisional number before its real one: remember recent URLs, not an HMAC each time.
    callbackUrlFor: (merchantOrderNumber) =>
      callbackUrls.get(merchantOrderNumber, () => callbackUrl(settings.publicBaseUrl, settings.callbackKey, merchantOrderNumber)),
    newId: overrides.newId ?? randomUUID,
  };
  const background = new BackgroundTasks(logger);
  const routes = createCallbackRoutes({
    store,
    keys: { current: settings.callbackKey, ...(settings.previousCallbackKey ? { previous: settings.previousCallbackKey } : {}) },
    clock: context.clock,
    logger,
    locale: settings.defaultLocale,
    process: (entry) =>
      background.run(
        "process-callback",
        async () => {
          const outcome = await processCallback(deps, entry);
          // Which node worked off which callback: on hosts with several nodes, the log shows each was processed once.
          logger.info({ orderId: entry.orderId, merchantOrderNumber: entry.merchantOrderNumber, entryId: entry.id, outcome }, "svea instore callback processed");
        },
        `callback ${entry.id}`,
      ),
  });

  const hooks = buildHooks(deps);
  // A host may call a command with no input, or name a locale the plugin does not speak: it answers in defaultLocale.
  const commandInput = (input: CommandInput | undefined): CommandInput => ({ locale: localeOf(input, settings.defaultLocale) });
  const commands: Record<string, (input: CommandInput) => Promise<CommandResult>> = {
    "verify-credentials": (input) => verifyCredentials(deps, commandInput(input)),
    "expire-links": (input) => runSweep(deps, commandInput(input), "expire-links"),
    reconcile: (input) => runSweep(deps, commandInput(input), "reconcile"),
  };
  const schedules: Record<string, (firing?: ScheduleFiring) => Promise<CommandResult>> = {
    "expire-links": oncePerFiring(deps, "expire-links", () => commands["expire-links"]!({ locale: settings.defaultLocale })),
    reconcile: oncePerFiring(deps, "reconcile", () => commands.reconcile!({ locale: settings.defaultLocale })),
  };
  // Deactivate waits for what the host called and is still running: a save closed under would have sent its create
  // and then failed to store the link.
  const inFlight = new InFlightCalls();
  const tracked = <F extends object>(kind: string, fns: F): F =>
    Object.fromEntries(
      Object.entries(fns as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([name, fn]) => [name, inFlight.track(`${kind} ${name}`, fn)]),
    ) as F;
  let deactivated: Promise<void> | undefined;
  const instance: PluginInstance = {
    hooks: tracked("hook", hooks),
    commands: tracked("command", commands),
    routes,
    schedules: tracked("schedule", schedules),
    health: () => store.health?.() ?? { status: "ok" },
    deactivate() {
      deactivated ??= (async () => {
        await inFlight.stop(context.clock, logger, () => background.idle());
        await store.close();
      })();
      return deactivated;
    },
  };
  warnOnUnmountedCallbackPath(settings.publicBaseUrl, logger);
  warnOnUnreachableCallbackHost(settings, logger);
  warnOnPlainHttpHosts(settings.allowPlainHttpTo, logger);
  logger.info({ environment: settings.environment, accountConfigured: deps.settings.accountConfigured, store: storeInUse(context, settings) }, "svea instore plugin activated");
  // What a stopped process (kill -9, a crash, a power cut) left half-done is settled now, not at the next scheduled
  // reconcile up to 15 minutes later, when the clerk would still see such an order as it stood before the stop. Only
  // orders with left-over work are visited (hasLeftOverWork), so a start with nothing left over makes no Svea call.
  if (deps.svea) background.run("settle-left-over-work", () => reconcile(deps, "left-over"));
  return { instance, deps, background, settings };
}

/**
 * settings.postgres first (the host runs on several machines), then the storage the host lends, then the embedded
 * store. The PostgreSQL schema is migrated here, so a database the plugin cannot use fails activation, not a save.
 */
async function chooseStore(context: ActivationContext, settings: ResolvedSettings, logger: PluginLogger): Promise<PluginStore> {
  if (settings.postgres) {
    const { connectionString, schema, poolSize, leaseSeconds } = settings.postgres;
    const store = createPostgresPluginStore({
      connectionString,
      schema,
      poolSize,
      leaseMs: leaseSeconds * 1000,
      onLeaseLost: (orderId) => logger.warn({ orderId }, "order lease lapsed before its work finished (this node stalled); its next write is refused"),
    });
    try {
      await store.open();
    } catch (error) {
      await store.close().catch(() => {});
      throw error;
    }
    return store;
  }
  if (context.storage) return createHostStoragePluginStore(context.storage);
  const embedded = createLowdbPluginStore({ file: join(context.dataDir ?? "./data", STORE_FILE_NAME), logger });
  // Opened now, so a data dir another instance or process holds (StoreLockedError), or a damaged journal, fails
  // activation instead of the first save.
  await embedded.open();
  return embedded;
}

/** Which store activation chose, for the start-up line: an embedded store names its file, made absolute. */
function storeInUse(context: ActivationContext, settings: ResolvedSettings): string {
  if (settings.postgres) return "postgres";
  if (context.storage) return "host-storage";
  return `embedded ${resolve(context.dataDir ?? "./data", STORE_FILE_NAME)}`;
}

/**
 * Svea calls back at publicBaseUrl + /callback/...; the host mounts the routes under the manifest's prefix. A base URL
 * whose path does not end with that prefix loses every callback (each answered 404 by the host) unless a proxy maps the
 * path, so activation says so; payments are then found only by the nightly reconcile or "Check payment now".
 */
function warnOnUnmountedCallbackPath(publicBaseUrl: string, logger: PluginLogger): void {
  const path = new URL(publicBaseUrl).pathname.replace(/\/+$/, "");
  if (path.endsWith(ROUTE_PREFIX)) return;
  logger.warn(
    { publicBaseUrlPath: path || "/", routePrefix: ROUTE_PREFIX },
    "publicBaseUrl does not end with the plugin's route prefix: Svea's callbacks will not reach the plugin unless a proxy maps this path to the prefix",
  );
}

/**
 * Svea's own servers (stage, production, any address under svea.com) call back from the internet: to a publicBaseUrl
 * on this machine, a private network or a link-local address no callback arrives. Warned of, not refused: a tunnel or
 * a proxy that rewrites the host may be in between. Against the mock (a custom environment) such an address is normal.
 */
function warnOnUnreachableCallbackHost(settings: ResolvedSettings, logger: PluginLogger): void {
  if (!isSveasOwn(settings.environment)) return;
  const host = new URL(settings.publicBaseUrl).hostname;
  const kind = nonPublicHostKind(host);
  if (kind === undefined) return;
  logger.warn(
    { publicBaseUrlHost: host, hostKind: kind, environment: settings.environment },
    `publicBaseUrl's host ${host} is a ${kind} address Svea's servers cannot reach: Svea's callbacks will not arrive, and payments will only be found by reconcile (a link quiet for reconcileAfterMinutes) or "Check payment now"; give the address the internet reaches the host at, unless a tunnel or proxy forwards to this one`,
  );
}

/** allowPlainHttpTo is for development: whoever reads the log at start learns which hosts get secrets over plain http. */
function warnOnPlainHttpHosts(hosts: readonly string[], logger: PluginLogger): void {
  if (hosts.length === 0) return;
  logger.warn(
    { allowPlainHttpTo: hosts },
    `plain http allowed to ${hosts.join(", ")} (setting allowPlainHttpTo): the Svea password, Payment Admin's signed requests and callback tokens sent there travel unencrypted; for development only, never in production`,
  );
}

/** Runs a schedule once per firing across every node sharing the store; without a firing (a 1.0 host) it always runs. */
function oncePerFiring(deps: UseCaseDeps, name: string, run: () => Promise<CommandResult>): (firing?: ScheduleFiring) => Promise<CommandResult> {
  return async (firing) => {
    if (firing === undefined) return run();
    // A Date or an ISO string here would compare as nothing the store keeps: the firing would run on every node.
    const firingAt: unknown = (firing as { firingAt?: unknown } | null)?.firingAt;
    if (typeof firingAt !== "number" || !Number.isSafeInteger(firingAt) || firingAt < 0) {
      throw new HookInputError(`schedule ${name}`, [{ path: "firingAt", rule: "epochMilliseconds", message: "must be the firing's time in epoch milliseconds (an integer)" }]);
    }
    if (await deps.store.claimScheduleFiring(name, firingAt)) return run();
    const locale = deps.settings.defaultLocale;
    return {
      ok: true,
      message: t(locale, "schedule.already-run", { schedule: name, firingAt: new Date(firing.firingAt).toISOString() }),
      data: { result: "already-run", schedule: name, firingAt: firing.firingAt },
    };
  };
}

function buildClient(context: ActivationContext, settings: ResolvedSettings, store: PluginStore): SveaInstoreClient {
  const common = {
    merchantId: settings.merchantId!,
    password: settings.password!,
    clock: context.clock,
    pollSlots: store,
    logger: context.logger,
    allowPlainHttpTo: settings.allowPlainHttpTo,
  };
  return settings.environment === "stage" || settings.environment === "production"
    ? createSveaInstoreClient({ ...common, environment: settings.environment })
    : createSveaInstoreClient({ ...common, environment: "custom", baseUrl: settings.sveaBaseUrl });
}

function buildHooks(deps: UseCaseDeps): PluginHooks {
  const fallback = deps.settings.defaultLocale;
  /** An order that is not Svea Instore and that the plugin holds nothing for passes untouched, whatever its shape. */
  const untouched = async (input: unknown) => {
    const order = (input as { order?: Partial<HostOrder> } | null)?.order;
    if (!order || order.paymentMethod === SVEA_INSTORE_PAYMENT_METHOD || typeof order.id !== "string") return false;
    return !(await deps.store.getOrder(order.id));
  };
  return {
    async "order.save"(input) {
      const nearMiss = nearMissPaymentMethod(input);
      if (nearMiss !== undefined) return refuse(localeOf(input, fallback), "payment-method-near-miss", { given: nearMiss, code: SVEA_INSTORE_PAYMENT_METHOD });
      if (await untouched(input)) return { accepted: true, notices: [] };
      const read = readHookInput("order.save", hostContractValidators.orderSaveInput, input);
      if (!read.ok) return { accepted: false, errors: refusalsFor(read.errors, localeOf(input, fallback)) };
      // An id too long for a new record (PostgreSQL's index cannot hold it) is refused before the store writes one; an
      // order the plugin already holds under such an id (stored before the rule) is saved as any other.
      const longId = newOrderIdProblem(read.value.order.id, "order.id");
      if (longId && !(await deps.store.getOrder(read.value.order.id))) return { accepted: false, errors: refusalsFor([longId], read.value.locale) };
      return saveOrder(deps, read.value);
    },
    async "order.delete"(input) {
      if (await untouched(input)) return { accepted: true, notices: [] };
      const read = readHookInput("order.delete", hostContractValidators.orderDeleteInput, input);
      if (!read.ok) return { accepted: false, errors: refusalsFor(read.errors, localeOf(input, fallback)) };
      return deleteOrder(deps, read.value);
    },
    async "picking.filter"(input) {
      return pickingFilter(deps, requireHookInput("picking.filter", hostContractValidators.pickingFilterInput, input));
    },
    async "order.payment-view"(input) {
      return paymentViews(deps, requireHookInput("order.payment-view", hostContractValidators.paymentViewInput, input));
    },
    async "order.check-payment"(input) {
      if (await untouched(input)) return { paymentView: null, notices: [] };
      return checkPayment(deps, requireHookInput("order.check-payment", hostContractValidators.checkPaymentInput, input));
    },
    async "order.credit"(input) {
      const read = readHookInput("order.credit", hostContractValidators.orderCreditInput, input);
      if (!read.ok) return { accepted: false, errors: refusalsFor(read.errors, localeOf(input, fallback)) };
      return creditOrder(deps, read.value);
    },
    async "order.annul"(input) {
      const read = readHookInput("order.annul", hostContractValidators.orderAnnulInput, input);
      if (!read.ok) return { accepted: false, errors: refusalsFor(read.errors, localeOf(input, fallback)) };
      return annulOrder(deps, read.value);
    },
    async "order.deliver"(input) {
      const read = readHookInput("order.deliver", hostContractValidators.orderDeliverInput, input);
      if (!read.ok) return { accepted: false, errors: refusalsFor(read.errors, localeOf(input, fallback)) };
      return deliverOrder(deps, read.value);
    },
  };
}

async function runSweep(deps: UseCaseDeps, { locale }: CommandInput, name: "expire-links" | "reconcile"): Promise<CommandResult> {
  if (!deps.svea) return { ok: false, message: t(locale, "command.verify-credentials.not-configured"), data: { result: "not-configured" } };
  if (name === "expire-links") {
    const summary = await expireLinks(deps);
    return { ok: summary.errors === 0, message: t(locale, "command.expire-links.done", { checked: summary.checked, expired: summary.expired, paid: summary.paid, errors: summary.errors }), data: summary };
  }
  const summary = await reconcile(deps);
  const { orders, checked, paid, errors } = summary;
  return { ok: errors === 0, message: t(locale, "command.reconcile.done", { orders, checked, paid, errors }), data: summary };
}
