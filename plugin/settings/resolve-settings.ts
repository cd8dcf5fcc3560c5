// Validates raw settings against the settings schema plus the rules a schema cannot state (cron, time zones, pairs).
import cron from "node-cron";
import { hostContractValidators } from "../host-contract/host-contract-schemas.js";
import type { PluginSettingsInput } from "../host-contract/host-contract-types.js";
import {
  POSTGRES_DEFAULTS,
  SETTING_DEFAULTS,
  MOCK_PAYMENT_ADMIN_PATH,
  SVEA_BASE_URLS,
  type ResolvedSettings,
  type ScheduleName,
  type ScheduleSetting,
} from "./resolved-settings.js";
import { sveaInstoreSchemas } from "../../common/svea-instore-schemas.js";
import { isTimeZone } from "../../common/time-zone.js";
import { longestCallbackUrlLength } from "../callback/callback-token.js";
import { MERCHANT_ORDER_NUMBER_MAX } from "../svea-order/merchant-order-number.js";
import { SVEA_PAYMENT_ADMIN_BASE_URLS } from "../svea-payment-admin-client/payment-admin-client-options.js";
import { SettingsError, type SettingProblem } from "./settings-error.js";
import { copySettings } from "./copy-settings.js";
import { isReadableConnectionString } from "./postgres-connection-string.js";
import { hideSettingsSecrets } from "./hide-settings-secrets.js";
import { isPlainHttpHostName, isPlainHttpOffMachine } from "../../common/plain-http-target.js";
import { isSveasOwn, sveaInstoreEnvironmentOf, sveaPaymentAdminEnvironmentOf } from "./svea-environment.js";
import { isPlainlyNotRandom } from "../../common/secret-randomness.js";
import type { FieldError } from "../../common/json-schema-validator.js";
import { fieldProblem } from "../../common/field-problem-text.js";
import { t } from "../i18n/translate.js";
import type { SettingMessageKey } from "../i18n/settings-messages.js";

const SCHEDULE_NAMES: readonly ScheduleName[] = ["expire-links", "reconcile"];

/** Validates `raw`, applies defaults and resolves the Svea base URL. Throws SettingsError listing every problem. */
export function resolveSettings(raw: unknown): ResolvedSettings {
  const copy = raw !== null && typeof raw === "object" ? copySettings(raw) : { ok: true as const, value: raw };
  if (!copy.ok)
    throw new SettingsError([
      copy.rule === "maxDepth" ? problem(copy.setting, "maxDepth", "setting.max-depth", { limit: copy.limit }) : problem(copy.setting, "json", "setting.json"),
    ]);
  const checked = hostContractValidators.settings(copy.value);
  if (!checked.ok) throw new SettingsError(schemaProblems(checked.errors));
  const s = checked.value;
  const allowPlainHttpTo = s.allowPlainHttpTo ?? [];
  const problems = [
    ...accountProblems(s),
    ...plainHttpHostProblems(s, allowPlainHttpTo),
    ...environmentProblems(s, allowPlainHttpTo),
    ...paymentAdminEnvironmentProblems(s),
    ...keyProblems(s),
    ...publicBaseUrlProblems(s, allowPlainHttpTo),
    ...postgresProblems(s),
  ];
  const schedules = resolveSchedules(s, problems);
  if (problems.length > 0) throw new SettingsError(problems);

  const resolved: ResolvedSettings = {
    accountConfigured: s.merchantId !== undefined && s.password !== undefined,
    environment: s.environment,
    sveaBaseUrl: baseUrlOf(s.environment),
    termsUri: s.termsUri,
    publicBaseUrl: withoutTrailingSlash(s.publicBaseUrl),
    allowPlainHttpTo: allowPlainHttpTo.map((host) => host.toLowerCase()),
    callbackKey: s.callbackKey,
    linkLifetimeMinutes: s.linkLifetimeMinutes ?? SETTING_DEFAULTS.linkLifetimeMinutes,
    reissueOn: s.reissueOn ?? SETTING_DEFAULTS.reissueOn,
    deferredDelivery: s.deferredDelivery ?? SETTING_DEFAULTS.deferredDelivery,
    saveDeadlineSeconds: s.saveDeadlineSeconds ?? SETTING_DEFAULTS.saveDeadlineSeconds,
    defaultLocale: s.defaultLocale ?? SETTING_DEFAULTS.defaultLocale,
    reconcileAfterMinutes: s.reconcileAfterMinutes ?? SETTING_DEFAULTS.reconcileAfterMinutes,
    sweepConcurrency: s.sweepConcurrency ?? SETTING_DEFAULTS.sweepConcurrency,
    schedules,
  };
  if (s.merchantId !== undefined) resolved.merchantId = s.merchantId;
  if (s.password !== undefined) resolved.password = s.password;
  if (s.confirmationUri !== undefined) resolved.confirmationUri = s.confirmationUri;
  if (s.merchantName !== undefined) resolved.merchantName = s.merchantName;
  if (s.previousCallbackKey !== undefined) resolved.previousCallbackKey = s.previousCallbackKey;
  if (s.tags !== undefined) resolved.tags = [...s.tags];
  if (s.paymentAdmin !== undefined) resolved.paymentAdmin = paymentAdminOf(s.paymentAdmin, s.environment);
  if (s.postgres !== undefined) {
    resolved.postgres = {
      connectionString: s.postgres.connectionString,
      schema: s.postgres.schema ?? POSTGRES_DEFAULTS.schema,
      poolSize: s.postgres.poolSize ?? POSTGRES_DEFAULTS.poolSize,
      leaseSeconds: s.postgres.leaseSeconds ?? POSTGRES_DEFAULTS.leaseSeconds,
    };
  }
  return hideSettingsSecrets(resolved);
}

function baseUrlOf(environment: string): string {
  if (environment === "stage" || environment === "production") return SVEA_BASE_URLS[environment];
  return withoutTrailingSlash(environment);
}

/**
 * Payment Admin's base URL: as given, or following the Instore environment: Svea's own stage or production (the word,
 * or its Instore API's address) to Svea's Payment Admin of the same, a custom Instore URL to the mock's layout below it.
 * An address of Svea's that is neither never gets here (paymentAdminEnvironmentProblems).
 */
function paymentAdminOf(given: NonNullable<PluginSettingsInput["paymentAdmin"]>, environment: string): NonNullable<ResolvedSettings["paymentAdmin"]> {
  const own = given.environment;
  const svea = own === undefined ? sveaInstoreEnvironmentOf(environment) : own === "stage" || own === "production" ? own : undefined;
  const baseUrl = svea
    ? SVEA_PAYMENT_ADMIN_BASE_URLS[svea]
    : own !== undefined
      ? withoutTrailingSlash(own)
      : withoutTrailingSlash(environment) + MOCK_PAYMENT_ADMIN_PATH;
  return { merchantId: given.merchantId, secret: given.secret, baseUrl };
}

/**
 * From an address of Svea's other than its Instore stage or production, Payment Admin's cannot be told: it must be
 * given. Given, it must not name Svea's other environment than the Instore one (by word or by Svea's own address):
 * orders paid at production would be delivered and annulled at stage, where Svea knows none of them. A custom URL (the
 * mock, a proxy) on either side says nothing of the environment and is left alone.
 */
function paymentAdminEnvironmentProblems(s: PluginSettingsInput): SettingProblem[] {
  if (s.paymentAdmin === undefined) return [];
  const instore = sveaInstoreEnvironmentOf(s.environment);
  if (s.paymentAdmin.environment !== undefined) {
    const paymentAdmin = sveaPaymentAdminEnvironmentOf(s.paymentAdmin.environment);
    if (instore === undefined || paymentAdmin === undefined || instore === paymentAdmin) return [];
    return [problem("paymentAdmin.environment", "environment-mismatch", "setting.environment-mismatch", { instore, paymentAdmin })];
  }
  if (!isSveasOwn(s.environment) || instore !== undefined) return [];
  return [problem("paymentAdmin.environment", "required", "setting.payment-admin-environment")];
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function schemaProblems(errors: readonly FieldError[]): SettingProblem[] {
  const out: SettingProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // Either environment is an anyOf; ajv reports every branch, the administrator needs one sentence.
    const found = ENVIRONMENT_SETTINGS.has(e.path)
      ? problem(e.path, "environment", "setting.environment")
      : stated(e.path, e.rule, { sv: fieldProblem(e, "sv"), en: fieldProblem(e, "en") });
    const key = `${found.setting}\u0000${found.rule}\u0000${found.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(found);
  }
  return out;
}

const ENVIRONMENT_SETTINGS: ReadonlySet<string> = new Set(["environment", "paymentAdmin.environment"]);

/** A problem the settings check states with its catalogue entry, in both languages. */
function problem(setting: string, rule: string, key: SettingMessageKey, params?: Record<string, string | number>): SettingProblem {
  return stated(setting, rule, { sv: t("sv", key, params), en: t("en", key, params) });
}

/** `setting: text` in each language; `message` is the English one. */
function stated(setting: string, rule: string, text: { sv: string; en: string }): SettingProblem {
  const messages = {
    sv: `${setting || t("sv", "setting.whole")}: ${text.sv}`,
    en: `${setting || t("en", "setting.whole")}: ${text.en}`,
  };
  return { setting, rule, message: messages.en, messages };
}

function accountProblems(s: PluginSettingsInput): SettingProblem[] {
  // One of the pair alone is a half-finished configuration, not an unconfigured account.
  if (s.merchantId !== undefined && s.password === undefined)
    return [problem("password", "required", "setting.required-with", { other: "merchantId" })];
  if (s.password !== undefined && s.merchantId === undefined)
    return [problem("merchantId", "required", "setting.required-with", { other: "password" })];
  return [];
}

/**
 * What the Svea clients would refuse when activation builds them (SveaClientOptionsError, PaymentAdminClientOptionsError),
 * said here as settings problems naming the setting. A value is never echoed: a URL with credentials holds a password.
 */
function environmentProblems(s: PluginSettingsInput, allowPlainHttpTo: readonly string[]): SettingProblem[] {
  const out = [
    ...baseUrlProblems("environment", s.environment, { id: "merchantId", secret: "password" }, allowPlainHttpTo),
    ...(s.paymentAdmin?.environment === undefined
      ? []
      : baseUrlProblems("paymentAdmin.environment", s.paymentAdmin.environment, { id: "paymentAdmin.merchantId", secret: "paymentAdmin.secret" }, allowPlainHttpTo)),
  ];
  out.push(...accountIdProblems("merchantId", s.merchantId, BASIC_AUTH_UNCARRIED, "setting.merchant-id-characters"));
  if (s.password !== undefined && CONTROL_CHARACTER.test(s.password)) out.push(problem("password", "characters", "setting.control-characters"));
  // Read from a file, a secret keeps its trailing newline: every Payment Admin signature would be wrong (401 on every
  // deliver, annul and settle), where the same slip in password is refused.
  out.push(...accountIdProblems("paymentAdmin.merchantId", s.paymentAdmin?.merchantId, CONTROL_CHARACTER, "setting.control-characters"));
  if (s.paymentAdmin !== undefined && CONTROL_CHARACTER.test(s.paymentAdmin.secret))
    out.push(problem("paymentAdmin.secret", "characters", "setting.control-characters"));
  return out;
}

/**
 * A merchant id with a character its authentication header cannot carry (`refused`), blank, or with spaces around it
 * (pasted from Svea's portal): sent as written, every request would name a merchant Svea does not know (401).
 */
function accountIdProblems(setting: string, id: string | undefined, refused: RegExp, key: SettingMessageKey): SettingProblem[] {
  if (id === undefined) return [];
  if (refused.test(id)) return [problem(setting, "characters", key)];
  if (id.trim() === "") return [problem(setting, "blank", "setting.blank")];
  if (id.trim() !== id) return [problem(setting, "whitespace", "setting.whitespace")];
  return [];
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** HTTP Basic's user id ends at the first ':', and a header cannot carry a control character. */
const BASIC_AUTH_UNCARRIED = /[:\u0000-\u001f\u007f]/;

/**
 * allowPlainHttpTo is a developer's way to the mock on another machine (a docker-compose service name): each entry one
 * host, exactly, and never beside Svea's own stage or production, where it could only let callbacks travel readable.
 */
function plainHttpHostProblems(s: PluginSettingsInput, allowPlainHttpTo: readonly string[]): SettingProblem[] {
  const out = allowPlainHttpTo.flatMap((host, i) => (isPlainHttpHostName(host) ? [] : [problem(`allowPlainHttpTo[${i}]`, "host", "setting.host")]));
  if (allowPlainHttpTo.length > 0 && (isSveasOwn(s.environment) || isSveasOwn(s.paymentAdmin?.environment)))
    out.push(problem("allowPlainHttpTo", "development-only", "setting.development-only"));
  return out;
}

function baseUrlProblems(setting: string, value: string, credentialSettings: { id: string; secret: string }, allowPlainHttpTo: readonly string[]): SettingProblem[] {
  if (value === "stage" || value === "production") return [];
  const out = urlProblems(setting, value, allowPlainHttpTo, {
    credentials: problem(setting, "credentials", "setting.credentials", credentialSettings),
    https: problem(setting, "https", "setting.https-credentials"),
  });
  if (URL.canParse(value) && isApiPathCopied(value)) out.push(problem(setting, "path", "setting.api-path"));
  return out;
}

/**
 * The clients append /api/v1/… to a base URL: one copied from Svea's documentation with its /api/v1 would send every
 * call to /api/v1/api/v1/orders, each answered 404, wherever it points. A path of just /api is that slip only on
 * Svea's own hosts (whose API lies at the root); a shop's own gateway may well be mounted at …/api
 * (https://gateway.shop.example/svea/api forwarding to Svea), and is taken as given.
 */
function isApiPathCopied(value: string): boolean {
  const { pathname } = new URL(value);
  return API_V1_PATH.test(pathname) || (BARE_API_PATH.test(pathname) && isSveasOwn(value));
}

const API_V1_PATH = /\/api\/v1\/*$/i;
const BARE_API_PATH = /^\/api\/*$/i;

/**
 * The rules every settings URL keeps, each a problem naming the setting and never the URL: readable by a URL parser
 * (the schema's uri format passes a port of 99999 or an IPv4 part of 256, on which `new URL` throws an error quoting the
 * URL), no credentials, no query or fragment (not even an empty one: paths are appended to the URL as written), and no
 * plain http to another machine. `refused` holds the credentials and https problems in the setting's own words.
 */
function urlProblems(setting: string, value: string, allowPlainHttpTo: readonly string[], refused: { credentials: SettingProblem; https: SettingProblem }): SettingProblem[] {
  if (!URL.canParse(value)) return [problem(setting, "url", "setting.url")];
  const url = new URL(value);
  const out: SettingProblem[] = [];
  if (url.username || url.password) out.push(refused.credentials);
  if (/[?#]/.test(value)) out.push(problem(setting, "query", "setting.query"));
  if (isPlainHttpOffMachine(url, allowPlainHttpTo)) out.push(refused.https);
  return out;
}

/**
 * callbackKey must look random: "a"×32 passes the schema's length and lets anyone forge callbacks. previousCallbackKey
 * is not judged, so a shop can rotate away from a weak key without breaking the links issued under it.
 */
function keyProblems(s: PluginSettingsInput): SettingProblem[] {
  const out: SettingProblem[] = [];
  if (s.previousCallbackKey !== undefined && s.previousCallbackKey === s.callbackKey) out.push(problem("previousCallbackKey", "different", "setting.different"));
  if (isPlainlyNotRandom(s.callbackKey)) out.push(problem("callbackKey", "randomness", "setting.randomness"));
  return out;
}

/** A connection string pg cannot read fails activation naming the setting, never quoting it: it holds the password. */
function postgresProblems(s: PluginSettingsInput): SettingProblem[] {
  if (s.postgres === undefined || isReadableConnectionString(s.postgres.connectionString)) return [];
  return [problem("postgres.connectionString", "url", "setting.connection-string")];
}

/** Svea's limit on callbackUri (the create-order request schema's maxLength). */
const CALLBACK_URI_MAX = sveaInstoreSchemas.createOrderRequest.properties.callbackUri.maxLength;

/**
 * Every link's callbackUri is publicBaseUrl + /callback/<merchantOrderNumber>/<token>. A base URL that leaves no room
 * for the longest one would pass activation and then have every Instore save refused (order-invalid callbackUri); one
 * with a query or fragment would put the callback path (and its token) there, out of the route's reach and into logs.
 */
function publicBaseUrlProblems(s: PluginSettingsInput, allowPlainHttpTo: readonly string[]): SettingProblem[] {
  const out = urlProblems("publicBaseUrl", s.publicBaseUrl, allowPlainHttpTo, {
    // Every callback URL is sent to Svea, and kept and shown there.
    credentials: problem("publicBaseUrl", "credentials", "setting.credentials-callbacks"),
    // A callback's URL holds its token: over plain http across a network anyone on the path could replay it.
    https: problem("publicBaseUrl", "https", "setting.https-callbacks"),
  });
  const base = withoutTrailingSlash(s.publicBaseUrl);
  const longest = longestCallbackUrlLength(base, MERCHANT_ORDER_NUMBER_MAX);
  if (longest <= CALLBACK_URI_MAX) return out;
  const room = CALLBACK_URI_MAX - (longest - base.length);
  return [
    ...out,
    problem("publicBaseUrl", "maxLength", "setting.callback-url-too-long", {
      length: base.length,
      room,
      orderNumberMax: MERCHANT_ORDER_NUMBER_MAX,
      callbackUriMax: CALLBACK_URI_MAX,
    }),
  ];
}

function resolveSchedules(s: PluginSettingsInput, problems: SettingProblem[]): Record<ScheduleName, ScheduleSetting> {
  const out = {} as Record<ScheduleName, ScheduleSetting>;
  for (const name of SCHEDULE_NAMES) {
    const given = s.schedules?.[name];
    const fallback = SETTING_DEFAULTS.schedules[name];
    const schedule = { cron: given?.cron ?? fallback.cron, timeZone: given?.timeZone ?? fallback.timeZone };
    if (!cron.validate(schedule.cron))
      problems.push(problem(`schedules.${name}.cron`, "cron", "setting.cron", { value: schedule.cron }));
    if (!isTimeZone(schedule.timeZone))
      problems.push(problem(`schedules.${name}.timeZone`, "timeZone", "setting.time-zone", { value: schedule.timeZone }));
    out[name] = schedule;
  }
  return out;
}
