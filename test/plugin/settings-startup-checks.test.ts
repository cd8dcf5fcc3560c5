// Settings that activation once accepted silently although they could only fail later, or that failed with an error
// naming neither the setting nor the rule: each is now refused naming the setting and its rule (or, where something in
// between may make it work, warned of at activation).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseConnectionString } from "pg-connection-string";
import { SettingsError } from "../../plugin/settings/index.js";
import { isReadableConnectionString } from "../../plugin/settings/postgres-connection-string.js";
import { createPluginRuntime } from "../../plugin/plugin-runtime.js";
import { ManualClock } from "../../common/clock.js";
import { FakeSvea } from "./support/fake-svea.js";
import { CapturingLogger, RecordingOrders, hostOrder, startKit, testSettings } from "./support/plugin-test-kit.js";
import { MemoryHostStorage } from "./support/memory-host-storage.js";

async function activationOutcome(settings: Record<string, unknown>): Promise<unknown> {
  return startKit(settings, { svea: new FakeSvea() }).then(
    (kit) => kit,
    (e: unknown) => e,
  );
}

describe("Instore and Payment Admin environments that cannot belong together", () => {
  it("refuses environment production beside paymentAdmin.environment stage (production orders' ids annulled/delivered at stage)", async () => {
    const outcome = await activationOutcome(
      testSettings({ environment: "production", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "stage" } }),
    );
    expect(outcome).toBeInstanceOf(SettingsError);
    expect((outcome as SettingsError).errors.map((e) => e.setting)).toContain("paymentAdmin.environment");
  });

  it("refuses environment stage beside Svea's production Payment Admin address", async () => {
    const outcome = await activationOutcome(
      testSettings({ environment: "stage", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "https://paymentadminapi.svea.com" } }),
    );
    expect(outcome).toBeInstanceOf(SettingsError);
    expect((outcome as SettingsError).errors.map((e) => e.setting)).toContain("paymentAdmin.environment");
  });
});

describe("a publicBaseUrl Svea's servers can never reach", () => {
  const unreachableWarnings = (logger: CapturingLogger) =>
    logger.lines.filter((line) => JSON.parse(line).level === "warn" && line.includes("publicBaseUrl's host"));

  for (const publicBaseUrl of [
    "http://127.0.0.1:4020/plugins/svea-instore",
    "https://localhost/plugins/svea-instore",
    "https://192.168.1.10/plugins/svea-instore",
    "https://[fd12:3456::7]/plugins/svea-instore",
    "https://169.254.10.1/plugins/svea-instore",
    "https://[::ffff:10.1.2.3]/plugins/svea-instore",
  ]) {
    it(`says so at activation with environment production: ${publicBaseUrl}`, async () => {
      // Warned, not refused: a tunnel or a proxy may be in between.
      const outcome = await activationOutcome(testSettings({ environment: "production", publicBaseUrl }));
      expect(outcome).not.toBeInstanceOf(Error);
      // Every callback of every payment is lost (the order waits for reconcile's status read); the warning says why.
      const warnings = unreachableWarnings((outcome as { logger: CapturingLogger }).logger);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/publicBaseUrl/);
      expect(warnings[0]).toMatch(/callbacks will not arrive/);
      expect(warnings[0]).toMatch(/reconcile/);
    });
  }

  it("says nothing of a public host, nor of this machine's address beside the mock", async () => {
    for (const settings of [
      testSettings({ environment: "production", publicBaseUrl: "https://erp.example/plugins/svea-instore" }),
      testSettings({ environment: "stage", publicBaseUrl: "https://172.32.0.1/plugins/svea-instore" }),
      testSettings({ environment: "http://127.0.0.1:4010", publicBaseUrl: "http://127.0.0.1:4020/plugins/svea-instore" }),
    ]) {
      const kit = (await activationOutcome(settings)) as { logger: CapturingLogger };
      expect(unreachableWarnings(kit.logger)).toEqual([]);
    }
  });
});

describe("postgres.connectionString no URL parser reads", () => {
  it("is refused as a settings problem naming postgres.connectionString, not a bare 'Invalid URL'", async () => {
    const error = await createPluginRuntime({
      settings: testSettings({ postgres: { connectionString: "postgres://shop:Pg-Pw-77@127.0.0.1:99999/erp" } }),
      logger: new CapturingLogger(),
      clock: new ManualClock(),
      orders: new RecordingOrders(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String((error as Error).message)).not.toContain("Pg-Pw-77");
    // It was a TypeError "Invalid URL" from pg-connection-string, naming neither the setting nor the rule; the reference
    // host showed "Plugin svea-instore could not be activated: Invalid URL".
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).errors.map((e) => e.setting)).toContain("postgres.connectionString");
  });

  it("is read as node-postgres reads it: refused exactly where pg's own parse throws", () => {
    for (const connectionString of [
      "postgres://shop:Pg-Pw-77@127.0.0.1:99999/erp",
      "postgres://shop:Pg-Pw-77@127.0.0.1:5432/erp",
      "postgresql://shop@[::1]:5432/erp",
      "postgres://shop:Pg-Pw-77@/erp?host=/var/run/postgresql",
      "postgres://shop:Pg Pw 77@db.example/erp",
      "postgres://shop:Pg%zz@db.example/erp",
      "postgres://shop:Pg#Pw@db.example/erp",
      "postgres://shop:Pg-Pw-77@db.example:65536/erp",
      "postgres://shop:Pg-Pw-77@db[.example/erp",
    ]) {
      const pgReads = (() => {
        try {
          parseConnectionString(connectionString);
          return true;
        } catch {
          return false;
        }
      })();
      expect(isReadableConnectionString(connectionString), connectionString).toBe(pgReads);
    }
  });
});

describe("environment given with Svea's /api/v1 path", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it("is refused or normalised with a notice, never used to call /api/v1/api/v1/orders", async () => {
    const paths: string[] = [];
    server = createServer((req, res) => {
      paths.push(req.url ?? "");
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
    const environment = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    const logger = new CapturingLogger();
    const runtime = await createPluginRuntime({
      settings: testSettings({ environment }),
      logger,
      clock: new ManualClock(),
      orders: new RecordingOrders(),
      storage: new MemoryHostStorage(),
    }).then(
      (r) => r,
      (e: unknown) => e,
    );
    if (runtime instanceof SettingsError) {
      expect(runtime.errors.map((e) => `${e.setting} ${e.rule}`)).toContain("environment path");
      expect(paths).toEqual([]);
      return;
    }
    const { instance } = runtime as Awaited<ReturnType<typeof createPluginRuntime>>;
    await instance.hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(paths.filter((p) => p.startsWith("/api/v1/api/v1/"))).toEqual([]);
  });

  it("is refused for either environment ending in /api/v1, or Svea's own host with just /api, in any case, and a proxy's other path passes", async () => {
    const paymentAdmin = { merchantId: "124842", secret: "pa-secret-1" };
    for (const [settings, expected] of [
      [{ environment: "https://instore.example/API/v1/" }, ["environment path"]],
      [{ environment: "https://webpayinstoreapi.svea.com/api" }, ["environment path"]],
      [{ environment: "http://127.0.0.1:4010", paymentAdmin: { ...paymentAdmin, environment: "http://127.0.0.1:4010/payment-admin/api/v1" } }, ["paymentAdmin.environment path"]],
    ] as const) {
      const outcome = await activationOutcome(testSettings(settings));
      expect(outcome).toBeInstanceOf(SettingsError);
      const error = outcome as SettingsError;
      expect(error.errors.map((e) => `${e.setting} ${e.rule}`)).toEqual(expected);
      expect(error.errors[0]!.messages.en).toMatch(/without \/api\/v1/);
      expect(error.errors[0]!.messages.sv).toMatch(/utan \/api\/v1/);
    }
    const kit = (await activationOutcome(testSettings({ environment: "https://proxy.example/svea-instore" }))) as { settings: { sveaBaseUrl: string } };
    expect(kit.settings.sveaBaseUrl).toBe("https://proxy.example/svea-instore");
  });
});

describe("Payment Admin credentials with a control character", () => {
  it("refuses paymentAdmin.secret and paymentAdmin.merchantId ending in a newline, as password's is refused", async () => {
    // A secret read from a file keeps its trailing newline: every Payment Admin signature is then wrong (401 on every
    // deliver, annul and settle), while the same slip in password is refused naming the setting.
    const outcome = await activationOutcome(testSettings({ paymentAdmin: { merchantId: "124842\n", secret: "pa-secret-1\n" } }));
    expect(outcome).toBeInstanceOf(SettingsError);
    expect((outcome as SettingsError).errors.map((e) => `${e.setting} ${e.rule}`).sort()).toEqual(["paymentAdmin.merchantId characters", "paymentAdmin.secret characters"]);
    expect(JSON.stringify((outcome as SettingsError).errors)).not.toContain("pa-secret-1");
  });
});

describe("a merchantId with surrounding spaces (pasted from Svea's portal)", () => {
  it("is refused or trimmed with a notice, not sent to Svea as ' m1 ' in every Basic auth header", async () => {
    const outcome = await activationOutcome(testSettings({ merchantId: " instore-merchant-1 " }));
    if (outcome instanceof SettingsError) {
      expect(outcome.errors.map((e) => `${e.setting} ${e.rule}`)).toContain("merchantId whitespace");
      return;
    }
    const kit = outcome as { settings: { merchantId?: string }; logger: CapturingLogger };
    const noticed = kit.logger.lines.some((line) => JSON.parse(line).level === "warn" && line.includes("merchantId"));
    expect(kit.settings.merchantId === "instore-merchant-1" && noticed).toBe(true);
  });

  it("is refused for paymentAdmin.merchantId too, and for a tab or a no-break space", async () => {
    for (const [settings, expected] of [
      [{ paymentAdmin: { merchantId: "124842 ", secret: "pa-secret-1" } }, "paymentAdmin.merchantId whitespace"],
      [{ merchantId: "\u00a0instore-merchant-1" }, "merchantId whitespace"],
      [{ merchantId: "instore-merchant-1\t" }, "merchantId characters"],
    ] as const) {
      const outcome = await activationOutcome(testSettings(settings));
      expect(outcome).toBeInstanceOf(SettingsError);
      expect((outcome as SettingsError).errors.map((e) => `${e.setting} ${e.rule}`)).toEqual([expected]);
    }
  });
});
