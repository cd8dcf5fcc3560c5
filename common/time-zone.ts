// IANA time zones as Intl knows them: one check for every setting that names a zone (schedules, the clerk pages' clock).
import type { ProblemLocale } from "./field-problem-text.js";

/** Whether Intl knows the zone ("Europe/Stockholm", "UTC"); a misspelt or empty name is not one. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a setting's zone, naming the setting (an option or an environment variable) and the form it takes. */
export function timeZoneProblem(setting: string, zone: string, locale: ProblemLocale = "en"): string {
  const value = zone.slice(0, 100);
  return locale === "sv"
    ? `${setting} måste vara en IANA-tidszon, t.ex. Europe/Stockholm, inte "${value}"`
    : `${setting} must be an IANA time zone such as Europe/Stockholm, not "${value}"`;
}
