// Journals every Svea API request the mock answers (redacted), and logs it with its request id through pino.
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Clock } from "../common/clock.js";
import { BoundedJournal } from "./bounded-journal.js";
import type { RequestJournalEntry } from "./mock-svea-schemas.js";
import { redactBody, redactHeaders, redactUrl } from "./redact.js";

export type RequestJournal = BoundedJournal<RequestJournalEntry>;

export interface JournalVariables {
  requestId: string;
  merchantId?: string;
  fault?: string;
  journalBody?: unknown;
}

/** Logs every request; journals those under the Svea API when `journal` is given. */
export function requestLogging(logger: Logger, clock: Clock, journal?: RequestJournal): MiddlewareHandler<{ Variables: JournalVariables }> {
  return async (c, next) => {
    const started = performance.now();
    const at = new Date(clock.now()).toISOString();
    await next();
    const latencyMs = Math.round(performance.now() - started);
    const logging = logger.isLevelEnabled("info");
    if (!logging && !journal) return;
    const query = c.req.url.indexOf("?");
    const path = redactUrl(query < 0 ? c.req.path : c.req.path + c.req.url.slice(query));
    const merchantId = c.get("merchantId") ?? null;
    if (logging) logger.info({ reqId: c.get("requestId"), method: c.req.method, path, status: c.res.status, latencyMs, merchantId }, "request");
    if (!journal) return;
    const entry: RequestJournalEntry = {
      requestId: c.get("requestId"),
      at,
      method: c.req.method,
      path,
      merchantId,
      headers: redactHeaders(c.req.raw.headers.entries()),
      status: c.res.status,
      latencyMs,
      fault: c.get("fault") ?? null,
    };
    const body = c.get("journalBody");
    if (body !== undefined) entry.body = redactBody(body);
    journal.add(entry);
  };
}
