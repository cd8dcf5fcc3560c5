// The clerk pages' clock: the shop's local time with its zone's name, right on both sides of each daylight-saving change.
import { describe, expect, it } from "vitest";
import { isTimeZone } from "../../common/time-zone.js";
import { DEFAULT_CLERK_TIME_ZONE, formatInstant } from "../../host/ui/format-instant.js";

const stockholm = (ms: number) => formatInstant(ms, DEFAULT_CLERK_TIME_ZONE);

describe("formatInstant", () => {
  it("shows a Swedish shop's winter time as CET and its summer time as CEST, not UTC", () => {
    expect(DEFAULT_CLERK_TIME_ZONE).toBe("Europe/Stockholm");
    expect(stockholm(Date.UTC(2026, 11, 2, 6, 15))).toBe("2026-12-02 07:15 CET");
    expect(stockholm(Date.UTC(2026, 6, 2, 6, 15))).toBe("2026-07-02 08:15 CEST");
  });

  it("moves to summer time on the last Sunday of March at 01:00 UTC: the minute before is 01:59 CET, the minute at it 03:00 CEST", () => {
    expect(stockholm(Date.UTC(2026, 2, 29, 0, 59))).toBe("2026-03-29 01:59 CET");
    expect(stockholm(Date.UTC(2026, 2, 29, 1, 0))).toBe("2026-03-29 03:00 CEST");
  });

  it("tells the two 02:30s of the October night apart by their zone's name", () => {
    expect(stockholm(Date.UTC(2026, 9, 25, 0, 30))).toBe("2026-10-25 02:30 CEST");
    expect(stockholm(Date.UTC(2026, 9, 25, 1, 30))).toBe("2026-10-25 02:30 CET");
  });

  it("writes another zone's time on its own clock, with its offset where Swedish has no abbreviation for it", () => {
    expect(formatInstant(Date.UTC(2026, 11, 2, 6, 15), "UTC")).toBe("2026-12-02 06:15 UTC");
    expect(formatInstant(Date.UTC(2026, 11, 2, 6, 15), "America/New_York")).toBe("2026-12-02 01:15 GMT−5");
    expect(formatInstant(Date.UTC(2026, 11, 2, 23, 30), "Europe/Helsinki")).toBe("2026-12-03 01:30 EET");
  });

  it("uses a 24-hour clock: midnight is 00, never 24", () => {
    expect(stockholm(Date.UTC(2026, 11, 1, 23, 5))).toBe("2026-12-02 00:05 CET");
  });
});

describe("isTimeZone", () => {
  it("knows IANA zones and refuses a misspelt or empty name", () => {
    expect(isTimeZone("Europe/Stockholm")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Stokholm")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
