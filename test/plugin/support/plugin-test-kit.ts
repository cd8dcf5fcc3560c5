// Builds an activated plugin for tests: manual clock, host storage in memory, a recording orders port and captured logs.
import { ManualClock } from "../../../common/clock.js";
import type { HostOrder, PaymentStateUpdate } from "../../../plugin/host-contract/host-contract-types.js";
import type { OrdersPort, PluginLogger } from "../../../plugin/host-contract/plugin-api.js";
import { createPluginRuntime, type ActivateOverrides, type PluginRuntime } from "../../../plugin/plugin-runtime.js";
import { FakeSvea } from "./fake-svea.js";
import { MemoryHostStorage } from "./memory-host-storage.js";
import { checkAgainstHostContract } from "./contract-checked-updates.js";

export const CALLBACK_KEY = "current-callback-key-0123456789abcdef";
export const PREVIOUS_CALLBACK_KEY = "previous-callback-key-0123456789abcdef";

export function testSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    merchantId: "merchant-1",
    password: "secret-password",
    environment: "stage",
    termsUri: "https://shop.example/terms",
    publicBaseUrl: "https://erp.example/plugins/svea-instore",
    callbackKey: CALLBACK_KEY,
    ...overrides,
  };
}

export function hostOrder(overrides: Partial<HostOrder> = {}): HostOrder {
  return {
    id: "order-1",
    number: "1001",
    paymentMethod: "svea-instore",
    currency: "SEK",
    pricesIncludeVat: true,
    customer: { countryCode: "SE", mobilePhone: "070-123 45 67", name: "Anna Andersson" },
    rows: [{ rowNumber: 1, articleNumber: "A1", name: "Chair", quantity: "1", unit: "st", unitPrice: "100.00", vatPercent: "25" }],
    total: "100.00",
    ...overrides,
  };
}

export class RecordingOrders implements OrdersPort {
  readonly updates: PaymentStateUpdate[] = [];
  readonly orders = new Map<string, HostOrder>();
  failNext = false;
  async get(orderId: string) {
    return this.orders.get(orderId);
  }
  async setPaymentState(update: PaymentStateUpdate) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("host is down");
    }
    checkAgainstHostContract(update);
    this.updates.push(structuredClone(update));
  }
  last(orderId: string) {
    return [...this.updates].reverse().find((u) => u.orderId === orderId);
  }
}

export class CapturingLogger implements PluginLogger {
  readonly lines: string[] = [];
  private log(level: string) {
    return (obj: object, msg?: string) => void this.lines.push(JSON.stringify({ level, msg, ...obj }));
  }
  debug = this.log("debug");
  info = this.log("info");
  warn = this.log("warn");
  error = this.log("error");
}

export interface Kit extends PluginRuntime {
  clock: ManualClock;
  orders: RecordingOrders;
  logger: CapturingLogger;
  storage: MemoryHostStorage;
}

export async function startKit(settings: Record<string, unknown> = testSettings(), overrides: ActivateOverrides = {}): Promise<Kit> {
  const clock = new ManualClock();
  const orders = new RecordingOrders();
  const logger = new CapturingLogger();
  const storage = new MemoryHostStorage();
  let id = 0;
  const runtime = await createPluginRuntime({ settings, logger, clock, orders, storage }, { newId: () => `id-${++id}`, ...overrides });
  return { ...runtime, clock, orders, logger, storage };
}

/** A kit whose Svea is an in-process FakeSvea, with the plugin's hooks at hand. */
export async function startKitWithFakeSvea(settings: Record<string, unknown> = testSettings()) {
  const svea = new FakeSvea();
  const kit = await startKit(settings, { svea });
  return { ...kit, svea, hooks: kit.instance.hooks };
}
