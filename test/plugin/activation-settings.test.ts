// Activation refuses settings that would only fail later (every save, every Svea call) with a SettingsError naming the
// setting, never echoing its value.
import { describe, expect, it } from "vitest";
import { startMockSvea } from "../../mock-svea/start-mock-svea.js";
import { SettingsError } from "../../plugin/settings/index.js";
import { FakeSvea } from "./support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "./support/plugin-test-kit.js";

async function activationError(settings: Record<string, unknown>): Promise<SettingsError> {
  const error = await startKit(settings).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SettingsError);
  return error as SettingsError;
}

describe("activation with a publicBaseUrl too long for Svea's callbackUri", () => {
  const base = "https://erp.example/plugins/svea-instore/";
  // 500 - "/callback/".length - 32 (longest merchantOrderNumber) - 1 - 43 (token) = 414.
  const longestBase = base + "x".repeat(414 - base.length);

  it("accepts the longest base URL, and a save with a 32-character merchantOrderNumber goes through", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings({ publicBaseUrl: longestBase }), { svea });
    const result = await kit.instance.hooks["order.save"]({ order: hostOrder({ number: "N".repeat(40) }), locale: "en" });
    expect(result.accepted).toBe(true);
    const sent = [...svea.orders.values()][0]!.request;
    expect(sent.merchantOrderNumber).toHaveLength(32);
    expect(sent.callbackUri).toHaveLength(500);
  });

  it("refuses one character more as a settings error naming publicBaseUrl and the limit", async () => {
    const error = await activationError(testSettings({ publicBaseUrl: `${longestBase}x` }));
    expect(error.errors.map((e) => `${e.setting} ${e.rule}`)).toEqual(["publicBaseUrl maxLength"]);
    expect(error.message).toContain("may be at most 414");
    expect(error.message).toContain("500-character callbackUri limit");
  });
});

describe("activation with settings the Svea clients cannot use", () => {
  it("names environment (not SveaClientOptionsError) for a base URL carrying credentials, without echoing it", async () => {
    const error = await activationError(testSettings({ environment: "https://svea-user:Env-Pw-42@instore.example/" }));
    expect(error.errors).toEqual([
      {
        setting: "environment",
        rule: "credentials",
        message: "environment: must not carry credentials (user:password@); give them as merchantId and password",
        messages: {
          sv: "environment: får inte innehålla inloggningsuppgifter (användare:lösenord@); ange dem som merchantId och password",
          en: "environment: must not carry credentials (user:password@); give them as merchantId and password",
        },
      },
    ]);
    expect(error.message + JSON.stringify(error.errors)).not.toMatch(/Env-Pw-42|svea-user/);
  });

  it("names paymentAdmin.environment, and a base URL with a query, and a merchantId Basic auth cannot carry", async () => {
    const error = await activationError(
      testSettings({
        merchantId: "shop:7",
        environment: "https://instore.example/svea?key=Q-secret",
        paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "https://pa:Pa-Pw-7@pa.example" },
      }),
    );
    expect(error.errors.map((e) => `${e.setting} ${e.rule}`).sort()).toEqual(["environment query", "merchantId characters", "paymentAdmin.environment credentials"]);
    expect(error.message + JSON.stringify(error.errors)).not.toMatch(/Q-secret|Pa-Pw-7|pa-secret-1/);
  });

  it("names environment and paymentAdmin.environment for plain http to another machine (credentials unencrypted); allows it to this machine", async () => {
    const error = await activationError(
      testSettings({ environment: "http://instore.example:4010", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "http://192.168.1.20/pa" } }),
    );
    expect(error.errors.map((e) => `${e.setting} ${e.rule}`).sort()).toEqual(["environment https", "paymentAdmin.environment https"]);
    expect(error.message).toContain("environment: must be https: plain http sends the credentials unencrypted");
    expect(error.message + JSON.stringify(error.errors)).not.toMatch(/pa-secret-1/);
    const kit = await startKit(testSettings({ environment: "http://localhost:4010", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "http://127.0.0.1:4010/payment-admin" } }));
    expect(kit.instance).toBeDefined();
  });
});

describe("allowPlainHttpTo: plain http to a named development host (the mock under a docker-compose service name)", () => {
  it("talks to the named host over plain http, and says so in one warning naming it at activation; another host stays refused", async () => {
    const mock = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false });
    try {
      // 0.0.0.0 is not loopback by name, but on Linux a connection to it reaches this machine: a real host off the rule.
      const environment = mock.url.replace("127.0.0.1", "0.0.0.0");
      const account = { merchantId: mock.merchant.id, password: mock.merchant.password, environment };
      const refused = await activationError(testSettings(account));
      expect(refused.errors.map((e) => `${e.setting} ${e.rule}`)).toEqual(["environment https"]);
      const notNamed = await activationError(testSettings({ ...account, allowPlainHttpTo: ["mock-svea"] }));
      expect(notNamed.errors.map((e) => `${e.setting} ${e.rule}`)).toEqual(["environment https"]);

      const kit = await startKit(testSettings({ ...account, allowPlainHttpTo: ["0.0.0.0"] }));
      try {
        const warnings = kit.logger.lines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === "warn");
        expect(warnings).toHaveLength(1);
        expect(warnings[0]!.msg).toMatch(/^plain http allowed to 0\.0\.0\.0 \(setting allowPlainHttpTo\): .* unencrypted; for development only/);
        expect(kit.logger.lines.join("\n")).not.toContain(mock.merchant.password);
        const saved = await kit.instance.hooks["order.save"]({ order: hostOrder(), locale: "en" });
        expect(saved.accepted).toBe(true);
        const listed = (await (await fetch(`${mock.adminUrl}/orders?merchantId=${encodeURIComponent(mock.merchant.id)}`)).json()) as { orders: unknown[] };
        expect(listed.orders).toHaveLength(1);
      } finally {
        await kit.instance.deactivate();
      }
    } finally {
      await mock.close();
    }
  });
});
