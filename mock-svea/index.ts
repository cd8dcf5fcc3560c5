// The mock Svea server's public surface: start it, and the types its callers need.
export { startMockSvea, DEFAULT_PORT, DEFAULT_DATA_FILE, type StartMockSveaOptions, type MockSveaServer } from "./start-mock-svea.js";
export { Merchants, DEMO_MERCHANTS_FILE } from "./merchants-config.js";
export { MemoryStateStore } from "./state/memory-state-store.js";
export { FileStateStore } from "./state/file-state-store.js";
export type { MockFsyncPolicy } from "./state/journal-segment.js";
export type { StateStore } from "./state/state-store.js";
export { main as runMockSveaCli, bannerLines } from "./cli.js";
