// Looks up a message in the clerk's language and fills in its {placeholders}.
import type { Locale } from "../host-contract/host-contract-types.js";
import { messageCatalog } from "./message-catalog.js";

export type MessageKey = keyof typeof messageCatalog;

export const messageKeys: readonly MessageKey[] = Object.freeze(Object.keys(messageCatalog) as MessageKey[]);

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
/** `{count:rad|rader}`: the first form where the number `count` takes the singular ("one"), else the second. */
const PLURAL = /\{([A-Za-z][A-Za-z0-9]*):([^{}|]*)\|([^{}|]*)\}/g;

const pluralRules = { sv: new Intl.PluralRules("sv"), en: new Intl.PluralRules("en") } satisfies Record<Locale, Intl.PluralRules>;

/** The placeholder names a message uses, plural forms included, sorted, e.g. ["from", "to"]. */
export function placeholdersOf(message: string): string[] {
  const names = [...message.matchAll(PLACEHOLDER), ...message.matchAll(PLURAL)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

/**
 * The message for `key` in `locale`. A placeholder without a parameter stays visible as {name} rather than
 * vanishing, so a forgotten parameter shows up in tests instead of producing a misleading sentence. A number's noun
 * agrees with it through `{name:singular|plural}` ("1 rad", "2 rader").
 */
export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const entry = messageCatalog[key];
  const template = locale === "en" ? entry.en : entry.sv;
  if (!params) return template;
  return template
    .replace(PLURAL, (whole, name: string, one: string, other: string) => {
      if (!Object.hasOwn(params, name)) return whole;
      return pluralRules[locale === "en" ? "en" : "sv"].select(Number(params[name])) === "one" ? one : other;
    })
    .replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
