// The card's mobile number check, remembered per number, country and locale: libphonenumber-js's parse was the
// largest single cost of building an order, and a re-saved order (or a returning customer) asks the same again.
import { BoundedMemo } from "../../common/bounded-memo.js";
import { checkMobilePhone, type MobilePhoneCheck } from "../customer-phone/index.js";
import type { Locale } from "../host-contract/host-contract-types.js";

/** Bounded: a till sees few distinct customers per minute, and the oldest answer is dropped first. */
const remembered = new BoundedMemo<MobilePhoneCheck>(2048);

/** checkMobilePhone's answer; each call gets its own notice or refusal object (they go to the host, which may change them). */
export function checkMobilePhoneRemembered(raw: string | null | undefined, countryCode: string, locale: Locale): MobilePhoneCheck {
  const check = remembered.get(`${locale}\u0000${countryCode}\u0000${raw ?? ""}`, () => checkMobilePhone(raw, countryCode, locale));
  if (!check.ok) return { ok: false, refusal: { ...check.refusal } };
  return check.notice ? { ok: true, e164: check.e164, notice: { ...check.notice } } : { ok: true, e164: check.e164 };
}
