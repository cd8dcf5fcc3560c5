// d098396 refused an environment ending in /api or /api/v1 (rule path), meant for Svea's documented address copied with
// its /api/v1. A shop's own gateway mounted at a path that happens to end in /api (nginx `location /svea/api/ {
// proxy_pass https://webpayinstoreapi.svea.com/; }`) is a working address: the plugin calls /svea/api/api/v1/orders,
// which the gateway forwards as /api/v1/orders. It was refused and the shop could not activate. Now only a path ending
// in /api/v1 (anywhere) and a bare /api on Svea's own hosts are refused.
import { describe, expect, it } from "vitest";
import { SettingsError } from "../../plugin/settings/index.js";
import { FakeSvea } from "./support/fake-svea.js";
import { startKit, testSettings } from "./support/plugin-test-kit.js";

async function problemsOf(environment: string): Promise<string[]> {
  const outcome = await startKit(testSettings({ environment }), { svea: new FakeSvea() }).then(
    (kit) => kit,
    (e: unknown) => e,
  );
  return outcome instanceof SettingsError ? outcome.errors.map((e) => `${e.setting} ${e.rule}`) : [];
}

describe("a gateway's base path ending in /api", () => {
  it("is accepted as environment, on any host but Svea's own", async () => {
    expect(await problemsOf("https://gateway.shop.example/svea/api")).toEqual([]);
    expect(await problemsOf("https://gateway.shop.example/api/")).toEqual([]);
  });

  it("is refused ending in /api/v1 on any host, and as a bare /api on Svea's own", async () => {
    expect(await problemsOf("https://gateway.shop.example/svea/api/v1")).toEqual(["environment path"]);
    expect(await problemsOf("https://webpayinstoreapi.svea.com/API/")).toEqual(["environment path"]);
  });
});
