// The typed errors of the Payment Admin client: one class, a code per way a call can fail, Swedish and English text.
// The codes are the Instore client's, so the plugin's classifySveaFailure reads both clients' errors the same way.
import type { FieldError } from "../../common/json-schema-validator.js";

export type PaymentAdminErrorCode = "validation" | "auth" | "not-found" | "rate-limited" | "unavailable" | "unexpected-response";
export type PaymentAdminCallKind = "read" | "deliver" | "cancel" | "credit";
export type PaymentAdminUnavailableCause = "server-error" | "network" | "timeout" | "aborted";

interface Texts {
  sv: string;
  en: string;
}

const TEXT: Record<PaymentAdminErrorCode, Texts> = {
  validation: { sv: "Sveas Payment Admin godtog inte anropet", en: "Svea's Payment Admin did not accept the request" },
  auth: {
    sv: "Sveas Payment Admin godkände inte inloggningsuppgifterna (Payment Admin merchant-id och hemlighet). Kontrollera inställningarna.",
    en: "Svea's Payment Admin refused the credentials (Payment Admin merchant id and secret). Check the settings.",
  },
  "not-found": { sv: "Ordern finns inte i Sveas Payment Admin.", en: "Svea's Payment Admin does not know this order." },
  "rate-limited": { sv: "Sveas Payment Admin avvisade anropet. Försök igen om en stund.", en: "Svea's Payment Admin refused the call. Try again shortly." },
  unavailable: { sv: "Sveas Payment Admin gick inte att nå eller svarade inte i tid.", en: "Svea's Payment Admin could not be reached or did not answer in time." },
  "unexpected-response": {
    sv: "Sveas Payment Admin svarade på ett oväntat sätt. Kontrollera ordern i Payment Admin innan du försöker igen.",
    en: "Svea's Payment Admin answered in an unexpected way. Check the order in Payment Admin before trying again.",
  },
};

const UNKNOWN_OUTCOME: Texts = {
  sv: " Det är okänt om ändringen gjordes; kontrollera ordern i Sveas Payment Admin innan du försöker igen.",
  en: " It is unknown whether the change was made; check the order in Svea's Payment Admin before trying again.",
};

/** Every Payment Admin client failure. Nothing here holds a credential: wire text is redacted before it gets here. */
export class PaymentAdminError extends Error {
  override readonly name = "PaymentAdminError";
  readonly status?: number;
  readonly retryable: boolean;
  /** The change may have been made at Svea although no answer arrived. */
  readonly outcomeUnknown: boolean;
  readonly fieldErrors: readonly FieldError[];
  override readonly cause?: PaymentAdminUnavailableCause;
  private readonly texts: Texts;

  constructor(
    readonly code: PaymentAdminErrorCode,
    readonly call: { kind: PaymentAdminCallKind; method: string; path: string },
    options: { status?: number; cause?: PaymentAdminUnavailableCause; outcomeUnknown?: boolean; fieldErrors?: readonly FieldError[]; detail?: string } = {},
  ) {
    const fields = (options.fieldErrors ?? []).map((e) => `${e.path || "(body)"}: ${e.message}`).join("; ");
    super(`Svea Payment Admin ${code}${options.status ? ` (${options.status})` : ""} (${call.method} ${call.path})${fields ? `: ${fields}` : options.detail ? `: ${options.detail}` : ""}`);
    this.status = options.status;
    this.cause = options.cause;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.fieldErrors = options.fieldErrors ?? [];
    this.retryable = (code === "unavailable" || code === "rate-limited") && !this.outcomeUnknown;
    const base = TEXT[code];
    const detail = code === "validation" && fields ? { sv: `: ${fields}.`, en: `: ${fields}.` } : code === "validation" ? { sv: ".", en: "." } : { sv: "", en: "" };
    const after = this.outcomeUnknown && call.kind !== "read" ? UNKNOWN_OUTCOME : { sv: "", en: "" };
    this.texts = { sv: base.sv + detail.sv + after.sv, en: base.en + detail.en + after.en };
  }

  userMessage(locale: "sv" | "en" = "sv"): string {
    return this.texts[locale];
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, status: this.status, call: this.call, outcomeUnknown: this.outcomeUnknown };
  }
}
