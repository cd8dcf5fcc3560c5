// Why the reference host could not start, in Swedish and English side by side: one entry per refusal of a start-up
// check (the plugin package, the host's files, its schedules, and the variables of npm start and start-host-node).
// A text names the file, variable or option and the rule; never a secret (a key's or a database URL's value).
import type { BilingualText } from "../common/bilingual-text.js";
import { SECRET_RANDOMNESS_RULE, SECRET_RANDOMNESS_RULE_SV } from "../common/secret-randomness.js";

const REPAIR_DATA_FILE = {
  sv: "Laga filen, eller flytta undan den för att starta utan ordrar.",
  en: "Repair the file, or move it away to start with no orders.",
};

const messages = {
  "manifest-missing": { sv: "Ingen {file} i {dir}.", en: "No {file} in {dir}." },
  "manifest-not-json": { sv: "{file} är inte JSON: {detail}", en: "{file} is not JSON: {detail}" },
  "manifest-invalid": { sv: "{file} är ogiltig:", en: "{file} is invalid:" },
  "manifest-host-api-range": { sv: '{file}: hostApi "{range}" är inget semver-intervall.', en: '{file}: hostApi "{range}" is not a semver range.' },
  "manifest-entry-outside": { sv: "{file}: ingången {entry} ligger utanför paketet.", en: "{file}: entry {entry} lies outside the package." },
  "host-api-mismatch": {
    sv: "Tillägget {id} {version} kräver värd-API {range}; den här värden har {hostApi}.",
    en: "Plugin {id} {version} needs host API {range}; this host speaks {hostApi}.",
  },
  "entry-missing": {
    sv: "Ingången {entry} för tillägget {id} finns inte (är paketet byggt?).",
    en: "The entry {entry} of plugin {id} does not exist (has the package been built?).",
  },
  "entry-not-loaded": { sv: "Ingången {entry} för tillägget {id} kunde inte läsas in: {detail}", en: "The entry {entry} of plugin {id} could not be loaded: {detail}" },
  "entry-no-activate": { sv: "Ingången {entry} för tillägget {id} exporterar ingen activate-funktion.", en: "The entry {entry} of plugin {id} exports no activate function." },
  "activation-failed": { sv: "Tillägget {id} kunde inte aktiveras: {detail}", en: "Plugin {id} could not be activated: {detail}" },
  "schedule-cron": { sv: 'Schemat {name}: "{cron}" är inget giltigt cron-uttryck.', en: 'Schedule {name}: "{cron}" is not a valid cron expression.' },
  "schedule-time-zone": { sv: 'Schemat {name}: "{zone}" är ingen känd tidszon.', en: 'Schedule {name}: "{zone}" is not a known time zone.' },
  "data-file-not-json": { sv: `{file} är inte giltig JSON: {where}. ${REPAIR_DATA_FILE.sv}`, en: `{file} is not valid JSON: {where}. ${REPAIR_DATA_FILE.en}` },
  "data-file-shape": {
    sv: `{file} måste innehålla ett JSON-objekt vars orders, payments och pluginStorage är objekt. ${REPAIR_DATA_FILE.sv}`,
    en: `{file} must hold a JSON object whose orders, payments and pluginStorage are objects. ${REPAIR_DATA_FILE.en}`,
  },
  "callback-key-unreadable": { sv: "nyckelfilen för återanrop {file} kan inte läsas ({reason})", en: "the callback key file {file} cannot be read ({reason})" },
  "callback-key-unusable": {
    sv:
      "nyckelfilen för återanrop {file} {problem}. Nyckeln signerar varje återanropsadress som redan lämnats till Svea, så den byts inte ut: " +
      "återställ filen från en säkerhetskopia, eller ta bort den så att en ny nyckel skapas (länkar som skapades under den gamla nyckeln verifieras då inte längre).",
    en:
      "the callback key file {file} {problem}. The key signs every callback URL already handed to Svea, so it is not replaced: " +
      "restore the file from a backup, or delete it to have a new key made (links issued under the old key then stop verifying).",
  },
  "callback-key-empty": { sv: "är tom", en: "is empty" },
  "callback-key-characters": {
    sv: "innehåller styrtecken, radbrytningar eller byte som inte är UTF-8-text (den är skadad eller ingen nyckelfil)",
    en: "holds control characters, line breaks or bytes that are not UTF-8 text (it is damaged or not a key file)",
  },
  "callback-key-short": {
    sv: "innehåller en nyckel på {length} tecken, och minst {min} behövs (den är skadad eller ingen nyckelfil)",
    en: "holds a key of {length} characters, and at least {min} are needed (it is damaged or not a key file)",
  },
  "callback-key-not-random": {
    sv: `innehåller en nyckel som callbackKey-regeln vägrar: den ${SECRET_RANDOMNESS_RULE_SV} (den skapades inte av värden)`,
    en: `holds a key that callbackKey's rule refuses: it ${SECRET_RANDOMNESS_RULE} (it was not made by the host)`,
  },
  "variable-required": { sv: "{setting} krävs", en: "{setting} is required" },
  "allowed-hosts": {
    sv: '{setting} måste räkna upp värdnamn (namn eller namn:port, kommaseparerade), inte "{value}"',
    en: '{setting} must list host names (name or name:port, comma-separated), not "{value}"',
  },
  "database-url-not-url": {
    sv: "DATABASE_URL är ingen URL; den ska se ut som postgres://användare:lösenord@värd:port/databas",
    en: "DATABASE_URL is not a URL; it must look like postgres://user:password@host:port/database",
  },
  "database-url-scheme": { sv: "DATABASE_URL måste vara en postgres://- eller postgresql://-URL", en: "DATABASE_URL must be a postgres:// or postgresql:// URL" },
  "database-open": { sv: "kan inte öppna orderdatabasen som {settings} anger: {detail}", en: "cannot open the orders' database given by {settings}: {detail}" },
  "schedules-mode": { sv: 'HOST_SCHEDULES måste vara "cron" eller "manual", inte "{value}"', en: 'HOST_SCHEDULES must be "cron" or "manual", not "{value}"' },
  "pg-schema": {
    sv: '{setting} måste vara ett PostgreSQL-schemanamn av små bokstäver a–z, siffror och understreck som inte börjar med en siffra, högst 63 tecken, inte "{value}"',
    en: '{setting} must be a PostgreSQL schema name of lower-case letters a-z, digits and underscores not starting with a digit, at most 63 characters, not "{value}"',
  },
  "log-level": { sv: 'LOG_LEVEL måste vara en av {levels}, inte "{value}"', en: 'LOG_LEVEL must be one of {levels}, not "{value}"' },
} as const satisfies Record<string, BilingualText>;

export type StartupMessageKey = keyof typeof messages;

/** Every key, for the test that holds each language filled in. */
export const STARTUP_MESSAGE_KEYS = Object.keys(messages) as StartupMessageKey[];

/** The entry in both languages, `{name}` replaced by `params[name]` (a parameter may itself be in both languages). */
export function startupMessage(key: StartupMessageKey, params: Record<string, string | number | BilingualText> = {}): BilingualText {
  const fill = (text: string, locale: keyof BilingualText) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === "object" ? value[locale] : String(value);
    });
  return { sv: fill(messages[key].sv, "sv"), en: fill(messages[key].en, "en") };
}
