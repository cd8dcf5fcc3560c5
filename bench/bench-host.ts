// The host side a bench activates the plugin with: settings, a silent logger, and an orders port that records every payment-state update.
import type { Clock } from "../common/clock.js";
import type { HostOrder, PaymentStateUpdate } from "../plugin/host-contract/host-contract-types.js";
import type { OrdersPort, PluginLogger } from "../plugin/index.js";

export const BENCH_CALLBACK_KEY = "bench-callback-key-0123456789abcdef-0123";
export const PLUGIN_ROUTE_PREFIX = "/plugins/svea-instore";

export function benchSettings(overrides: { merchantId?: string; password?: string; environment?: string; publicBaseUrl?: string } = {}): Record<string, unknown> {
  return {
    merchantId: "demo-merchant",
    password: "demo-password-2026",
    environment: "stage",
    termsUri: "https://shop.example/terms",
    publicBaseUrl: `https://erp.example${PLUGIN_ROUTE_PREFIX}`,
    callbackKey: BENCH_CALLBACK_KEY,
    ...overrides,
  };
}

export const silentLogger: PluginLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

/** Keeps the host's orders (for reconcile's reads) and counts state transitions per order. */
export class RecordingOrders implements OrdersPort {
  readonly orders = new Map<string, HostOrder>();
  private readonly lastState = new Map<string, string>();
  /** Updates that changed an order's state, by the state they changed it to. */
  transitions: Record<string, number> = {};
  /** Orders told "paid" more than once. */
  duplicatePaid = 0;
  private readonly paid = new Set<string>();

  async get(orderId: string): Promise<HostOrder | undefined> {
    return this.orders.get(orderId);
  }

  async setPaymentState(update: PaymentStateUpdate): Promise<void> {
    if (this.lastState.get(update.orderId) !== update.state) {
      this.transitions[update.state] = (this.transitions[update.state] ?? 0) + 1;
      this.lastState.set(update.orderId, update.state);
    }
    if (update.state === "paid") {
      if (this.paid.has(update.orderId)) this.duplicatePaid++;
      this.paid.add(update.orderId);
    }
  }

  resetCounts(): void {
    this.transitions = {};
    this.duplicatePaid = 0;
    this.paid.clear();
  }
}

/** The system clock moved forward by `offsetMs`: the sweep's links are past expiry while sleeps stay real. */
export class OffsetClock implements Clock {
  offsetMs = 0;
  constructor(private readonly base: Clock) {}
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.base.sleep(ms, signal);
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
