// The reference host running the built plugin on its own embedded store in a data dir (no storage lent), with
// settings whose Svea answers nowhere: for tests of what the store does on a full disk, at start or while running.
import { ManualClock } from "../../common/clock.js";
import type { ReferenceHostOptions } from "../../host/reference-host.js";
import { repoRoot } from "./ensure-plugin-built.js";

export function embeddedStoreHostOptions(pluginDataDir: string, callbackKey: string): ReferenceHostOptions {
  return {
    pluginDir: repoRoot,
    dataFile: null,
    lendStorage: false,
    pluginDataDir,
    schedules: "manual",
    clock: new ManualClock(),
    settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({
      merchantId: "m1",
      password: "pw-not-logged",
      environment: "http://127.0.0.1:9",
      termsUri: "https://shop.example/terms",
      publicBaseUrl: pluginBaseUrl,
      callbackKey,
    }),
  };
}
