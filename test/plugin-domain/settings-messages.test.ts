// What activation tells the shop's administrator about bad settings exists in Swedish and English for every rule the
// settings check can produce: each schema keyword the settings schema uses, and each rule resolve-settings adds.
// A new schema keyword without a Swedish text, or a new catalogue entry without a case here, fails this file.
import { describe, expect, test } from "vitest";
import { fieldProblem } from "../../common/field-problem-text.js";
import { messageCatalog, settingsMessages, type SettingMessageKey } from "../../plugin/i18n/index.js";
import { resolveSettings, SettingsError, type SettingProblem } from "../../plugin/settings/index.js";
import { schema as settingsSchema } from "../../schemas/generated/plugin/settings.js";
import { RAW_SETTINGS } from "./test-settings.js";

function problemsOf(raw: unknown): SettingProblem[] {
  try {
    resolveSettings(raw);
  } catch (error) {
    if (error instanceof SettingsError) return error.errors;
    throw error;
  }
  throw new Error("resolveSettings accepted the settings");
}

/** Keywords that validate nothing themselves (annotations), or only apply others to a part (walked into). */
const NOT_RULES = new Set(["$schema", "$id", "title", "description", "default", "writeOnly", "properties", "items"]);

/** Every validating keyword of the settings schema, with one value it takes there. */
function rulesOf(schema: unknown, found = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(schema)) for (const s of schema) rulesOf(s, found);
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return found;
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === "properties") for (const child of Object.values(value as object)) rulesOf(child, found);
    else if (keyword === "items" || keyword === "anyOf") rulesOf(value, found);
    if (!NOT_RULES.has(keyword) && !found.has(keyword)) found.set(keyword, value);
  }
  return found;
}

describe("every rule of the settings schema has a Swedish and an English text", () => {
  const rules = [...rulesOf(settingsSchema)];

  test("the schema's rules are found", () => {
    expect(rules.map(([keyword]) => keyword)).toEqual(expect.arrayContaining(["required", "additionalProperties", "type", "minLength", "pattern", "enum", "anyOf"]));
  });

  test.each(rules)("%s", (keyword, value) => {
    // The values ajv's params would carry for this keyword; fieldProblem takes what its text needs.
    const params = { limit: value, type: value, format: value, pattern: value, allowedValues: value, missingProperty: "x", additionalProperty: "x" };
    const error = { path: "x", rule: keyword, message: "ajv's own English", params };
    const sv = fieldProblem(error, "sv");
    const en = fieldProblem(error, "en");
    expect(sv).not.toBe(error.message);
    expect(en).not.toBe(error.message);
    expect(sv).not.toBe(en);
  });
});

const dev = { ...RAW_SETTINGS, environment: "http://127.0.0.1:4010" };
const { password: _password, ...withoutPassword } = RAW_SETTINGS;

/** One bad settings object per catalogue entry: the setting and rule it produces, and the secrets it holds. */
const cases: Record<SettingMessageKey, { raw: unknown; setting: string; rule: string; secrets?: string[] }> = {
  "setting.whole": { raw: ["not", "settings"], setting: "", rule: "type" },
  "setting.environment": { raw: { ...RAW_SETTINGS, environment: "staging" }, setting: "environment", rule: "environment" },
  "setting.required-with": { raw: withoutPassword, setting: "password", rule: "required" },
  "setting.credentials": { raw: { ...RAW_SETTINGS, environment: "https://svea-user:Env-Pw-42@instore.example/" }, setting: "environment", rule: "credentials", secrets: ["Env-Pw-42"] },
  "setting.query": { raw: { ...RAW_SETTINGS, environment: "https://instore.example/?token=Q-secret-77" }, setting: "environment", rule: "query", secrets: ["Q-secret-77"] },
  "setting.url": { raw: { ...RAW_SETTINGS, publicBaseUrl: "https://cb:Url-Pw-3@erp.example:99999/p" }, setting: "publicBaseUrl", rule: "url", secrets: ["Url-Pw-3"] },
  "setting.api-path": { raw: { ...RAW_SETTINGS, environment: "https://instore.example/api/v1/" }, setting: "environment", rule: "path" },
  "setting.connection-string": {
    raw: { ...RAW_SETTINGS, postgres: { connectionString: "postgres://shop:Pg-Pw-77@127.0.0.1:99999/erp" } },
    setting: "postgres.connectionString",
    rule: "url",
    secrets: ["Pg-Pw-77"],
  },
  "setting.credentials-callbacks": { raw: { ...RAW_SETTINGS, publicBaseUrl: "https://cb:Cb-Pw-9@erp.example/p" }, setting: "publicBaseUrl", rule: "credentials", secrets: ["Cb-Pw-9"] },
  "setting.json": { raw: { ...RAW_SETTINGS, password: () => "Fn-secret-5" }, setting: "password", rule: "json", secrets: ["Fn-secret-5"] },
  "setting.max-depth": { raw: { ...RAW_SETTINGS, tags: JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`) as unknown }, setting: "tags", rule: "maxDepth" },
  "setting.payment-admin-environment": {
    raw: { ...RAW_SETTINGS, environment: "https://instore-proxy.svea.com/instore", paymentAdmin: { merchantId: "124842", secret: "Pa-secret-4" } },
    setting: "paymentAdmin.environment",
    rule: "required",
    secrets: ["Pa-secret-4"],
  },
  "setting.environment-mismatch": {
    raw: { ...RAW_SETTINGS, environment: "production", paymentAdmin: { merchantId: "124842", secret: "Pa-secret-5", environment: "https://paymentadminapistage.svea.com" } },
    setting: "paymentAdmin.environment",
    rule: "environment-mismatch",
    secrets: ["Pa-secret-5"],
  },
  "setting.https-credentials": { raw: { ...RAW_SETTINGS, environment: "http://instore.example" }, setting: "environment", rule: "https" },
  "setting.https-callbacks": { raw: { ...RAW_SETTINGS, publicBaseUrl: "http://erp.example.se/plugins/svea-instore" }, setting: "publicBaseUrl", rule: "https" },
  "setting.merchant-id-characters": { raw: { ...RAW_SETTINGS, merchantId: "shop:7" }, setting: "merchantId", rule: "characters" },
  "setting.control-characters": { raw: { ...RAW_SETTINGS, password: "Pw-\u0007-Bell-secret" }, setting: "password", rule: "characters", secrets: ["Bell-secret"] },
  "setting.whitespace": { raw: { ...RAW_SETTINGS, merchantId: " instore-merchant-1 " }, setting: "merchantId", rule: "whitespace" },
  "setting.blank": { raw: { ...RAW_SETTINGS, merchantId: "   " }, setting: "merchantId", rule: "blank" },
  "setting.host": { raw: { ...dev, allowPlainHttpTo: ["*.example"] }, setting: "allowPlainHttpTo[0]", rule: "host" },
  "setting.development-only": { raw: { ...RAW_SETTINGS, allowPlainHttpTo: ["erp"] }, setting: "allowPlainHttpTo", rule: "development-only" },
  "setting.different": { raw: { ...RAW_SETTINGS, previousCallbackKey: RAW_SETTINGS.callbackKey }, setting: "previousCallbackKey", rule: "different", secrets: [RAW_SETTINGS.callbackKey] },
  "setting.randomness": { raw: { ...RAW_SETTINGS, callbackKey: "Zz".repeat(20) }, setting: "callbackKey", rule: "randomness", secrets: ["ZzZzZzZz"] },
  "setting.callback-url-too-long": { raw: { ...RAW_SETTINGS, publicBaseUrl: `https://erp.example.se/${"p".repeat(400)}` }, setting: "publicBaseUrl", rule: "maxLength" },
  "setting.cron": { raw: { ...RAW_SETTINGS, schedules: { reconcile: { cron: "every night" } } }, setting: "schedules.reconcile.cron", rule: "cron" },
  "setting.time-zone": { raw: { ...RAW_SETTINGS, schedules: { reconcile: { cron: "*/5 * * * *", timeZone: "Europe/Atlantis" } } }, setting: "schedules.reconcile.timeZone", rule: "timeZone" },
};

describe("every rule the settings check adds has a Swedish and an English text", () => {
  test("each catalogue entry has a case here", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(settingsMessages).sort());
  });

  test.each(Object.entries(cases))("%s", (key, { raw, setting, rule, secrets = [] }) => {
    const problems = problemsOf(raw);
    const found = problems.find((p) => p.setting === setting && p.rule === rule);
    expect(found, JSON.stringify(problems)).toBeDefined();
    const { message, messages } = found!;
    const name = setting || "inställningarna";
    // The entry's own Swedish, up to its first placeholder, follows the setting's name.
    const swedish = messageCatalog[key as SettingMessageKey].sv.split("{")[0]!;
    expect(messages.sv.startsWith(`${name}: ${key === "setting.whole" ? "" : swedish}`)).toBe(true);
    expect(messages.en.startsWith(`${setting || "settings"}: `)).toBe(true);
    expect(messages.sv).not.toBe(messages.en);
    expect(message).toBe(messages.en);
    const everything = JSON.stringify(problems);
    for (const secret of [RAW_SETTINGS.password, ...secrets]) expect(everything).not.toContain(secret);
  });
});
