// The typed errors of the Svea Instore client: one class per way a call can fail, each with Swedish and English text.
import type { FieldError } from "../../common/json-schema-validator.js";

export type SveaErrorCode =
  | "validation"
  | "auth"
  | "not-found"
  | "duplicate-order"
  | "rate-limited"
  | "unavailable"
  | "unexpected-response";

export type SveaCallKind = "create" | "status" | "cancel" | "return";
export type Locale = "sv" | "en";
export type LocalizedMessages = Readonly<Record<Locale, string>>;

/** Where a failed call went; the path holds the order number, which is not a secret. */
export interface SveaCallContext {
  kind: SveaCallKind;
  method: string;
  path: string;
}

interface ErrorInit {
  status?: number;
  retryable: boolean;
  messages: LocalizedMessages;
  call?: SveaCallContext;
  /** A short excerpt of the response body with every secret redacted. */
  excerpt?: string;
}

/**
 * The base of every client error. Nothing here ever holds a credential: texts that came from the wire are
 * redacted before they reach an error (see redact-secrets.ts).
 */
export abstract class SveaInstoreError extends Error {
  abstract readonly code: SveaErrorCode;
  readonly status?: number;
  /** True when the same call may safely be tried again later. */
  readonly retryable: boolean;
  /** What a clerk may be shown, per locale. */
  readonly messages: LocalizedMessages;
  readonly call?: SveaCallContext;
  readonly excerpt?: string;

  protected constructor(message: string, init: ErrorInit) {
    super(message);
    this.status = init.status;
    this.retryable = init.retryable;
    this.messages = init.messages;
    this.call = init.call;
    this.excerpt = init.excerpt;
  }

  userMessage(locale: Locale = "sv"): string {
    return this.messages[locale];
  }

  toJSON(): Record<string, unknown> {
    const { stack: _stack, ...own } = { ...this } as Record<string, unknown>;
    return { name: this.name, message: this.message, ...own };
  }
}

const where = (call: SveaCallContext | undefined) => (call ? ` (${call.method} ${call.path})` : "");

function summarize(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 5).map((e) => `${e.path || "(body)"}: ${e.rule === "svea" ? e.message : `${e.rule}, ${e.message}`}`);
  if (errors.length > 5) shown.push(`+${errors.length - 5}`);
  return shown.join("; ");
}

/** The request breaks a rule: refused by the client before sending (`sentToSvea` false), or by Svea with 400. */
export class SveaValidationError extends SveaInstoreError {
  override readonly name = "SveaValidationError";
  readonly code = "validation" as const;
  readonly fieldErrors: readonly FieldError[];
  readonly sentToSvea: boolean;

  constructor(fieldErrors: readonly FieldError[], options: { sentToSvea: boolean; call?: SveaCallContext; excerpt?: string }) {
    const fields = summarize(fieldErrors);
    const sv = options.sentToSvea ? `Svea godtog inte uppgifterna: ${fields || "okänt fel"}.` : `Uppgifterna har fel och skickades inte till Svea: ${fields}.`;
    const en = options.sentToSvea ? `Svea did not accept the request: ${fields || "no details given"}.` : `The request has errors and was not sent to Svea: ${fields}.`;
    super(`${options.sentToSvea ? "Svea Instore answered 400" : "refused before sending"}${where(options.call)}: ${fields || "no field errors given"}`, {
      status: options.sentToSvea ? 400 : undefined,
      retryable: false,
      messages: { sv, en },
      call: options.call,
      excerpt: options.excerpt,
    });
    this.fieldErrors = fieldErrors;
    this.sentToSvea = options.sentToSvea;
  }
}

/**
 * Svea refused the credentials (401): an operator must fix the settings. `outcomeUnknown`: a create refused so after
 * an attempt of it that may have landed (Svea's auth can flap, or the password was rotated in between): that attempt
 * is still unknown, as a throttle's would be, and the refusal cannot say whether Svea holds the link.
 */
export class SveaAuthError extends SveaInstoreError {
  override readonly name = "SveaAuthError";
  readonly code = "auth" as const;
  readonly outcomeUnknown: boolean;
  constructor(call?: SveaCallContext, options: { outcomeUnknown?: boolean } = {}) {
    const outcomeUnknown = options.outcomeUnknown === true;
    const after = outcomeUnknown
      ? { sv: " Ett tidigare försök kan redan ha gått igenom; det kan Svea bekräfta först när inloggningen godkänns.", en: " An earlier attempt may already have gone through; Svea can confirm it only once the credentials are accepted." }
      : { sv: "", en: "" };
    super(`Svea Instore refused the credentials (401)${outcomeUnknown ? " after an attempt that may have landed" : ""}${where(call)}`, {
      status: 401,
      retryable: false,
      call,
      messages: {
        sv: "Svea Instore godkände inte inloggningsuppgifterna (merchant-id och lösenord). Kontrollera inställningarna för betalsättet Svea Instore." + after.sv,
        en: "Svea Instore refused the credentials (merchant id and password). Check the settings of the Svea Instore payment method." + after.en,
      },
    });
    this.outcomeUnknown = outcomeUnknown;
  }
}

export class SveaNotFoundError extends SveaInstoreError {
  override readonly name = "SveaNotFoundError";
  readonly code = "not-found" as const;
  constructor(call?: SveaCallContext) {
    super(`Svea Instore does not know this order (404)${where(call)}`, {
      status: 404,
      retryable: false,
      call,
      messages: { sv: "Ordern finns inte hos Svea Instore.", en: "Svea Instore does not know this order." },
    });
  }
}

export class SveaDuplicateOrderError extends SveaInstoreError {
  override readonly name = "SveaDuplicateOrderError";
  readonly code = "duplicate-order" as const;
  constructor(call?: SveaCallContext, excerpt?: string) {
    super(`Svea Instore already has an order with this merchantOrderNumber (409)${where(call)}`, {
      status: 409,
      retryable: false,
      call,
      excerpt,
      messages: {
        sv: "Ordernumret har redan använts hos Svea Instore. En ny betallänk behöver ett nytt ordernummer.",
        en: "This order number has already been used at Svea Instore. A new payment link needs a new order number.",
      },
    });
  }
}

/** Svea answers 403 when an order's status is polled more often than every 5 seconds. */
export class SveaRateLimitedError extends SveaInstoreError {
  override readonly name = "SveaRateLimitedError";
  readonly code = "rate-limited" as const;
  constructor(status: number, call?: SveaCallContext) {
    // Svea documents 403 only for polling too fast; elsewhere it may also be a refusal of the account.
    const polling = call === undefined || call.kind === "status" || call.kind === "cancel";
    super(`Svea Instore refused the request as too frequent (${status})${where(call)}`, {
      status,
      retryable: true,
      call,
      messages: polling
        ? {
            sv: "Svea Instore ber oss vänta: en orders status får hämtas högst var femte sekund. Försök igen om en stund.",
            en: "Svea Instore asked us to slow down: an order's status may be read at most every five seconds. Try again shortly.",
          }
        : {
            sv: "Svea Instore avvisade anropet (för många anrop eller saknad behörighet). Försök igen om en stund; kvarstår felet, kontakta Svea.",
            en: "Svea Instore refused the call (too many calls, or the account lacks permission). Try again shortly; if it persists, contact Svea.",
          },
    });
  }
}

export type UnavailableCause = "server-error" | "network" | "timeout" | "aborted" | "paced-past-deadline" | "outcome-unconfirmed";

const UNAVAILABLE_TEXT: Record<UnavailableCause, LocalizedMessages> = {
  "server-error": { sv: "Svea Instore har ett tillfälligt fel.", en: "Svea Instore has a temporary fault." },
  network: { sv: "Det gick inte att nå Svea Instore.", en: "Svea Instore could not be reached." },
  timeout: { sv: "Svea Instore svarade inte i tid.", en: "Svea Instore did not answer in time." },
  aborted: { sv: "Anropet till Svea Instore avbröts.", en: "The call to Svea Instore was aborted." },
  // Svea answers 403 to status reads of one order closer than its gap; the read due after the deadline was not sent.
  "paced-past-deadline": {
    sv: "Svea Instore tillåter bara en statusläsning med några sekunders mellanrum per order, och nästa lediga tid kom efter tidsgränsen. Inget skickades.",
    en: "Svea Instore allows only one status read every few seconds per order, and the next free time came after the deadline. Nothing was sent.",
  },
  // A create refused after an earlier attempt of it may have landed, whose status read could not tell (see createOrder).
  "outcome-unconfirmed": {
    sv: "Svea Instore avvisade anropet, men ett tidigare försök kan redan ha gått igenom, och Svea kunde inte bekräfta om det gjorde det.",
    en: "Svea Instore refused the request, but an earlier attempt may already have gone through, and Svea could not confirm whether it did.",
  },
};

/** Svea could not be reached or answered 5xx. `outcomeUnknown`: the request may have been carried out all the same. */
export class SveaUnavailableError extends SveaInstoreError {
  override readonly name = "SveaUnavailableError";
  readonly code = "unavailable" as const;
  override readonly cause: UnavailableCause;
  readonly outcomeUnknown: boolean;

  constructor(cause: UnavailableCause, options: { status?: number; call?: SveaCallContext; outcomeUnknown: boolean; retryable?: boolean; excerpt?: string }) {
    const text = UNAVAILABLE_TEXT[cause];
    // A return whose outcome is unknown must not be repeated blindly: it could credit the customer twice.
    const unsafe = options.outcomeUnknown && options.call?.kind === "return";
    const retryable = options.retryable ?? !unsafe;
    const after = unsafe
      ? { sv: " Det är okänt om returen registrerades; kontrollera ordern i Sveas Payment Admin innan du försöker igen.", en: " It is unknown whether the return was registered; check the order in Svea's Payment Admin before trying again." }
      : { sv: " Försök igen om en stund.", en: " Try again in a while." };
    super(`Svea Instore unavailable: ${cause}${options.status ? ` (${options.status})` : ""}${where(options.call)}`, {
      status: options.status,
      retryable,
      call: options.call,
      excerpt: options.excerpt,
      messages: { sv: text.sv + after.sv, en: text.en + after.en },
    });
    this.cause = cause;
    this.outcomeUnknown = options.outcomeUnknown;
  }
}

/** Svea answered something the client cannot trust: not JSON, the wrong shape, an unknown status, another order. */
export class SveaUnexpectedResponseError extends SveaInstoreError {
  override readonly name = "SveaUnexpectedResponseError";
  readonly code = "unexpected-response" as const;
  readonly fieldErrors: readonly FieldError[];

  constructor(reason: string, options: { status?: number; call?: SveaCallContext; excerpt?: string; fieldErrors?: readonly FieldError[] }) {
    const fields = summarize(options.fieldErrors ?? []);
    super(`Svea Instore answered unexpectedly${options.status ? ` (${options.status})` : ""}${where(options.call)}: ${reason}${fields ? ` [${fields}]` : ""}`, {
      status: options.status,
      retryable: false,
      call: options.call,
      excerpt: options.excerpt,
      messages: {
        sv: "Svea Instore svarade på ett oväntat sätt. Kontrollera ordern hos Svea innan du försöker igen.",
        en: "Svea Instore answered in an unexpected way. Check the order at Svea before trying again.",
      },
    });
    this.fieldErrors = options.fieldErrors ?? [];
  }
}

export const isSveaInstoreError = (e: unknown): e is SveaInstoreError => e instanceof SveaInstoreError;
