// The remembered phone check answers as libphonenumber-js does, per number and country, on first and later calls.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { isPossiblePhoneNumber } from "../../mock-svea/phone-possibility.js";

describe("isPossiblePhoneNumber", () => {
  it("agrees with libphonenumber-js, also when asked again, and keeps countries apart", () => {
    const cases: [string, string][] = [["+46701234567", "SE"], ["0701234567", "SE"], ["0701234567", "NO"], ["123", "SE"], ["not a number", "FI"], ["+4512345678", "DK"]];
    for (let round = 0; round < 2; round++) {
      for (const [number, country] of cases) {
        const expected = parsePhoneNumberFromString(number, country as CountryCode)?.isPossible() ?? false;
        expect(isPossiblePhoneNumber(number, country), `${number} in ${country}, round ${round}`).toBe(expected);
      }
    }
    expect(isPossiblePhoneNumber("+46701234567", "SE")).toBe(true);
    expect(isPossiblePhoneNumber("123", "SE")).toBe(false);
  });
});
