// Journals every Svea API request the mock answers (redacted), and logs it with its request id through pino.
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Clock } from "../common/clock.js";
import { BoundedJournal } from "./bounded-journal.js";
import type { MockSveaEnv } from "./mock-svea-env.js";
import type { RequestJournalEntry } from "./mock-svea-schemas.js";
import { redactBody, redactHeaders, redactRawHeaders, redactUrl } from "./redact.js";

export type RequestJournal = BoundedJournal<RequestJournalEntry>;

export interface JournalVariables {
  requestId: string;
  merchantId?: string;
  fault?: string;
  /** The request's JSON body as text, set once it parsed (see readJsonBody). */
  journalBody?: string;
}

interface RequestFacts {
  requestId: string;
  at: number;
  method: string;
  rawPath: string;
  merchantId: string | null;
  /** Redacted already: Node's raw [name, value, ...] list, or a finished record without Node bindings. */
  headers: string[] | Record<string, string>;
  /** JSON text. */
  body: string | undefined;
  status: number;
  latencyMs: number;
  fault: string | null;
}

/**
 * One journal entry whose formatting (time, path, headers, body) happens on first read and is then kept: under load
 * almost no entry is ever read. What it holds until then is no secret: secret headers are replaced at once, and the
 * body is kept as the JSON text the client sent, parsed and redacted when first read.
 */
class JournaledRequest implements RequestJournalEntry {
  readonly requestId: string;
  readonly method: string;
  readonly merchantId: string | null;
  readonly status: number;
  readonly latencyMs: number;
  readonly fault: string | null;
  // The facts are copied into the entry itself: one object per request for the garbage collector to keep, not two.
  #atMs: number;
  #rawPath: string;
  #rawHeaders: string[] | Record<string, string>;
  #bodyText: string | undefined;
  #at?: string;
  #path?: string;
  #headers?: Record<string, string>;
  #body?: unknown;

  constructor(facts: RequestFacts) {
    this.requestId = facts.requestId;
    this.method = facts.method;
    this.merchantId = facts.merchantId;
    this.status = facts.status;
    this.latencyMs = facts.latencyMs;
    this.fault = facts.fault;
    this.#atMs = facts.at;
    this.#rawPath = facts.rawPath;
    this.#rawHeaders = facts.headers;
    this.#bodyText = facts.body;
  }

  get at(): string {
    return (this.#at ??= new Date(this.#atMs).toISOString());
  }

  get path(): string {
    return (this.#path ??= redactUrl(this.#rawPath));
  }

  get headers(): Record<string, string> {
    const headers = this.#rawHeaders;
    return (this.#headers ??= Array.isArray(headers) ? redactHeaders(headerPairs(headers)) : headers);
  }

  get body(): unknown {
    if (this.#bodyText === undefined) return undefined;
    return (this.#body ??= redactBody(JSON.parse(this.#bodyText)));
  }

  toJSON(): RequestJournalEntry {
    const { requestId, at, method, path, merchantId, headers, body, status, latencyMs, fault } = this;
    return body === undefined ? { requestId, at, method, path, merchantId, headers, status, latencyMs, fault } : { requestId, at, method, path, merchantId, headers, body, status, latencyMs, fault };
  }
}

/** Logs every request; journals those under the Svea API when `journal` is given. */
export function requestLogging(logger: Logger, clock: Clock, journal?: RequestJournal): MiddlewareHandler<MockSveaEnv> {
  return async (c, next) => {
    const started = performance.now();
    const at = clock.now();
    await next();
    const latencyMs = Math.round(performance.now() - started);
    const logging = logger.isLevelEnabled("info");
    if (!logging && !journal) return;
    const query = c.req.url.indexOf("?");
    const rawPath = query < 0 ? c.req.path : c.req.path + c.req.url.slice(query);
    const merchantId = c.get("merchantId") ?? null;
    if (logging) logger.info({ reqId: c.get("requestId"), method: c.req.method, path: redactUrl(rawPath), status: c.res.status, latencyMs, merchantId }, "request");
    if (!journal) return;
    const incoming = c.env?.incoming;
    journal.add(
      new JournaledRequest({
        requestId: c.get("requestId"),
        at,
        method: c.req.method,
        rawPath,
        merchantId,
        // Node's raw header list needs no fetch Headers object; without Node bindings (app.request) read the Headers.
        headers: incoming ? redactRawHeaders(incoming.rawHeaders) : redactHeaders(c.req.raw.headers.entries()),
        body: c.get("journalBody"),
        status: c.res.status,
        latencyMs,
        fault: c.get("fault") ?? null,
      }),
    );
  };
}

/** Name/value pairs as a fetch Headers object lists them: lower-case names, sorted, repeated headers joined. */
function headerPairs(raw: readonly string[]): Iterable<[string, string]> {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) if (!raw[i]!.startsWith(":")) headers.append(raw[i]!, raw[i + 1]!);
  return headers.entries();
}
