// Turns an error from the Svea client into what the plugin records: why a link failed and whether it may exist at Svea.
import { t } from "../i18n/index.js";
import type { LinkReason } from "../store/index.js";

export interface SveaFailure {
  reason: Extract<LinkReason, "timeout" | "svea-unavailable" | "svea-rejected" | "svea-unauthorized" | "local-failure">;
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

/** The codes of the Svea clients' typed errors (svea-instore-errors.ts, payment-admin-errors.ts). */
const CLIENT_CODES: ReadonlySet<string> = new Set(["validation", "auth", "duplicate-order", "not-found", "unavailable", "rate-limited", "unexpected-response"]);

/** Node's codes for a connection that failed or timed out (fetch's own, and undici's, carried on `cause`). */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_SOCKET",
]);

/**
 * Reads the Svea client's typed errors by their `code` (see plugin/svea-client/svea-instore-errors.ts), so any
 * SveaInstoreClient implementation (the HTTP client, test fakes) can report failures the same way. A client error it
 * does not know, a timeout or a network failure is treated as "may have reached Svea": the safe assumption for money.
 * Anything else (a full disk, a store or host failure, a bug) is not Svea's doing: reason `local-failure`, still "may
 * have reached Svea", as such an error can follow a call Svea carried out (a create whose link could not be stored).
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
      // Credentials refused: nothing of this attempt was carried out, but an earlier one (the client marks it) may have been.
      return { reason: "svea-unauthorized", mayHaveReachedSvea: earlierMayHaveLanded, detail, localized, notFound: false, code };
    case "duplicate-order":
      // Svea holds another order under this merchantOrderNumber (a first attempt's 409: after an attempt that may have
      // landed, the client reads the status on any refusal and never lets a 409 stand). Nothing of ours was created;
      // it is no outage. A refusal that stands after such a read (a 400 naming only other fields than
      // merchantOrderNumber, whose status read said 404) is a rejection, as Svea found no order. One that says the
      // number is taken (a 409, a 400 or 422 naming merchantOrderNumber) never stands there: the earlier attempt may be
      // stored and not yet visible, so the client makes it `unavailable` with outcomeUnknown, as a read that failed,
      // and the link may exist.
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
      if (CLIENT_CODES.has(code) || isNetworkFailure(error)) return { reason: "svea-unavailable", mayHaveReachedSvea: true, detail, localized, notFound: false, code };
      if (isTimeout(error)) return { reason: "timeout", mayHaveReachedSvea: true, detail, localized, notFound: false, code };
      return localFailure(code);
  }
}

/** A failure of the plugin's own side; its detail names the error's code, never its message (a host's text may hold anything). */
function localFailure(code: string): SveaFailure {
  const localized = { sv: t("sv", "failure.local-failure"), en: t("en", "failure.local-failure") };
  return { reason: "local-failure", mayHaveReachedSvea: true, detail: code === "unknown" ? localized.en : `${localized.en} (${code})`, localized, notFound: false, code };
}

function isTimeout(error: unknown): boolean {
  const name = error instanceof Error ? error.name : undefined;
  return name === "AbortError" || name === "TimeoutError" || (error as { code?: unknown } | null)?.code === "deadline-exceeded";
}

/** A fetch that failed on the network: a code Node uses for that, on the error or its cause (fetch wraps it). */
function isNetworkFailure(error: unknown): boolean {
  // The PostgreSQL store's errors carry a connection's code too: its database is the plugin's own side.
  if (!(error instanceof Error) || error.name === "PostgresStoreError") return false;
  const codeOf = (e: unknown) => (typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined);
  const code = codeOf(error) ?? codeOf(error.cause);
  return (typeof code === "string" && NETWORK_CODES.has(code)) || (error instanceof TypeError && error.message === "fetch failed");
}
