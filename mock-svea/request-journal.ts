// Journals every Svea API request the mock answers (redacted), and logs it with its request id through pino.
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Clock } from "../common/clock.js";
import { ByteRing, type RingField } from "./byte-ring.js";
import type { MockSveaEnv } from "./mock-svea-env.js";
import type { RequestJournalEntry } from "./mock-svea-schemas.js";
import { redactBody, redactHeaders, redactRawHeaders, redactUrl } from "./redact.js";

export interface JournalVariables {
  requestId: string;
  merchantId?: string;
  fault?: string;
  /** The request's JSON body as text, set once it parsed (see readJsonBody). */
  journalBody?: string;
}

export interface RequestFacts {
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

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The bytes a journal of `maxEntries` may fill (see ByteRing): 4 KiB an entry (a create of a few rows takes about
 * 1 KiB with its headers), at least 8 MiB, at least two of the largest body the mock accepts, at most 1 GiB. The
 * Buffer is allocated up front, but only the pages written count in resident memory.
 */
export function requestJournalBytes(maxEntries: number, bodyLimitBytes: number): number {
  return Math.min(1024 * MiB, Math.max(8 * MiB, 2 * bodyLimitBytes + 64 * KiB, maxEntries * 4 * KiB));
}

/**
 * The newest Svea API requests the mock answered: at most `maxEntries`, and fewer when they fill `maxBytes`. Kept as
 * bytes (see ByteRing), so a busy mock's journal is no garbage for the JS heap; entries are rebuilt on each read.
 * Nothing in it is secret: secret headers are replaced before it is written, the body is kept as the JSON text the
 * client sent and redacted when read.
 */
export class RequestJournal {
  private readonly ring: ByteRing;

  constructor(maxEntries = 2_000, maxBytes = requestJournalBytes(maxEntries, 1 * MiB)) {
    this.ring = new ByteRing(maxEntries, maxBytes);
  }

  add(facts: RequestFacts): void {
    if (this.ring.add(toFields(facts))) return;
    // Only a body larger than the whole journal gets here (see requestJournalBytes): the entry is kept, and says so.
    // (Headers alone never fill a journal of at least 8 MiB: Node refuses more than 16 KiB of them.)
    const note = `(${Buffer.byteLength(facts.body ?? "", "utf8")} bytes: more than the request journal's ${this.ring.maxBytes} bytes)`;
    this.ring.add(toFields({ ...facts, body: JSON.stringify(note) }));
  }

  /** Oldest first. */
  list(): RequestJournalEntry[] {
    return this.ring.records().map((fields) => new JournaledRequest(fromFields(fields)));
  }

  clear(): void {
    this.ring.clear();
  }
}

/** A request's facts as the ring's fields, in this order (fromFields reads them back). */
function toFields(f: RequestFacts): RingField[] {
  const raw = Array.isArray(f.headers);
  const headers = raw ? (f.headers as string[]) : Object.entries(f.headers).flat();
  return [f.requestId, f.at, f.method, f.rawPath, f.merchantId, raw ? 1 : 0, headers, f.body, f.status, f.latencyMs, f.fault];
}

function fromFields(x: RingField[]): RequestFacts {
  const pairs = x[6] as string[];
  let headers: string[] | Record<string, string> = pairs;
  if (x[5] === 0) {
    const record: Record<string, string> = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) record[pairs[i]!] = pairs[i + 1]!;
    headers = record;
  }
  return {
    requestId: x[0] as string,
    at: x[1] as number,
    method: x[2] as string,
    rawPath: x[3] as string,
    merchantId: x[4] as string | null,
    headers,
    body: x[7] as string | undefined,
    status: x[8] as number,
    latencyMs: x[9] as number,
    fault: x[10] as string | null,
  };
}

/**
 * One journal entry as read: time, path, headers and body are formatted and redacted when first asked for. In-process
 * readers of a long journal (the soak's judge, the multi-node run, up to a million entries) read method, path and
 * status of every entry and parse almost no body.
 */
class JournaledRequest implements RequestJournalEntry {
  readonly requestId: string;
  readonly method: string;
  readonly merchantId: string | null;
  readonly status: number;
  readonly latencyMs: number;
  readonly fault: string | null;
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

/**
 * Logs every request; journals those under the Svea API when `journal` is given. Both run after the route has answered
 * (and perhaps changed an order): a failure in either is reported and the route's answer stands, since a 500 for a
 * cancel that was carried out would tell the client it was not. The journal entry does not depend on the log line.
 */
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
    if (logging) {
      afterAnswer(logger, c.get("requestId"), "log line", () =>
        logger.info({ reqId: c.get("requestId"), method: c.req.method, path: redactUrl(rawPath), status: c.res.status, latencyMs, merchantId }, "request"),
      );
    }
    if (!journal) return;
    afterAnswer(logger, c.get("requestId"), "journal entry", () => {
      const incoming = c.env?.incoming;
      journal.add({
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
      });
    });
  };
}

/**
 * Runs one step of recording a request that has been answered, and reports its failure instead of throwing. Only the
 * error's name is logged: its message may quote the path or headers this step failed to redact. The report itself may
 * fail too (the same broken logger); then there is nobody left to tell.
 */
function afterAnswer(logger: Logger, reqId: string, what: string, step: () => void): void {
  try {
    step();
  } catch (err) {
    try {
      logger.error({ reqId, err: { name: (err as Error)?.name ?? typeof err } }, `the request's ${what} could not be written; its answer was sent as the route gave it`);
    } catch {
      // Nothing to do: the answer must stand.
    }
  }
}

/** Name/value pairs as a fetch Headers object lists them: lower-case names, sorted, repeated headers joined. */
function headerPairs(raw: readonly string[]): Iterable<[string, string]> {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) if (!raw[i]!.startsWith(":")) headers.append(raw[i]!, raw[i + 1]!);
  return headers.entries();
}
