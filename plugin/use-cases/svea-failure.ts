// Turns an error from the Svea client into what the plugin records: why a link failed and whether it may exist at Svea.
import type { LinkReason } from "../store/index.js";

export interface SveaFailure {
  reason: Extract<LinkReason, "timeout" | "svea-unavailable" | "svea-rejected" | "svea-unauthorized">;
  /** The request may have been carried out at Svea although no answer arrived. */
  mayHaveReachedSvea: boolean;
  /** What went wrong, in English (kept with the link). Never holds secrets: the client redacts. */
  detail: string | null;
  /** The same for the clerk, per locale. */
  localized: { sv: string; en: string } | null;
  notFound: boolean;
  code: string;
}

interface ClientErrorShape {
  code?: unknown;
  cause?: unknown;
  outcomeUnknown?: unknown;
  sentToSvea?: unknown;
  userMessage?: (locale: "sv" | "en") => string;
}

/**
 * Reads the Svea client's typed errors by their `code` (see plugin/svea-client/svea-instore-errors.ts), so any
 * SveaInstoreClient implementation (the HTTP client, test fakes) can report failures the same way. Anything
 * unrecognised is treated as "may have reached Svea": the safe assumption for money.
 */
export function classifySveaFailure(error: unknown): SveaFailure {
  const e = (typeof error === "object" && error !== null ? error : {}) as ClientErrorShape;
  const code = typeof e.code === "string" ? e.code : "unknown";
  const localized = typeof e.userMessage === "function" ? { sv: e.userMessage("sv"), en: e.userMessage("en") } : null;
  const detail = localized?.en ?? (error instanceof Error ? error.message : null);
  // A refusal after a retry whose earlier attempt may have landed (the client marks it so) proves nothing either.
  const earlierMayHaveLanded = e.outcomeUnknown === true;
  switch (code) {
    case "validation":
      return { reason: "svea-rejected", mayHaveReachedSvea: earlierMayHaveLanded, detail, localized, notFound: false, code };
    case "auth":
      return { reason: "svea-unauthorized", mayHaveReachedSvea: false, detail, localized, notFound: false, code };
    case "duplicate-order":
      // Svea holds another order under this merchantOrderNumber (a first attempt's 409; the client recovers its own
      // retries' 409 by reading the status). Nothing of ours was created; it is no outage.
      return { reason: "svea-rejected", mayHaveReachedSvea: false, detail, localized, notFound: false, code };
    case "not-found":
      return { reason: "svea-rejected", mayHaveReachedSvea: earlierMayHaveLanded, detail, localized, notFound: true, code };
    case "unavailable": {
      // A status read whose poll slot came after the caller's deadline ran out of time as much as an aborted one.
      const timedOut = e.cause === "timeout" || e.cause === "aborted" || e.cause === "paced-past-deadline";
      return { reason: timedOut ? "timeout" : "svea-unavailable", mayHaveReachedSvea: e.outcomeUnknown !== false, detail, localized, notFound: false, code };
    }
    case "rate-limited":
      return { reason: "svea-unavailable", mayHaveReachedSvea: earlierMayHaveLanded, detail, localized, notFound: false, code };
    default:
      return { reason: "svea-unavailable", mayHaveReachedSvea: true, detail, localized, notFound: false, code };
  }
}
