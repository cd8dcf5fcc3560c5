// The values Svea's checkout page is filled in with, from the customer card. National ids never reach a message.
import { clientRequestValidators } from "../../common/svea-instore-schemas.js";
import type { PresetValue } from "../../common/svea-instore-types.js";
import type { CustomerCard } from "../host-contract/host-contract-types.js";
import type { OrderFindings } from "./order-findings.js";

const EMAIL_MAX = 50;

/**
 * NationalId, EmailAddress, PostalCode and IsCompany, each only when the card has it.
 * IsCompany goes whenever the card says private or company, and always with a NationalId (Svea requires the pair);
 * a card with a NationalId but no customer type is sent as a private person, with a notice.
 * An e-mail address longer than 50 characters or not valid is left out with a notice.
 */
export function presetValuesOf(card: CustomerCard, findings: OrderFindings): PresetValue[] {
  const presets: PresetValue[] = [];
  const nationalId = card.nationalId?.trim();
  if (nationalId) presets.push({ attributeName: "NationalId", value: nationalId });

  const email = card.email?.trim();
  if (email) {
    const preset: PresetValue = { attributeName: "EmailAddress", value: email };
    if (email.length > EMAIL_MAX)
      findings.notice("email-omitted", "warning", "customer.email", { reason: findings.text("reason.email-too-long") });
    else if (!clientRequestValidators.presetValue(preset).ok)
      findings.notice("email-omitted", "warning", "customer.email", { reason: findings.text("reason.email-invalid") });
    else presets.push(preset);
  }

  const postalCode = card.postalCode?.trim();
  if (postalCode) presets.push({ attributeName: "PostalCode", value: postalCode });

  if (card.customerType) {
    presets.push({ attributeName: "IsCompany", value: card.customerType === "company" ? "True" : "False" });
  } else if (nationalId) {
    findings.notice("customer-type-assumed", "info", "customer.customerType");
    presets.push({ attributeName: "IsCompany", value: "False" });
  }
  return presets;
}

/** A national id for logs and support: only its last two characters, e.g. "**********34". */
export function maskNationalId(nationalId: string): string {
  const id = nationalId.trim();
  if (id.length <= 4) return "*".repeat(id.length);
  return `${"*".repeat(id.length - 2)}${id.slice(-2)}`;
}
