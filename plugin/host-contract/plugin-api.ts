// The runtime side of the host contract (hostApi 1.x): what the host hands the plugin at activation, and what it gets back.
import type { Hono } from "hono";
import type { Clock } from "../../common/clock.js";
import type {
  AfterPaymentResult,
  OrderAnnulInput,
  OrderCreditInput,
  OrderDeliverInput,
  CheckPaymentInput,
  CheckPaymentResult,
  HostOrder,
  Locale,
  OrderDeleteInput,
  OrderDeleteResult,
  OrderSaveInput,
  OrderSaveResult,
  PaymentStateUpdate,
  PaymentViewInput,
  PaymentViewResult,
  PickingFilterInput,
  PickingFilterResult,
} from "./host-contract-types.js";

/** The host contract version this plugin speaks. A minor version only adds; a major version may break. */
export const HOST_API_VERSION = "1.1.0";

/** pino-compatible structured logger. */
export interface PluginLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child?(bindings: object): PluginLogger;
}

/** The host's orders, as far as the plugin needs them. */
export interface OrdersPort {
  get(orderId: string): Promise<HostOrder | undefined>;
  /** Sets the payment state; a paid update carries Svea's reference, payment method and verified address. */
  setPaymentState(update: PaymentStateUpdate): Promise<void>;
}

/** A key-value document store the host may lend the plugin; the plugin builds its own store on top of it. */
export interface HostStorage {
  /** Runs `fn` with exclusive access to the document under `key` and writes back what it returns (durably). */
  update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>): Promise<T>;
  read<T>(key: string): Promise<T | undefined>;
}

export interface ActivationContext {
  /** Raw settings; the plugin validates them and names the setting at fault. */
  settings: unknown;
  /** The plugin logs through it as given, without bindings of its own: the host names the plugin (e.g. `plugin: <manifest id>`). */
  logger: PluginLogger;
  clock: Clock;
  orders: OrdersPort;
  /** Optional host storage; without it the plugin keeps an embedded lowdb file. */
  storage?: HostStorage;
  /** Where the embedded store lives when no storage is given (default ./data). */
  dataDir?: string;
}

export interface CommandInput {
  locale: Locale;
  args?: Record<string, unknown>;
}

export interface CommandResult {
  ok: boolean;
  message: string;
  data?: unknown;
}

/**
 * hostApi 1.1: which firing of a schedule a host is running. `firingAt` is the slot's time (epoch ms) as the cron
 * expression defines it, not when the timer actually went off, so every node of a multi-machine host passes the same
 * value for the same firing. A plugin whose store is shared runs each firing once and answers the others with
 * `data.result: "already-run"`. A 1.0 host passes nothing and every call runs.
 */
export interface ScheduleFiring {
  firingAt: number;
}

export interface PluginHooks {
  "order.save"(input: OrderSaveInput): Promise<OrderSaveResult>;
  "order.delete"(input: OrderDeleteInput): Promise<OrderDeleteResult>;
  "picking.filter"(input: PickingFilterInput): Promise<PickingFilterResult>;
  "order.payment-view"(input: PaymentViewInput): Promise<PaymentViewResult>;
  "order.check-payment"(input: CheckPaymentInput): Promise<CheckPaymentResult>;
  /** hostApi 1.1: after payment. Each refuses (accepted false, sv+en) when the order is not paid. */
  "order.credit"(input: OrderCreditInput): Promise<AfterPaymentResult>;
  "order.annul"(input: OrderAnnulInput): Promise<AfterPaymentResult>;
  "order.deliver"(input: OrderDeliverInput): Promise<AfterPaymentResult>;
}

export type HookName = keyof PluginHooks;

/** What `activate` returns. The manifest declares exactly these hooks, commands, routes and schedules. */
export interface PluginInstance {
  hooks: PluginHooks;
  commands: Record<string, (input: CommandInput) => Promise<CommandResult>>;
  /** Mounted by the host under the manifest's route prefix; must be reachable at settings.publicBaseUrl. */
  routes: Hono;
  /** Each takes the firing it runs for (hostApi 1.1, optional). */
  schedules: Record<string, (firing?: ScheduleFiring) => Promise<CommandResult>>;
  deactivate(): Promise<void>;
  /**
   * Optional (a host checks it is there): whether the plugin can still work. "restart-required" names what stopped
   * (its store, after a failed write) and what to do; a host's health check should then answer 503 with it, and
   * refuse the clerk's actions with "restart required" rather than "try again".
   */
  health?(): PluginHealth;
}

export type PluginHealth = { status: "ok" } | { status: "restart-required"; store: string; message: string };

/** The plugin entry's `activate` export. Rejects with a settings error naming the setting when settings are invalid. */
export type Activate = (context: ActivationContext) => Promise<PluginInstance>;
