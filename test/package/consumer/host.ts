// The typed side of an ERP host, checked with tsc --strict (NodeNext) against the installed package's declarations,
// library declarations included (skipLibCheck off): every import path the README names must resolve with its types.
// Excluded from the repository's own typecheck (tsconfig.json): it imports the package by name, as an installed copy.
import {
  activate,
  createSveaInstoreClient,
  isSveaInstoreError,
  systemClock,
  validatePluginManifest,
  ActivationContextError,
  HookInputError,
  HostOrderInvalidError,
  JournalCorruptError,
  PluginDeactivatedError,
  PostgresStoreError,
  SettingsError,
  StoreLockedError,
  StoreStoppedError,
  type ActivationContext,
  type CreateOrderRequest,
  type SveaInstoreClient,
  type HostStorage,
  type HostOrder,
  type OrdersPort,
  type PaymentStateUpdate,
  type PaymentView,
  type PluginLogger,
} from "svea-instore-erp-plugin";
import { startMockSvea } from "svea-instore-erp-plugin/mock-svea";
import manifest from "svea-instore-erp-plugin/plugin.manifest.json" with { type: "json" };
import updateSchema from "svea-instore-erp-plugin/schemas/host/payment-state-update.schema.json" with { type: "json" };

const updates: PaymentStateUpdate[] = [];
// hostApi 1.1's additive fields: a create of unknown outcome is reported failed with beingChecked, viewed as checking.
export const stillBeingChecked = (update: PaymentStateUpdate): boolean => update.state === "failed" && update.beingChecked === true;
export const isChecking = (view: PaymentView): boolean => view.state === "checking";
const orders: OrdersPort = {
  async get(_id: string): Promise<HostOrder | undefined> {
    return undefined;
  },
  async setPaymentState(update: PaymentStateUpdate): Promise<void> {
    updates.push(update);
  },
};
const documents = new Map<string, unknown>();
const storage: HostStorage = {
  async read<T>(key: string) {
    return documents.get(key) as T | undefined;
  },
  async update<T>(key: string, fn: (current: T | undefined) => T | Promise<T>) {
    const next = await fn(documents.get(key) as T | undefined);
    documents.set(key, next);
    return next;
  },
};
const logger: PluginLogger = { debug() {}, info() {}, warn() {}, error() {} };
const mock = await startMockSvea({ port: 0 });
const context: ActivationContext = { settings: { environment: mock.url }, logger, clock: systemClock, orders, storage };
if (!validatePluginManifest(manifest).ok) throw new Error(updateSchema.title);
const instance = await activate(context);
const saved = await instance.hooks["order.save"]({ order: {} as HostOrder, locale: "sv" });
if (saved.accepted && saved.paymentView) isChecking(saved.paymentView);
// A refused activation names each bad setting in Swedish and English (SettingProblem.messages, additive in hostApi 1.x).
export const settingsProblemsIn = (error: SettingsError, locale: "sv" | "en"): string[] => error.errors.map((problem) => problem.messages[locale]);
// The errors the README names as the host's to tell apart.
export const errors = [ActivationContextError, HookInputError, HostOrderInvalidError, JournalCorruptError, PluginDeactivatedError, PostgresStoreError, SettingsError];
export const storeErrors = [StoreLockedError, StoreStoppedError];
// The client on its own, as README's "The Svea Instore client" example uses it.
export const svea: SveaInstoreClient = createSveaInstoreClient({ environment: "custom", baseUrl: mock.url, merchantId: "demo-merchant", password: "demo-password-2026" });
export const createWith = (request: CreateOrderRequest) => svea.createOrder(request).catch((error: unknown) => (isSveaInstoreError(error) ? error.code : "other"));
