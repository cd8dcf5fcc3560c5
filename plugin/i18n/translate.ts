// Looks up a message in the clerk's language and fills in its {placeholders}.
import type { Locale } from "../host-contract/host-contract-types.js";
import { messageCatalog } from "./message-catalog.js";

export type MessageKey = keyof typeof messageCatalog;

export const messageKeys: readonly MessageKey[] = Object.freeze(Object.keys(messageCatalog) as MessageKey[]);

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names a message uses, sorted, e.g. ["from", "to"]. */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/**
 * The message for `key` in `locale`. A placeholder without a parameter stays visible as {name} rather than
 * vanishing, so a forgotten parameter shows up in tests instead of producing a misleading sentence.
 */
export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const entry = messageCatalog[key];
  const template = locale === "en" ? entry.en : entry.sv;
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
