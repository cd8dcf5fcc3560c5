// The plugin entry the host loads through plugin.manifest.json (compiled to dist/plugin/index.js): `activate` and the public types.
import type { Activate, ActivationContext, PluginInstance } from "./host-contract/plugin-api.js";
import { createPluginRuntime, type ActivateOverrides } from "./plugin-runtime.js";

/**
 * Builds the plugin from the host's context. Rejects with an ActivationContextError naming each missing or unusable part
 * of the context (orders.setPaymentState, clock.now...), and a SettingsError naming each bad setting. The optional second
 * argument is for tests only (inject a SveaInstoreClient, a store, or id generation); see ActivateOverrides.
 */
export const activate = (async (context: ActivationContext, overrides?: ActivateOverrides): Promise<PluginInstance> =>
  (await createPluginRuntime(context, overrides)).instance) satisfies Activate;

export { createPluginRuntime, type ActivateOverrides, type PluginRuntime } from "./plugin-runtime.js";
export { HookInputError } from "./hook-input.js";
export { ActivationContextError, type ContextProblem } from "./activation-context-check.js";
// What a host may meet from the plugin and tell apart by class (the README names each): a call after deactivate, an
// orders.get answer that is no order, an activation refused by the embedded store (its dir in use, its journal damaged),
// a call refused by the embedded store after a failed write (StoreStoppedError: restart required), an embedded store
// too large to read or write its snapshot (StoreTooLargeError: move to PostgreSQL), a file of the embedded store that
// could not be read or written (StoreFileError: the file, its error code, what to do), and a database
// error of the PostgreSQL store (PostgresStoreError, the connection string's secrets removed).
export { PluginDeactivatedError } from "./in-flight-calls.js";
export { HostOrderInvalidError } from "./host-contract/calling-host-orders.js";
export { validatePluginManifest, pluginManifestSchema, type PluginManifest } from "./plugin-manifest.js";
export { HOST_API_VERSION } from "./host-contract/plugin-api.js";
// The clock activation asks for: systemClock in production; a host's tests may pass their own Clock.
export { systemClock, type Clock } from "../common/clock.js";
export type {
  Activate,
  ActivationContext,
  CommandInput,
  CommandResult,
  HookName,
  HostStorage,
  OrdersPort,
  PluginHooks,
  PluginInstance,
  PluginLogger,
} from "./host-contract/plugin-api.js";
export type * from "./host-contract/host-contract-types.js";
export { hostContractValidators } from "./host-contract/host-contract-schemas.js";
export { resolveSettings, SettingsError, type ResolvedSettings, type SettingProblem } from "./settings/index.js";
// The Svea Instore client on its own (README: The Svea Instore client), for an ERP that calls Svea Instore itself:
// its whole public surface (plugin/svea-client/index.ts). The client and the host contract each name a Locale, the
// same "sv" | "en": the host contract's is the one exported.
export * from "./svea-client/index.js";
export type { Locale } from "./host-contract/host-contract-types.js";
export type { CreateOrderRequest, CreateOrderResponse, OrderStatusResponse, ReturnRequest } from "../common/svea-instore-types.js";
export { callbackToken, callbackUrl, verifyCallbackToken, type CallbackKeys } from "./callback/index.js";
export {
  createHostStoragePluginStore,
  createLowdbPluginStore,
  JournalCorruptError,
  PostgresStoreError,
  StoreFileError,
  StoreLockedError,
  StoreStoppedError,
  StoreTooLargeError,
  type PluginStore,
} from "./store/index.js";
