// Whether libphonenumber-js finds a mobile number possible for a country, remembered for the numbers seen recently.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, boolean>();

/**
 * Parsing a number costs more than the rest of a create together, and shops send the same few numbers again and
 * again; the answer depends only on number and country, so it is kept (a bounded map, oldest forgotten first).
 */
export function isPossiblePhoneNumber(number: string, countryCode: string): boolean {
  const key = `${countryCode}\u0000${number}`;
  let possible = remembered.get(key);
  if (possible === undefined) {
    possible = parsePhoneNumberFromString(number, countryCode as CountryCode)?.isPossible() ?? false;
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, possible);
  }
  return possible;
}
