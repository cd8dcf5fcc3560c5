// The clerk's locale for each request: ?locale= first, then Accept-Language, then the host's default.
import type { MiddlewareHandler } from "hono";
import { languageDetector } from "hono/language";
import type { Locale } from "../plugin/host-contract/host-contract-types.js";

export const supportedLocales: readonly Locale[] = ["sv", "en"];

export function clerkLocaleMiddleware(fallback: Locale): MiddlewareHandler {
  return languageDetector({
    order: ["querystring", "header"],
    lookupQueryString: "locale",
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: fallback,
    caches: false,
  });
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (supportedLocales as readonly string[]).includes(value);
}
