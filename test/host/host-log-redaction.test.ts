// What the reference host logs on its own account hides secrets: a failing plugin route's path keeps no callback token,
// and the logger redacts secret-named fields wherever the plugin or the host puts them.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { callbackToken } from "../../plugin/callback/callback-token.js";
import { ensurePluginBuilt, repoRoot } from "../e2e/ensure-plugin-built.js";
import { capturingLogger } from "./host-test-helpers.js";

describe("host log redaction", () => {
  let host: ReferenceHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it("logs a callback route that throws (its store failing) without the callback token", async () => {
    await ensurePluginBuilt();
    const logs = capturingLogger();
    const callbackKey = randomBytes(32).toString("base64url");
    host = await startReferenceHost({
      pluginDir: repoRoot,
      dataFile: null,
      clock: new ManualClock(Date.UTC(2026, 2, 2, 9)),
      logger: logs.logger,
      schedules: "manual",
      // No merchant account: activation makes no Svea call, and the callback route still answers.
      settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({
        environment: "http://127.0.0.1:1",
        termsUri: "https://shop.example/terms",
        publicBaseUrl: pluginBaseUrl,
        callbackKey,
      }),
    });
    host.store.pluginStorage.read = async () => {
      throw new Error("EIO: the plugin's storage failed");
    };
    const mon = "1001-1-0abc123-x9z8";
    const token = callbackToken(callbackKey, mon);
    const res = await fetch(`${host.pluginBaseUrl}/callback/${mon}/${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ merchantOrderNumber: mon }) });
    expect(res.status).toBe(500);
    const failure = logs.lines().find((l) => l.msg === "request failed");
    expect(failure).toMatchObject({ path: `/plugins/svea-instore/callback/${mon}/[redacted]`, err: { message: expect.stringContaining("EIO") } });
    expect(JSON.stringify(logs.lines())).not.toContain(token);
  });

  it("redacts secret, connectionString and callbackUri at any of the first three levels", () => {
    const logs = capturingLogger();
    const values = { secret: "pa-secret-1", connectionString: "postgres://u:pg-pass-1@db/x", callbackUri: "https://erp.example/callback/n1/tok-1" };
    logs.logger.info({ ...values, paymentAdmin: { ...values }, request: { body: { ...values } } }, "with secrets");
    const line = logs.lines()[0]!;
    expect(line).toMatchObject({ secret: "[redacted]", connectionString: "[redacted]", callbackUri: "[redacted]" });
    for (const value of Object.values(values)) expect(JSON.stringify(line)).not.toContain(value);
  });
});
