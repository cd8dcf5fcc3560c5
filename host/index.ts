// The reference host's public face: start it, and the types and errors a caller (tests, scripts/start.ts) needs.
export { startReferenceHost, type HostAddress, type ReferenceHost, type ReferenceHostOptions } from "./reference-host.js";
export { HostStartupError, type HostStartupErrorCode } from "./host-startup-error.js";
export { loadPluginPackage, type LoadedPluginPackage, type PluginManifest } from "./plugin-package-loader.js";
export type { HostOrderRecord, HostOrderStore, HostPaymentState } from "./host-order-store.js";
export type { HostOrderView } from "./order-list-query.js";
export type { ScheduleRunner, ScheduledRunOutcome, ScheduleTiming } from "./schedule-runner.js";
