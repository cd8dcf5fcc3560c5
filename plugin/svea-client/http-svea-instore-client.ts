// The Svea Instore client over fetch: validates what it sends and receives, paces status polls, retries only where safe.
import type { FieldError, Validator } from "../../common/json-schema-validator.js";
import { checkOrderTotal } from "../../common/order-total-rule.js";
import { clientRequestValidators, responseValidators } from "../../common/svea-instore-schemas.js";
import type { CreateOrderRequest, OrderStatusResponse, ReturnRequest } from "../../common/svea-instore-types.js";
import { MAX_ANSWER_BYTES, readBoundedText } from "./bounded-answer-text.js";
import { createRedactor, safeExcerpt, type Redactor } from "./redact-secrets.js";
import { backoffDelayMs } from "./retry-backoff.js";
import { NOT_SENT_CODES, networkErrorCode, parseJson, problemFieldErrors, textReplacedWarning } from "./wire-answers.js";
import type { CallOptions, CancelResult, CreateOrderOptions, CreateOrderResult, SveaInstoreClient } from "./svea-instore-client.js";
import { resolveClientOptions, type ResolvedClientOptions, type SveaInstoreClientOptions } from "./svea-instore-client-options.js";
import {
  SveaAuthError,
  SveaDuplicateOrderError,
  SveaInstoreError,
  SveaNotFoundError,
  SveaRateLimitedError,
  SveaUnavailableError,
  SveaUnexpectedResponseError,
  SveaValidationError,
  type SveaCallContext,
  type SveaCallKind,
} from "./svea-instore-errors.js";

/** What Svea's own generated client sends. */
export const SVEA_ACCEPT_HEADER = "text/plain, application/json, text/json";

/**
 * How much further apart than the poll gap two status reads of one order are sent. Svea's 5 s gap is measured between
 * arrivals; a read sent exactly one gap after the previous one could arrive less than 5 s after it when that one
 * itself left late (a busy event loop, a slow connection).
 */
export const POLL_SLOT_MARGIN_MS = 250;


/** Builds a Svea Instore client. Throws SveaClientOptionsError at once for options that cannot work. */
export function createSveaInstoreClient(options: SveaInstoreClientOptions): SveaInstoreClient {
  return new HttpSveaInstoreClient(resolveClientOptions(options));
}

class HttpSveaInstoreClient implements SveaInstoreClient {
  private readonly authorization: string;
  private readonly secrets: readonly string[];
  private readonly redact: Redactor;
  /** A create's own redactor: the client's secrets and the callback token it sends, which Svea may echo in any form. */
  private readonly callRedactors = new WeakMap<SveaCallContext, Redactor>();

  constructor(private readonly o: ResolvedClientOptions) {
    const credentials = Buffer.from(`${o.merchantId}:${o.password}`, "utf8").toString("base64");
    this.authorization = `Basic ${credentials}`;
    this.secrets = [o.password, credentials, encodeURIComponent(o.password)];
    this.redact = createRedactor(this.secrets);
  }

  // Keeps the credentials out of console.log, util.inspect and JSON of the client itself.
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.o.baseUrl, merchantId: this.o.merchantId };
  }
  toString(): string {
    return `SveaInstoreClient(${this.o.baseUrl})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  async createOrder(request: CreateOrderRequest, options?: CreateOrderOptions): Promise<CreateOrderResult> {
    const call = this.context("create", "POST", "/api/v1/orders");
    const token = callbackTokenOf(request.callbackUri);
    if (token) this.callRedactors.set(call, createRedactor([...this.secrets, token]));
    this.refuseInvalid(call, () => errorsOf(clientRequestValidators.createOrderRequest(request)), () => checkOrderTotal(request.orderItems));
    const signal = options?.signal;
    // Set once an attempt (this call's, or an earlier create of the number) may have reached Svea: from then on a
    // refusal may be Svea's word that the number is taken, that attempt having created the order.
    let mayExist = options?.resumesEarlierCreate === true;
    const outcome = await this.retrying(
      call,
      signal,
      async (attempt) => {
        try {
          const created = await this.exchange(call, request, attempt, signal, responseValidators.createOrderResponse);
          this.expectSameOrder(call, created, request.merchantOrderNumber);
          return { created };
        } catch (e) {
          if (mayExist && mayMeanTaken(e)) return { refused: e };
          if (mayHaveReachedSvea(e)) mayExist = true;
          throw e;
        }
      },
      // A 2xx with a body we cannot read most likely created the order; the retry's refusal then leads to the status read.
      (e) => e.retryable || (e instanceof SveaUnexpectedResponseError && e.status !== undefined && e.status < 300),
      // An earlier create of this number may have landed: no failure of this call proves otherwise.
      mayExist,
    );
    // Object.assign keeps the required fields required; a spread of a FromSchema type with an index signature does not.
    if ("created" in outcome) return Object.assign({}, outcome.created, { recoveredFromDuplicate: false });
    return this.recoverCreated(request.merchantOrderNumber, outcome.refused, options);
  }

  async getOrderStatus(merchantOrderNumber: string, options?: CallOptions): Promise<OrderStatusResponse> {
    const call = this.context("status", "GET", statusPath(merchantOrderNumber));
    this.refuseInvalid(call, () => orderNumberErrors(merchantOrderNumber));
    return this.retrying(call, options?.signal, (attempt) => this.pacedStatus(merchantOrderNumber, attempt, options?.signal, options?.deadline));
  }

  async cancelOrder(merchantOrderNumber: string, options?: CallOptions): Promise<CancelResult> {
    const call = this.context("cancel", "POST", `${orderPath(merchantOrderNumber)}/cancel`);
    this.refuseInvalid(call, () => orderNumberErrors(merchantOrderNumber));
    const signal = options?.signal;
    let cancelMayHaveBeenSent = false;
    return this.retrying(call, signal, async (attempt): Promise<CancelResult> => {
      // (The outcome of a call that never sent its cancel is known: nothing was cancelled. See cancelNotSent below.)
      // Never blind: on a paid order cancel credits the invoice, so every try starts from a fresh status.
      const status = await this.pacedStatus(merchantOrderNumber, attempt, signal, options?.deadline);
      if (status.orderStatus === "Canceled") return { outcome: cancelMayHaveBeenSent ? "canceled" : "already-canceled", status };
      if (status.orderStatus === "Completed") return cancelMayHaveBeenSent ? { outcome: "completed", status, cancelMayHaveLanded: true } : { outcome: "completed", status };
      try {
        await this.exchange(call, undefined, attempt, signal, responseValidators.acknowledgement);
      } catch (e) {
        if (mayHaveReachedSvea(e)) cancelMayHaveBeenSent = true;
        throw e;
      }
      return { outcome: "canceled", status };
    }).catch((e: unknown) => {
      throw cancelMayHaveBeenSent ? e : cancelNotSent(e);
    });
  }

  async returnOrder(merchantOrderNumber: string, request: ReturnRequest, options?: CallOptions): Promise<void> {
    const call = this.context("return", "POST", `${orderPath(merchantOrderNumber)}/return`);
    this.refuseInvalid(
      call,
      () => orderNumberErrors(merchantOrderNumber),
      () => errorsOf(clientRequestValidators.returnRequest(request)),
      () => checkOrderTotal(request.returnedItems).map((e) => ({ ...e, path: "returnedItems" })),
    );
    // Only failures that prove nothing was credited are retried: a blind repeat could credit twice.
    await this.retrying(
      call,
      options?.signal,
      (attempt) => this.exchange(call, request, attempt, options?.signal, responseValidators.acknowledgement),
      (e) => e instanceof SveaRateLimitedError || (e instanceof SveaUnavailableError && !e.outcomeUnknown && e.cause !== "aborted"),
    );
  }

  private context(kind: SveaCallKind, method: string, path: string): SveaCallContext {
    return { kind, method, path };
  }

  /** Throws a client-side SveaValidationError (nothing is sent) for the first check that finds errors. */
  private refuseInvalid(call: SveaCallContext, ...checks: (() => FieldError[])[]): void {
    for (const check of checks) {
      const errors = check();
      if (errors.length > 0) throw new SveaValidationError(errors, { sentToSvea: false, call });
    }
  }

  /**
   * A create that may already be at Svea was refused: its status says which. Found: that earlier attempt created it,
   * returned as recovered. Not found (404): the refusal stands, a validation error with its fields; but not one that
   * says the number is taken (a 409, or a 400 or 422 naming merchantOrderNumber, ASP.NET's duplicate answer) while the
   * read cannot see it (the earlier attempt stored, not yet visible): unknown, as is any read that fails. An unknown
   * outcome keeps the link "may exist at Svea" for reconcile to settle; such a refusal standing would fail the link for
   * good, and the plugin would send a new number beside it: two payable links.
   */
  private async recoverCreated(merchantOrderNumber: string, refused: SveaInstoreError, options: CallOptions | undefined): Promise<CreateOrderResult> {
    const call = this.context("create", "POST", "/api/v1/orders");
    let status: OrderStatusResponse;
    try {
      status = await this.getOrderStatus(merchantOrderNumber, options);
    } catch (e) {
      if (e instanceof SveaNotFoundError && !saysNumberTaken(refused)) throw refused;
      this.o.logger?.warn(
        { sveaCall: "create", merchantOrderNumber, refusedStatus: refused.status, statusRead: e instanceof SveaInstoreError ? e.code : "unknown" },
        "svea instore create refused after an attempt that may have landed, and its status could not tell: outcome unknown",
      );
      throw e instanceof SveaUnavailableError
        ? new SveaUnavailableError(e.cause, { call, outcomeUnknown: true, ...(e.status ? { status: e.status } : {}) })
        : new SveaUnavailableError("outcome-unconfirmed", { call, outcomeUnknown: true });
    }
    if (typeof status.instoreUiUri !== "string" || status.instoreUiUri === "")
      throw new SveaUnexpectedResponseError("the order exists but its status has no payment link", { call });
    this.o.logger?.info({ sveaCall: "create", merchantOrderNumber }, "svea instore create recovered after a lost response");
    return Object.assign({}, status, { instoreUiUri: status.instoreUiUri, smsSentSuccessfully: null, recoveredFromDuplicate: true });
  }

  /**
   * One status read, after waiting (on the injected clock) for this order's next free poll slot. A slot after the
   * caller's deadline is not waited for: the wait could only end in an abort, holding the order's lock until then.
   */
  private async pacedStatus(merchantOrderNumber: string, attempt: number, signal: AbortSignal | undefined, deadline: number | undefined): Promise<OrderStatusResponse> {
    const call = this.context("status", "GET", statusPath(merchantOrderNumber));
    const now = this.o.clock.now();
    // Slots are reserved the gap plus its margin apart and the read goes at its slot, so the slot stored is when the
    // read was sent: every two reads of an order go at least that far apart, however they met their slots. (Sending a
    // waiting read a margin after a slot stored without it let the next read, whose slot had just come, go at once,
    // 4.75 s after it, and meet a 403.) A read whose slot has come, the order not read for a while, goes at once.
    const gap = this.o.pollGapMs > 0 ? this.o.pollGapMs + POLL_SLOT_MARGIN_MS : 0;
    const slot = await this.o.pollSlots.reserve(merchantOrderNumber, now, gap, (discardedSlot) =>
      this.o.logger?.warn(
        { sveaCall: "status", merchantOrderNumber, discardedSlot: new Date(discardedSlot).toISOString(), now: new Date(now).toISOString() },
        "svea instore status poll slot was further ahead than any queue of reads explains (the clock stepped back, or another node's runs fast): reserved from now instead",
      ),
    );
    const wait = Math.max(0, slot - this.o.clock.now());
    if (deadline !== undefined && wait > 0 && this.o.clock.now() + wait >= deadline) {
      this.o.logger?.warn({ sveaCall: "status", path: call.path, waitMs: wait, deadlineInMs: deadline - this.o.clock.now() }, "svea instore status poll slot comes after the caller's deadline; not waited for");
      throw new SveaUnavailableError("paced-past-deadline", { call, outcomeUnknown: false, retryable: false });
    }
    if (wait > 0) {
      this.o.logger?.debug({ sveaCall: "status", path: call.path, waitMs: wait }, "svea instore status poll paced");
      try {
        await this.o.clock.sleep(wait, signal);
      } catch {
        throw new SveaUnavailableError("aborted", { call, outcomeUnknown: false });
      }
    }
    const status = await this.exchange(call, undefined, attempt, signal, responseValidators.orderStatusResponse);
    this.expectSameOrder(call, status, merchantOrderNumber);
    return status;
  }

  private expectSameOrder(call: SveaCallContext, answer: { merchantOrderNumber: string }, merchantOrderNumber: string): void {
    if (answer.merchantOrderNumber !== merchantOrderNumber)
      throw new SveaUnexpectedResponseError("the answer is about another order", { status: 200, call });
  }

  private async retrying<T>(
    call: SveaCallContext,
    signal: AbortSignal | undefined,
    attemptOnce: (attempt: number) => Promise<T>,
    shouldRetry: (e: SveaInstoreError) => boolean = (e) => e.retryable,
    earlierMayHaveLanded = false,
  ): Promise<T> {
    // Once an attempt may have been carried out by Svea, the call's outcome stays unknown whatever later attempts do:
    // a retry that was never sent (a refused connection), the deadline ending the back-off, the credentials refused
    // (401: Svea's auth can flap, or the password was rotated in between) or throttling until the attempts ran out
    // prove nothing about the earlier one. Reporting such a failure as "not carried out" would close a create's
    // intent while its link is Active, or a cancel's while the link is Canceled at Svea and waiting in the plugin.
    let reached = earlierMayHaveLanded;
    const withOutcome = (e: unknown): unknown => {
      if (!reached) return e;
      if (e instanceof SveaUnavailableError && !e.outcomeUnknown) return new SveaUnavailableError(e.cause, { call, outcomeUnknown: true, ...(e.status ? { status: e.status } : {}) });
      // A read changes nothing at Svea: its refusals are left as they are.
      if (call.kind === "status") return e;
      // Still the operator's to fix (the reason names the credentials), and that attempt still unknown.
      if (e instanceof SveaAuthError && !e.outcomeUnknown) return new SveaAuthError(call, { outcomeUnknown: true });
      if (e instanceof SveaRateLimitedError) return new SveaUnavailableError("outcome-unconfirmed", { call, outcomeUnknown: true, status: e.status });
      return e;
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce(attempt);
      } catch (e) {
        if (mayHaveReachedSvea(e)) reached = true;
        const last = attempt >= this.o.maxAttempts;
        if (!(e instanceof SveaInstoreError) || last || signal?.aborted || !shouldRetry(e)) throw withOutcome(e);
        const delay = backoffDelayMs(attempt, this.o.backoff);
        this.o.logger?.warn({ sveaCall: call.kind, method: call.method, path: call.path, attempt, code: e.code, status: e.status, retryInMs: delay }, "svea instore call failed; retrying");
        try {
          await this.o.clock.sleep(delay, signal);
        } catch {
          throw new SveaUnavailableError("aborted", { call, outcomeUnknown: reached });
        }
      }
    }
  }

  /** One HTTP request and its answer, validated; every failure becomes a typed error. */
  private async exchange<T>(call: SveaCallContext, body: unknown, attempt: number, signal: AbortSignal | undefined, validate: Validator<T>): Promise<T> {
    const timeout = AbortSignal.timeout(this.o.timeouts[call.kind]);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { Authorization: this.authorization, Accept: SVEA_ACCEPT_HEADER, "User-Agent": this.o.userAgent };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const started = performance.now();
    const log = (level: "debug" | "warn", status: number | undefined, extra: Record<string, unknown> = {}) =>
      this.o.logger?.[level](
        { sveaCall: call.kind, method: call.method, path: call.path, status, latencyMs: Math.round(performance.now() - started), attempt, ...extra },
        "svea instore request",
      );

    let status: number;
    let text: string | undefined;
    try {
      const response = await fetch(this.o.baseUrl + call.path, {
        method: call.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
        // A redirect would carry the credentials elsewhere; Svea never redirects.
        redirect: "manual",
      });
      status = response.status;
      text = await readBoundedText(response, MAX_ANSWER_BYTES);
    } catch (e) {
      const cause = signal?.aborted ? "aborted" : timeout.aborted ? "timeout" : "network";
      const notSent = cause === "network" && NOT_SENT_CODES.has(networkErrorCode(e) ?? "");
      log("warn", undefined, { failure: cause, ...(notSent ? { errorCode: networkErrorCode(e) } : {}) });
      throw new SveaUnavailableError(cause, { call, outcomeUnknown: !notSent });
    }
    const ok = status >= 200 && status < 300;
    if (text === undefined) {
      // Far larger than any Svea answer, so not read. A 2xx cannot be read, as one that is not JSON: unexpected, and for
      // a change (a create) its outcome unknown. Another status counts as itself, its body unread (as one not JSON).
      log("warn", status, { failure: "answer-too-large", maxBytes: MAX_ANSWER_BYTES });
      if (ok) throw new SveaUnexpectedResponseError(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`, { status, call });
      text = "";
    } else log(ok ? "debug" : "warn", status);
    return this.interpret(call, status, text, validate);
  }

  private interpret<T>(call: SveaCallContext, status: number, text: string, validate: Validator<T>): T {
    const redact = this.callRedactors.get(call) ?? this.redact;
    const excerpt = () => safeExcerpt(text, redact);
    const replaced = textReplacedWarning(this.o.logger, { sveaCall: call.kind, method: call.method, path: call.path, status }, redact);
    if (status >= 200 && status < 300) {
      // Cancel and return answer {}; an empty body says the same thing. An object carrying an error signal (a problem
      // document, {"success": false}) is refused by the acknowledgement schema: unexpected, its outcome unknown (the
      // change may or may not have been carried out), so a cancel or credit Svea refused is never reported done.
      const isAck = call.kind === "cancel" || call.kind === "return";
      const parsed = isAck && text.trim() === "" ? {} : parseJson(text, replaced);
      if (parsed === undefined) throw new SveaUnexpectedResponseError("the body is not JSON", { status, call, excerpt: excerpt() });
      const result = validate(parsed);
      if (!result.ok) throw new SveaUnexpectedResponseError("the body does not have the documented shape", { status, call, excerpt: excerpt(), fieldErrors: result.errors });
      return result.value;
    }
    switch (status) {
      case 400:
        throw new SveaValidationError(problemFieldErrors(text, redact, replaced), { sentToSvea: true, call, excerpt: excerpt() });
      case 401:
        throw new SveaAuthError(call);
      case 403:
      case 429:
        throw new SveaRateLimitedError(status, call);
      case 404:
        throw new SveaNotFoundError(call);
      case 409:
        throw new SveaDuplicateOrderError(call, excerpt());
    }
    if (status >= 500) throw new SveaUnavailableError("server-error", { status, call, outcomeUnknown: true, excerpt: excerpt() });
    // A problem document's fields are kept: a create's 422 naming merchantOrderNumber may be Svea's duplicate refusal.
    const fieldErrors = status >= 400 ? problemFieldErrors(text, redact, replaced) : [];
    throw new SveaUnexpectedResponseError(`HTTP status ${status}`, { status, call, excerpt: excerpt(), fieldErrors });
  }

}

function errorsOf(result: ReturnType<Validator<unknown>>): FieldError[] {
  return result.ok ? [] : result.errors;
}

function orderNumberErrors(merchantOrderNumber: unknown): FieldError[] {
  return errorsOf(clientRequestValidators.merchantOrderNumber(merchantOrderNumber)).map((e) => ({ ...e, path: "merchantOrderNumber" }));
}

function orderPath(merchantOrderNumber: string): string {
  return `/api/v1/orders/${encodeURIComponent(merchantOrderNumber)}`;
}

function statusPath(merchantOrderNumber: string): string {
  return `${orderPath(merchantOrderNumber)}/status`;
}

/**
 * Whether a create's refusal may be Svea saying the number is already used: Svea documents no status for that (the
 * mock's 409; ASP.NET often answers 400), so any refusal but the credentials (401) and "too frequent" (403, 429).
 */
function mayMeanTaken(e: unknown): e is SveaInstoreError {
  if (e instanceof SveaValidationError) return e.sentToSvea;
  if (e instanceof SveaDuplicateOrderError || e instanceof SveaNotFoundError) return true;
  return e instanceof SveaUnexpectedResponseError && e.status !== undefined && e.status >= 400 && e.status < 500;
}

/**
 * Whether a create's refusal says its merchantOrderNumber is taken, so that a status read's 404 cannot let it stand: a
 * 409, or a refusal whose fields or texts name merchantOrderNumber in any letter case (ASP.NET's 400 for a repeated
 * number, the mock's `--duplicate-create-status 400`; a 422's detail). A refusal naming only other fields is not.
 */
function saysNumberTaken(refused: SveaInstoreError): boolean {
  if (refused instanceof SveaDuplicateOrderError) return true;
  const fields = refused instanceof SveaValidationError || refused instanceof SveaUnexpectedResponseError ? refused.fieldErrors : [];
  return fields.some((f) => /merchantordernumber/i.test(f.path) || /merchant\s*order\s*number/i.test(f.message));
}

/**
 * A cancel call that failed before any try sent the cancel (every status read first failed: a 5xx, a timeout): a read
 * that went unanswered cancels nothing, so the failure says its outcome is known, and no caller waits on a cancel that
 * was never sent (the plugin would hold a payment found later back from picking for it).
 */
function cancelNotSent(e: unknown): unknown {
  if (!(e instanceof SveaUnavailableError) || !e.outcomeUnknown) return e;
  return new SveaUnavailableError(e.cause, {
    outcomeUnknown: false,
    retryable: e.retryable,
    ...(e.status === undefined ? {} : { status: e.status }),
    ...(e.call ? { call: e.call } : {}),
    ...(e.excerpt === undefined ? {} : { excerpt: e.excerpt }),
  });
}

/** Whether a failed attempt may still have been carried out by Svea. */
function mayHaveReachedSvea(e: unknown): boolean {
  if (e instanceof SveaUnavailableError) return e.outcomeUnknown;
  return e instanceof SveaUnexpectedResponseError && e.status !== undefined && e.status < 300;
}

/**
 * The callback URI's last path segment when it looks like a token (the plugin's are 43 base64url characters): a
 * bearer secret, kept out of errors whatever form Svea echoes it in (its characters survive any URL or HTML encoding).
 */
function callbackTokenOf(uri: string | null | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    const last = new URL(uri).pathname.split("/").at(-1) ?? "";
    return last.length >= 16 ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}
