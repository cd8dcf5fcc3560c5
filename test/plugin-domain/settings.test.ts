// Settings: defaults, the Svea base URL, account configuration, and errors that name the setting but never a secret.
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { callbackUrl } from "../../plugin/callback/callback-token.js";
import { resolveSettings, SettingsError } from "../../plugin/settings/index.js";
import { MERCHANT_ORDER_NUMBER_MAX } from "../../plugin/svea-order/merchant-order-number.js";
import { RAW_SETTINGS } from "./test-settings.js";
import { SETTING_DEFAULTS, type ScheduleName } from "../../plugin/settings/resolved-settings.js";
import { schema as settingsSchema } from "../../schemas/generated/plugin/settings.js";
import manifest from "../../plugin.manifest.json" with { type: "json" };

function manifestSchedule(name: string): { cron: string; timeZone: string } {
  const found = manifest.schedules.find((s) => s.name === name);
  if (!found) throw new Error(`the manifest has no schedule ${name}`);
  return found;
}

function errorsOf(raw: unknown): SettingsError {
  try {
    resolveSettings(raw);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("resolveSettings accepted the settings");
}

describe("resolveSettings", () => {
  test("applies every default", () => {
    const s = resolveSettings(RAW_SETTINGS);
    expect(s).toMatchObject({
      accountConfigured: true,
      sveaBaseUrl: "https://webpayinstoreapistage.svea.com",
      linkLifetimeMinutes: 2880,
      reissueOn: "payment-change",
      deferredDelivery: false,
      saveDeadlineSeconds: 20,
      defaultLocale: "sv",
      reconcileAfterMinutes: 30,
      sweepConcurrency: 4,
      schedules: {
        "expire-links": { cron: "0 2 * * *", timeZone: "Europe/Stockholm" },
        reconcile: { cron: "*/15 * * * *", timeZone: "Europe/Stockholm" },
      },
    });
    expect(s.confirmationUri).toBeUndefined();
  });

  test.each([
    ["stage", "https://webpayinstoreapistage.svea.com"],
    ["production", "https://webpayinstoreapi.svea.com"],
    ["http://127.0.0.1:4010/", "http://127.0.0.1:4010"],
  ])("environment %s → %s", (environment, url) => {
    expect(resolveSettings({ ...RAW_SETTINGS, environment }).sveaBaseUrl).toBe(url);
  });

  test("keeps given values and strips the trailing slash of publicBaseUrl", () => {
    const s = resolveSettings({
      ...RAW_SETTINGS,
      publicBaseUrl: "https://erp.example.se/plugins/svea-instore/",
      linkLifetimeMinutes: 60,
      reissueOn: "every-save",
      tags: ["store-7"],
      schedules: { reconcile: { cron: "*/5 * * * *", timeZone: "UTC" } },
    });
    expect(s.publicBaseUrl).toBe("https://erp.example.se/plugins/svea-instore");
    expect(s.linkLifetimeMinutes).toBe(60);
    expect(s.reissueOn).toBe("every-save");
    expect(s.tags).toEqual(["store-7"]);
    expect(s.schedules.reconcile).toEqual({ cron: "*/5 * * * *", timeZone: "UTC" });
    expect(s.schedules["expire-links"]).toEqual({ cron: "0 2 * * *", timeZone: "Europe/Stockholm" });
  });

  test("without merchantId and password the account is not configured, and that is not an error", () => {
    const { merchantId: _m, password: _p, ...rest } = RAW_SETTINGS;
    const s = resolveSettings(rest);
    expect(s.accountConfigured).toBe(false);
    expect(s.merchantId).toBeUndefined();
  });

  test("one of merchantId and password alone is an error naming the missing one", () => {
    const { password: _p, ...rest } = RAW_SETTINGS;
    expect(errorsOf(rest).errors).toEqual([
      {
        setting: "password",
        rule: "required",
        message: "password: is required when merchantId is given",
        messages: { sv: "password: krävs när merchantId är angivet", en: "password: is required when merchantId is given" },
      },
    ]);
  });

  test("an environment that is neither stage, production nor a URL is one problem, for paymentAdmin.environment too", () => {
    const e = errorsOf({ ...RAW_SETTINGS, environment: "staging", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "prod" } });
    expect(e.errors.map((x) => x.message)).toEqual([
      'environment: must be "stage", "production" or an http(s) base URL',
      'paymentAdmin.environment: must be "stage", "production" or an http(s) base URL',
    ]);
  });

  test("does not modify the host's object", () => {
    const raw = structuredClone({ ...RAW_SETTINGS, extra: 1 });
    errorsOf(raw);
    expect(raw.extra).toBe(1);
  });

  test("lists every problem, each naming its setting", () => {
    const e = errorsOf({
      ...RAW_SETTINGS,
      callbackKey: "short-secret-value",
      environment: "staging",
      linkLifetimeMinutes: 0,
      termsUri: undefined,
      colour: "blue",
    });
    expect(e.code).toBe("invalid-settings");
    const messages = e.errors.map((x) => x.message);
    expect(messages).toContain("callbackKey: must be at least 32 characters");
    expect(messages).toContain('environment: must be "stage", "production" or an http(s) base URL');
    expect(messages).toContain("linkLifetimeMinutes: must be at least 1");
    expect(messages).toContain("termsUri: is required");
    expect(messages).toContain("colour: is not a known property");
    expect(e.errors.filter((x) => x.setting === "environment")).toHaveLength(1);
    // Each also in Swedish; message is the English one.
    const swedish = e.errors.map((x) => x.messages.sv);
    expect(swedish).toContain("callbackKey: måste vara minst 32 tecken");
    expect(swedish).toContain('environment: måste vara "stage", "production" eller en basadress som börjar med http:// eller https://');
    expect(swedish).toContain("linkLifetimeMinutes: måste vara minst 1");
    expect(swedish).toContain("termsUri: saknas");
    expect(swedish).toContain("colour: är inget känt fält");
    expect(e.errors.every((x) => x.messages.en === x.message)).toBe(true);
  });

  test("web addresses must be http(s) and name a host: one Svea would refuse fails activation, not every save", () => {
    const e = errorsOf({
      ...RAW_SETTINGS,
      termsUri: "https:///villkor",
      confirmationUri: "javascript:alert(1)",
      publicBaseUrl: "https://:443/plugins/svea-instore",
      environment: "http:///127.0.0.1:4010",
    });
    expect(e.errors.filter((x) => x.rule === "pattern").map((x) => x.setting).sort()).toEqual(["confirmationUri", "publicBaseUrl", "termsUri"]);
    expect(e.errors.map((x) => x.message)).toContain('environment: must be "stage", "production" or an http(s) base URL');
    expect(e.errors.map((x) => x.message)).toContain("termsUri: must be a web address starting with http:// or https:// and naming a host, such as https://shop.example/terms");
    expect(e.errors.map((x) => x.messages.sv)).toContain(
      "termsUri: måste vara en webbadress som börjar med http:// eller https:// och har ett värdnamn, t.ex. https://butik.example/villkor",
    );
    for (const ok of ["https://shop.example/terms", "http://127.0.0.1:8080/terms?lang=sv", "https://[::1]:8443/t", "https://user@shop.example"]) {
      expect(resolveSettings({ ...RAW_SETTINGS, termsUri: ok, confirmationUri: ok }).termsUri).toBe(ok);
    }
  });

  test("a secret's value appears nowhere in the error", () => {
    const secret = "short-secret-value";
    const e = errorsOf({ ...RAW_SETTINGS, callbackKey: secret, previousCallbackKey: 42, password: "" });
    const everything = JSON.stringify({ message: e.message, errors: e.errors }) + inspect(e);
    expect(everything).not.toContain(secret);
    expect(e.errors.map((x) => x.setting).sort()).toEqual(["callbackKey", "password", "previousCallbackKey"]);
  });

  test("the previous callback key must differ from the current one", () => {
    const e = errorsOf({ ...RAW_SETTINGS, previousCallbackKey: RAW_SETTINGS.callbackKey });
    expect(e.errors[0]?.setting).toBe("previousCallbackKey");
    expect(e.message).not.toContain(RAW_SETTINGS.callbackKey);
  });

  test("a callbackKey that is plainly not random is refused, naming the setting and the rule, never the key", () => {
    const rule =
      "callbackKey: must look random: at least 64 bits estimated from how often each character occurs (its length times the Shannon entropy " +
      "of its characters, a stretch of 6 or more characters that repeats an earlier one counting for nothing; one character repeated, " +
      "a short pattern or a repeated word has far less); generate one, e.g. `openssl rand -base64 32`";
    for (const key of ["a".repeat(32), "k".repeat(40), "ab".repeat(20), `${"x".repeat(30)}abcdefgh`, "hunter2".repeat(5), "Xy7!".repeat(8)]) {
      const e = errorsOf({ ...RAW_SETTINGS, callbackKey: key });
      expect(e.errors).toEqual([{ setting: "callbackKey", rule: "randomness", message: rule, messages: { sv: expect.stringMatching(/^callbackKey: måste se slumpmässig ut: minst 64 bitar/), en: rule } }]);
      expect(JSON.stringify({ message: e.message, errors: e.errors }) + inspect(e)).not.toContain(key.slice(0, 16));
    }
    // Keys as a shop generates them pass: 32 random bytes as base64url or hex, 16 as hex (32 characters), a UUID.
    for (const key of ["9bXq2Zr0vT4yLmN8pQwE1sKd7uHc3aFj6gOiRt5eYxW", "3f9a1c7e5b2d4086af1e9c3b7d5a2f408e6c1b9d3a7f5e20c4b8d6a1f3e9c7b5", "c4e1a97f3b2d58e6f0a1b3c5d7e9f208", "0b9f5a3e-2c7d-4e18-9a6b-f31d0c8e7a42"])
      expect(resolveSettings({ ...RAW_SETTINGS, callbackKey: key }).callbackKey).toBe(key);
    // The key before a rotation is not judged: rotating away from a weak key must not break the links issued under it.
    expect(resolveSettings({ ...RAW_SETTINGS, previousCallbackKey: "a".repeat(32) }).previousCallbackKey).toBe("a".repeat(32));
    // The upgrade path: a repeated word, refused as callbackKey since the stricter rule, is kept as the previous key.
    const installed = "hunter2hunter2hunter2hunter2hunter2";
    expect(errorsOf({ ...RAW_SETTINGS, callbackKey: installed }).errors.map((x) => `${x.setting} ${x.rule}`)).toEqual(["callbackKey randomness"]);
    expect(resolveSettings({ ...RAW_SETTINGS, previousCallbackKey: installed }).previousCallbackKey).toBe(installed);
  });

  test("a schedule entry may give only its cron or only its time zone: the other is the manifest's for that schedule", () => {
    const onlyZone = resolveSettings({ ...RAW_SETTINGS, schedules: { reconcile: { timeZone: "Europe/Oslo" } } });
    expect(onlyZone.schedules.reconcile).toEqual({ cron: manifestSchedule("reconcile").cron, timeZone: "Europe/Oslo" });
    const onlyCron = resolveSettings({ ...RAW_SETTINGS, schedules: { "expire-links": { cron: "30 3 * * *" } } });
    expect(onlyCron.schedules["expire-links"]).toEqual({ cron: "30 3 * * *", timeZone: manifestSchedule("expire-links").timeZone });
    expect(resolveSettings({ ...RAW_SETTINGS, schedules: { reconcile: {} } }).schedules.reconcile).toEqual({
      cron: manifestSchedule("reconcile").cron,
      timeZone: manifestSchedule("reconcile").timeZone,
    });
  });

  test("the settings schema does not default a schedule's time zone itself (a host applying schema defaults would override the manifest)", () => {
    for (const name of ["expire-links", "reconcile"]) {
      const entry = settingsSchema.properties.schedules.properties[name as "reconcile"];
      expect(entry.properties.timeZone).not.toHaveProperty("default");
      expect(entry).not.toHaveProperty("required");
    }
  });

  test("the fallback timing of each schedule is the manifest's", () => {
    expect(Object.keys(SETTING_DEFAULTS.schedules).sort()).toEqual(manifest.schedules.map((s) => s.name).sort());
    for (const s of manifest.schedules) expect(SETTING_DEFAULTS.schedules[s.name as ScheduleName]).toEqual({ cron: s.cron, timeZone: s.timeZone });
  });

  test("an entry for a schedule the manifest does not have is refused, naming it", () => {
    expect(errorsOf({ ...RAW_SETTINGS, schedules: { nightly: { cron: "0 2 * * *" } } }).errors.map((x) => `${x.setting} ${x.rule}`)).toEqual([
      "schedules.nightly additionalProperties",
    ]);
  });

  test("cron expressions and time zones are checked, naming the schedule", () => {
    const e = errorsOf({
      ...RAW_SETTINGS,
      schedules: { "expire-links": { cron: "every night", timeZone: "Europe/Atlantis" }, reconcile: { cron: "*/15 * * * * * *" } },
    });
    expect(e.errors.map((x) => `${x.setting} ${x.rule}`).sort()).toEqual([
      "schedules.expire-links.cron cron",
      "schedules.expire-links.timeZone timeZone",
      "schedules.reconcile.cron cron",
    ]);
  });

  test("publicBaseUrl must leave room for the longest callback URL within Svea's 500-character callbackUri", () => {
    const prefix = "https://erp.example.se/";
    // 500 - "/callback/" - 32-character order number - "/" - 43-character token = 414.
    const longest = prefix + "p".repeat(414 - prefix.length);
    const s = resolveSettings({ ...RAW_SETTINGS, publicBaseUrl: `${longest}/` });
    expect(callbackUrl(s.publicBaseUrl, s.callbackKey, "A".repeat(MERCHANT_ORDER_NUMBER_MAX))).toHaveLength(500);

    const e = errorsOf({ ...RAW_SETTINGS, publicBaseUrl: `${longest}p` });
    expect(e.errors).toEqual([
      {
        setting: "publicBaseUrl",
        rule: "maxLength",
        message:
          "publicBaseUrl: is 415 characters long, but may be at most 414: the callback URLs built from it " +
          "(publicBaseUrl/callback/<order number, up to 32 characters>/<token>) must fit Svea's 500-character callbackUri limit",
        messages: {
          sv:
            "publicBaseUrl: är 415 tecken lång men får vara högst 414: återanropsadresserna som byggs av den " +
            "(publicBaseUrl/callback/<ordernummer, upp till 32 tecken>/<token>) måste rymmas inom Sveas gräns på 500 tecken för callbackUri",
          en: expect.stringMatching(/^publicBaseUrl: is 415 characters long/),
        },
      },
    ]);
  });

  test("publicBaseUrl must be https off this machine: Svea's callbacks would carry their token readable; plain http to this machine stays allowed", () => {
    for (const publicBaseUrl of ["http://erp.example.se/plugins/svea-instore", "http://10.0.0.7:4000/plugins/svea-instore", "http://shop.example"]) {
      expect(errorsOf({ ...RAW_SETTINGS, publicBaseUrl }).errors).toMatchObject([
        {
          setting: "publicBaseUrl",
          rule: "https",
          message:
            "publicBaseUrl: must be https: plain http sends Svea's callbacks, each with its callback token, unencrypted (http is allowed to this machine only: 127.0.0.1, localhost, [::1]; in development, a host named in allowPlainHttpTo)",
        },
      ]);
    }
    for (const publicBaseUrl of ["http://127.0.0.1:4000/plugins/svea-instore", "http://localhost:4000/p", "http://[::1]:4000/p", "https://erp.example.se/p"])
      expect(resolveSettings({ ...RAW_SETTINGS, publicBaseUrl }).publicBaseUrl).toBe(publicBaseUrl);
  });

  test("allowPlainHttpTo lets plain http reach the hosts it names, and no other; never with Svea's stage or production; never a wildcard", () => {
    const dev = { ...RAW_SETTINGS, environment: "http://mock-svea:4010", publicBaseUrl: "http://erp:3000/plugins/svea-instore" };
    const named = resolveSettings({ ...dev, allowPlainHttpTo: ["Mock-Svea", "erp"], paymentAdmin: { merchantId: "124842", secret: "pa-secret-1" } });
    expect([named.sveaBaseUrl, named.paymentAdmin?.baseUrl, named.publicBaseUrl, named.allowPlainHttpTo]).toEqual([
      "http://mock-svea:4010",
      "http://mock-svea:4010/payment-admin",
      "http://erp:3000/plugins/svea-instore",
      ["mock-svea", "erp"],
    ]);
    expect(resolveSettings(RAW_SETTINGS).allowPlainHttpTo).toEqual([]);
    // A host not named is refused as before; so is the named one's look-alike.
    const other = errorsOf({ ...dev, allowPlainHttpTo: ["mock-svea"], paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "http://mock-svea.evil.example/pa" } });
    expect(other.errors.map((e) => `${e.setting} ${e.rule}`).sort()).toEqual(["paymentAdmin.environment https", "publicBaseUrl https"]);
    expect(other.errors[0]!.message).toContain("in development, a host named in allowPlainHttpTo");
    const real = errorsOf({ ...RAW_SETTINGS, allowPlainHttpTo: ["erp"] });
    expect(real.errors).toMatchObject([
      {
        setting: "allowPlainHttpTo",
        rule: "development-only",
        message:
          "allowPlainHttpTo: is for development against the mock only, and is refused when environment or paymentAdmin.environment is Svea's own (stage, production, or an address under svea.com; Svea takes https only)",
      },
    ]);
    // Svea's own API under a custom address, or Payment Admin's, is as real as stage or production.
    for (const svea of [
      { environment: "https://webpayinstoreapi.svea.com/" },
      { environment: "https://WebPayInstoreApiStage.Svea.com." },
      { environment: "http://mock-svea:4010", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "production" } },
      { environment: "http://mock-svea:4010", paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: "https://paymentadminapi.svea.com" } },
    ]) {
      expect(errorsOf({ ...dev, ...svea, allowPlainHttpTo: ["mock-svea", "erp"] }).errors.map((e) => `${e.setting} ${e.rule}`)).toContain("allowPlainHttpTo development-only");
    }
    // A look-alike that is not under svea.com is no reason to refuse.
    expect(resolveSettings({ ...dev, environment: "http://notsvea.com.mock-svea", allowPlainHttpTo: ["notsvea.com.mock-svea", "erp"] }).sveaBaseUrl).toBe("http://notsvea.com.mock-svea");
    for (const entry of ["*", "", "http://mock-svea", "mock-svea:4010", "*.example"]) expect(errorsOf({ ...dev, allowPlainHttpTo: [entry] }).errors[0]?.setting).toBe("allowPlainHttpTo[0]");
  });

  test("a URL the schema's uri format passes but no URL parser reads is a problem naming its setting, never the URL", () => {
    const broken = ["https://erp.example:99999/plugins/svea-instore", "http://127.0.0.256/plugins/svea-instore"];
    for (const url of broken) {
      const e = errorsOf({ ...RAW_SETTINGS, publicBaseUrl: url, environment: url, paymentAdmin: { merchantId: "124842", secret: "pa-secret-1", environment: url } });
      expect(e.errors.map((x) => `${x.setting} ${x.rule}`).sort()).toEqual(["environment url", "paymentAdmin.environment url", "publicBaseUrl url"]);
      expect(e.errors.find((x) => x.setting === "publicBaseUrl")).toMatchObject({
        message: "publicBaseUrl: must be a web address a URL parser reads: a port from 0 to 65535, an IPv4 address with each part at most 255, a host name without characters such as % < > ^ |",
        messages: { sv: expect.stringMatching(/^publicBaseUrl: måste vara en webbadress som går att tolka/) },
      });
      expect(JSON.stringify({ message: e.message, errors: e.errors }) + inspect(e)).not.toMatch(/99999|127\.0\.0\.256/);
    }
    const withCredentials = errorsOf({ ...RAW_SETTINGS, publicBaseUrl: "https://svea-callbacks:Proxy-Pa55word@erp.example:44300000/plugins/svea-instore" });
    expect(withCredentials.errors.map((x) => `${x.setting} ${x.rule}`)).toEqual(["publicBaseUrl url"]);
    expect(JSON.stringify(withCredentials.errors) + withCredentials.message).not.toMatch(/Proxy-Pa55word|svea-callbacks/);
  });

  test("publicBaseUrl must carry no credentials: every callback URL built from it goes to Svea", () => {
    const e = errorsOf({ ...RAW_SETTINGS, publicBaseUrl: "https://svea-callbacks:Proxy-Pa55word@erp.example/plugins/svea-instore" });
    expect(e.errors).toEqual([
      {
        setting: "publicBaseUrl",
        rule: "credentials",
        message: "publicBaseUrl: must not carry credentials (user:password@); every callback URL built from it is sent to Svea",
        messages: {
          sv: "publicBaseUrl: får inte innehålla inloggningsuppgifter (användare:lösenord@); varje återanropsadress som byggs av den skickas till Svea",
          en: "publicBaseUrl: must not carry credentials (user:password@); every callback URL built from it is sent to Svea",
        },
      },
    ]);
    expect(JSON.stringify(e.errors) + e.message).not.toMatch(/Proxy-Pa55word|svea-callbacks/);
  });

  test("publicBaseUrl must have no query or fragment: the callback path would land in it, out of the route's reach", () => {
    for (const publicBaseUrl of ["https://erp.example.se/plugins/svea-instore?tenant=shop1", "https://erp.example.se/plugins/svea-instore#x", "https://erp.example.se/plugins/svea-instore?", "https://erp.example.se/p#"]) {
      expect(errorsOf({ ...RAW_SETTINGS, publicBaseUrl }).errors).toEqual([
        {
          setting: "publicBaseUrl",
          rule: "query",
          message: "publicBaseUrl: must not have a query (?…) or a fragment (#…)",
          messages: { sv: "publicBaseUrl: får inte ha en frågedel (?…) eller ett fragment (#…)", en: "publicBaseUrl: must not have a query (?…) or a fragment (#…)" },
        },
      ]);
    }
    // An empty query or fragment is one too: the base URL is used as written.
    expect(errorsOf({ ...RAW_SETTINGS, environment: "https://instore.example/?" }).errors.map((x) => `${x.setting} ${x.rule}`)).toEqual(["environment query"]);
  });

  test("settings that are no plain JSON data are a problem naming the setting, never the value", () => {
    const cases: [unknown, string][] = [
      [{ ...RAW_SETTINGS, password: () => "hunter2-from-the-vault" }, "password"],
      [{ ...RAW_SETTINGS, schedules: { reconcile: { cron: Symbol("hunter2-from-the-vault") } } }, "schedules.reconcile.cron"],
      [{ ...RAW_SETTINGS, allowPlainHttpTo: ["erp", () => "hunter2-from-the-vault"] }, "allowPlainHttpTo[1]"],
      [{ ...RAW_SETTINGS, paymentAdmin: new Proxy({ merchantId: "124842", secret: "hunter2-from-the-vault" }, {}) }, "paymentAdmin"],
      [
        {
          ...RAW_SETTINGS,
          get password(): string {
            throw new Error("the vault refused hunter2-from-the-vault");
          },
        },
        "password",
      ],
      [new Proxy({ ...RAW_SETTINGS }, {}), ""],
    ];
    for (const [raw, setting] of cases) {
      const e = errorsOf(raw);
      const name = setting || "settings";
      expect(e.errors).toEqual([
        {
          setting,
          rule: "json",
          message: `${name}: must be plain JSON data (text, numbers, true/false, lists, objects)`,
          messages: {
            sv: `${setting || "inställningarna"}: måste vara vanlig JSON-data (text, tal, true/false, listor, objekt)`,
            en: `${name}: must be plain JSON data (text, numbers, true/false, lists, objects)`,
          },
        },
      ]);
      expect(JSON.stringify({ message: e.message, errors: e.errors }) + inspect(e)).not.toContain("hunter2");
    }
  });

  test("settings nested deeper than 64 levels are a problem naming the setting and the depth rule, at any depth, never a RangeError", () => {
    // From JSON ("tags": [[[…]]]): the clone overflowed its stack at 5,000 levels, and the walk for what it refused
    // (recursive) overflowed after it, so activation failed with a raw RangeError.
    const expected = {
      setting: "tags",
      rule: "maxDepth",
      message: "tags: must not nest lists and objects deeper than 64 levels (counted from the settings themselves)",
      messages: {
        sv: "tags: får inte nästla listor och objekt djupare än 64 nivåer (räknat från inställningarna själva)",
        en: "tags: must not nest lists and objects deeper than 64 levels (counted from the settings themselves)",
      },
    };
    for (const levels of [64, 1000, 5000, 100_000]) {
      const raw = JSON.parse(`{"tags": ${"[".repeat(levels)}${"]".repeat(levels)}}`) as Record<string, unknown>;
      expect(errorsOf({ ...RAW_SETTINGS, ...raw }).errors, `${levels} levels`).toEqual([expected]);
    }
    // Deep below another setting, and beside a function (the clone refuses both): still the depth, named by the setting.
    const deepSchedules = JSON.parse(`{"reconcile": {"x": ${"[".repeat(5000)}${"]".repeat(5000)}}}`) as unknown;
    expect(errorsOf({ ...RAW_SETTINGS, password: () => "hunter2", schedules: deepSchedules }).errors.map((x) => `${x.setting} ${x.rule}`)).toEqual(["schedules maxDepth"]);
    // 63 levels inside tags (64 with the settings object) is as deep as it goes: the schema's own rule speaks.
    const deepest = JSON.parse(`{"tags": ${"[".repeat(63)}${"]".repeat(63)}}`) as Record<string, unknown>;
    expect(errorsOf({ ...RAW_SETTINGS, ...deepest }).errors.map((x) => `${x.setting} ${x.rule}`)).toEqual(["tags[0] type"]);
  });

  test("reconcileAfterMinutes has a maximum: 1e300 made reconcile's cut-off -Infinity and switched the lost-callback safety net off", () => {
    for (const reconcileAfterMinutes of [1e300, 525_601]) {
      expect(errorsOf({ ...RAW_SETTINGS, reconcileAfterMinutes }).errors).toEqual([
        {
          setting: "reconcileAfterMinutes",
          rule: "maximum",
          message: "reconcileAfterMinutes: must be at most 525600",
          messages: { sv: "reconcileAfterMinutes: får vara högst 525600", en: "reconcileAfterMinutes: must be at most 525600" },
        },
      ]);
    }
    expect(resolveSettings({ ...RAW_SETTINGS, reconcileAfterMinutes: 525_600 }).reconcileAfterMinutes).toBe(525_600);
  });

  test("every numeric setting has a maximum, and no duration's reaches past a year (timers cap at 2^31-1 ms, Date arithmetic at 8.64e15 ms)", () => {
    const numeric: [string, { maximum?: number }][] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== "object") return;
      const n = node as { type?: unknown; properties?: Record<string, unknown>; additionalProperties?: unknown; items?: unknown };
      if (n.type === "integer" || n.type === "number") numeric.push([path, n as { maximum?: number }]);
      for (const [key, child] of Object.entries(n.properties ?? {})) walk(child, path ? `${path}.${key}` : key);
      walk(n.additionalProperties, `${path}.*`);
      walk(n.items, `${path}[]`);
    };
    walk(settingsSchema, "");
    expect(numeric.length).toBeGreaterThanOrEqual(6);
    const msPer: [RegExp, number][] = [[/Minutes$/, 60_000], [/Seconds$/, 1_000], [/Ms$/, 1]];
    for (const [path, node] of numeric) {
      expect(node.maximum, path).toEqual(expect.any(Number));
      const unit = msPer.find(([suffix]) => suffix.test(path))?.[1];
      if (unit !== undefined) expect(node.maximum! * unit, path).toBeLessThanOrEqual(525_600 * 60_000);
    }
  });

  test("a callbackKey equal to previousCallbackKey is told together with its other problems", () => {
    const weak = "hunter2hunter2hunter2hunter2hunter2";
    const e = errorsOf({ ...RAW_SETTINGS, callbackKey: weak, previousCallbackKey: weak });
    expect(e.errors.map((x) => `${x.setting} ${x.rule}`)).toEqual(["previousCallbackKey different", "callbackKey randomness"]);
  });

  test("Payment Admin follows Svea's own Instore URL to Svea's matching Payment Admin, as the words stage and production do", () => {
    const paymentAdmin = { merchantId: "124842", secret: "pa-secret-1" };
    for (const [environment, expected] of [
      ["https://webpayinstoreapi.svea.com", "https://paymentadminapi.svea.com"],
      ["https://webpayinstoreapistage.svea.com/", "https://paymentadminapistage.svea.com"],
      ["https://WebPayInstoreApiStage.Svea.com.", "https://paymentadminapistage.svea.com"],
      ["production", "https://paymentadminapi.svea.com"],
      ["http://127.0.0.1:4010/", "http://127.0.0.1:4010/payment-admin"],
    ]) {
      expect(resolveSettings({ ...RAW_SETTINGS, environment, paymentAdmin }).paymentAdmin?.baseUrl).toBe(expected);
    }
    // Given its own environment, Payment Admin goes there: the same of Svea's as Instore's, or a custom URL beside either.
    expect(resolveSettings({ ...RAW_SETTINGS, environment: "https://webpayinstoreapi.svea.com", paymentAdmin: { ...paymentAdmin, environment: "production" } }).paymentAdmin?.baseUrl).toBe(
      "https://paymentadminapi.svea.com",
    );
    expect(resolveSettings({ ...RAW_SETTINGS, environment: "production", paymentAdmin: { ...paymentAdmin, environment: "https://127.0.0.1:4010/payment-admin" } }).paymentAdmin?.baseUrl).toBe(
      "https://127.0.0.1:4010/payment-admin",
    );
    expect(resolveSettings({ ...RAW_SETTINGS, environment: "http://127.0.0.1:4010", paymentAdmin: { ...paymentAdmin, environment: "production" } }).paymentAdmin?.baseUrl).toBe(
      "https://paymentadminapi.svea.com",
    );
    // Svea's other environment is refused, by word or by Svea's own address on either side.
    for (const [environment, given] of [
      ["https://webpayinstoreapi.svea.com", "stage"],
      ["stage", "https://paymentadminapi.svea.com/"],
      ["production", "https://PaymentAdminApiStage.svea.com"],
    ]) {
      expect(errorsOf({ ...RAW_SETTINGS, environment, paymentAdmin: { ...paymentAdmin, environment: given } }).errors.map((x) => `${x.setting} ${x.rule}`)).toEqual([
        "paymentAdmin.environment environment-mismatch",
      ]);
    }
    // Another address of Svea's: Payment Admin's cannot be told from it, so it must be given.
    const e = errorsOf({ ...RAW_SETTINGS, environment: "https://instore-proxy.svea.com/instore", paymentAdmin });
    expect(e.errors).toEqual([
      {
        setting: "paymentAdmin.environment",
        rule: "required",
        message:
          'paymentAdmin.environment: is required when environment is an address of Svea\'s own other than its stage or production Instore API: give "stage", "production" or Payment Admin\'s base URL',
        messages: {
          sv: 'paymentAdmin.environment: krävs när environment är en annan av Sveas egna adresser än Instore-API:ts stage eller production: ange "stage", "production" eller Payment Admins basadress',
          en: expect.stringMatching(/^paymentAdmin.environment: is required when/),
        },
      },
    ]);
    expect(resolveSettings({ ...RAW_SETTINGS, environment: "https://instore-proxy.svea.com/instore" }).paymentAdmin).toBeUndefined();
  });

  test("a non-object is refused as a whole", () => {
    expect(errorsOf("settings").errors[0]).toMatchObject({
      setting: "",
      message: "settings: must be an object",
      messages: { sv: "inställningarna: måste vara ett objekt", en: "settings: must be an object" },
    });
  });

  const PREVIOUS_KEY = "previous-key-7Hq2Wm9Zx4Lr8Tb1Nc6Ys3Dj0Pe5";
  test("logging the resolved settings shows no secret", () => {
    const s = resolveSettings({ ...RAW_SETTINGS, previousCallbackKey: PREVIOUS_KEY });
    const logged = JSON.stringify(s) + inspect(s);
    for (const secret of [RAW_SETTINGS.password, RAW_SETTINGS.callbackKey, PREVIOUS_KEY]) expect(logged).not.toContain(secret);
    expect(logged).toContain(RAW_SETTINGS.merchantId);
    expect(s.password).toBe(RAW_SETTINGS.password);
    expect(s.callbackKey).toBe(RAW_SETTINGS.callbackKey);
  });

  test("logging settings.paymentAdmin or settings.postgres alone shows no secret either", () => {
    const s = resolveSettings({
      ...RAW_SETTINGS,
      paymentAdmin: { merchantId: "124842", secret: "pa-secret-never-logged" },
      postgres: { connectionString: "postgres://plugin:pg-pass-never-logged@db.example/erp" },
    });
    for (const part of [s, s.paymentAdmin, s.postgres]) {
      const logged = JSON.stringify(part) + inspect(part) + JSON.stringify({ nested: part });
      expect(logged).not.toMatch(/pa-secret-never-logged|pg-pass-never-logged/);
      expect(logged).toContain("[redacted]");
    }
    expect(JSON.stringify(s.paymentAdmin)).toContain("124842");
    expect(JSON.stringify(s.postgres)).toContain('"poolSize":10');
    expect(s.paymentAdmin?.secret).toBe("pa-secret-never-logged");
    expect(s.postgres?.connectionString).toBe("postgres://plugin:pg-pass-never-logged@db.example/erp");
  });
});
