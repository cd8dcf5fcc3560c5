// The customer's mobile number: validation for the card's country and E.164 normalisation.
export { checkMobilePhone, MOBILE_PHONE_FIELD, type MobilePhoneCheck, type MobilePhoneRefusalCode } from "./mobile-phone-check.js";
