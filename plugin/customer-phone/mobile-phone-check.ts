// Checks the customer card's mobile number for its country and rewrites it to E.164, the form Svea's SMS needs.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import type { Locale, Notice, Refusal } from "../host-contract/host-contract-types.js";
import { t } from "../i18n/index.js";

export const MOBILE_PHONE_FIELD = "customer.mobilePhone";

export type MobilePhoneRefusalCode = "mobile-missing" | "mobile-invalid" | "mobile-not-mobile" | "mobile-wrong-country";

export type MobilePhoneCheck =
  | { ok: true; e164: string; notice?: Notice }
  | { ok: false; refusal: Refusal & { code: MobilePhoneRefusalCode } };

// FIXED_LINE_OR_MOBILE: some plans (Denmark, for one) do not tell the two apart; such a number may receive SMS.
const SMS_CAPABLE = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

/**
 * The card's mobile number as E.164 when it is a mobile number of `countryCode`. Typed national formats,
 * spaces, dashes and a 00 prefix are accepted and rewritten, with a `phone-normalised` notice showing from → to.
 */
export function checkMobilePhone(raw: string | null | undefined, countryCode: string, locale: Locale): MobilePhoneCheck {
  const typed = (raw ?? "").trim();
  if (typed === "") return refuse("mobile-missing", locale, {});
  const country = countryCode.toUpperCase();
  const known = isSupportedCountry(country);
  const phone = parsePhoneNumberFromString(typed, known ? { defaultCountry: country as CountryCode } : {});
  if (!phone || !phone.isValid()) return refuse("mobile-invalid", locale, { phone: typed });
  if (phone.country !== country) return refuse("mobile-wrong-country", locale, { phone: typed, country });
  if (!SMS_CAPABLE.has(phone.getType() ?? "")) return refuse("mobile-not-mobile", locale, { phone: typed });
  const e164 = phone.number;
  // Surrounding blanks are not worth a notice; any change to the number itself is.
  if (e164 === typed) return { ok: true, e164 };
  return {
    ok: true,
    e164,
    notice: {
      code: "phone-normalised",
      severity: "info",
      field: MOBILE_PHONE_FIELD,
      message: t(locale, "notice.phone-normalised", { from: typed, to: e164 }),
    },
  };
}

function refuse(code: MobilePhoneRefusalCode, locale: Locale, params: Record<string, string>): MobilePhoneCheck {
  return {
    ok: false,
    refusal: { code, field: MOBILE_PHONE_FIELD, rule: "mobilePhone", message: t(locale, `refusal.${code}`, params) },
  };
}
