// Instants as the clerk pages show them: the shop's wall clock to the minute, with the zone's name, e.g. "2026-12-02 07:15 CET".

/** The clerk pages' time zone when the host is given none: a Swedish shop's. */
export const DEFAULT_CLERK_TIME_ZONE = "Europe/Stockholm";

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One form in both languages, so an instant reads the same on the Swedish and the English page: the date year first
 * (never "12/02/2026", which an English reader takes as 12 February and a Swede as 12 December), a 24-hour clock, and
 * the zone as Swedish names it: "CET" in winter, "CEST" in summer, so the clerk sees which clock; a zone without a
 * common abbreviation shows its offset ("GMT−5"). `timeZone` is an IANA zone, checked when the host starts.
 */
export function formatInstant(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}
