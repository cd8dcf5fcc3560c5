// The Payment Admin client over fetch: signs every request (token + Timestamp on the injected clock), validates what it
// sends and receives, retries only reads and cancels, and keeps the secret out of errors and logs.
import type { Validator } from "../../common/json-schema-validator.js";
import { paymentAdminAuthorization, paymentAdminTimestamp } from "../../common/payment-admin-token.js";
import { paymentAdminClientRequestValidators, paymentAdminResponseValidators } from "../../common/svea-payment-admin-schemas.js";
import type { PaymentAdminCreditCreated, PaymentAdminDeliveryCreated, PaymentAdminOrder } from "../../common/svea-payment-admin-types.js";
import { createRedactor, safeExcerpt, type Redactor } from "../svea-client/redact-secrets.js";
import { MAX_ANSWER_BYTES, readBoundedText } from "../svea-client/bounded-answer-text.js";
import { backoffDelayMs } from "../svea-client/retry-backoff.js";
import { NOT_SENT_CODES, networkErrorCode, parseJson, problemFieldErrors, textReplacedWarning } from "../svea-client/wire-answers.js";
import type { PaymentAdminCallOptions, SveaPaymentAdminClient } from "./payment-admin-client.js";
import { resolvePaymentAdminOptions, type ResolvedPaymentAdminOptions, type SveaPaymentAdminClientOptions } from "./payment-admin-client-options.js";
import { PaymentAdminError, type PaymentAdminCallKind } from "./payment-admin-errors.js";

const ACK = (): Validator<undefined> => () => ({ ok: true, value: undefined });

interface Call {
  kind: PaymentAdminCallKind;
  method: string;
  path: string;
}

export function createSveaPaymentAdminClient(options: SveaPaymentAdminClientOptions): SveaPaymentAdminClient {
  return new HttpPaymentAdminClient(resolvePaymentAdminOptions(options));
}

class HttpPaymentAdminClient implements SveaPaymentAdminClient {
  private readonly redact: Redactor;

  constructor(private readonly o: ResolvedPaymentAdminOptions) {
    this.redact = createRedactor([o.secret, encodeURIComponent(o.secret)]);
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.o.baseUrl, merchantId: this.o.merchantId };
  }
  toString(): string {
    return `SveaPaymentAdminClient(${this.o.baseUrl})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  getOrder(paymentOrderId: number, options?: PaymentAdminCallOptions): Promise<PaymentAdminOrder> {
    const call = this.call("read", "GET", orderPath(paymentOrderId));
    return this.retrying(call, options?.signal, true, () => this.exchange(call, undefined, options?.signal, paymentAdminResponseValidators.order));
  }

  async deliver(paymentOrderId: number, orderRowIds: readonly number[], options?: PaymentAdminCallOptions): Promise<PaymentAdminDeliveryCreated> {
    const call = this.call("deliver", "POST", `${orderPath(paymentOrderId)}/deliveries`);
    const body = { orderRowIds: [...orderRowIds] };
    this.refuseInvalid(call, paymentAdminClientRequestValidators.deliverRequest(body));
    return this.retrying(call, options?.signal, false, () => this.exchange(call, body, options?.signal, paymentAdminResponseValidators.deliveryCreated));
  }

  async cancel(paymentOrderId: number, options?: PaymentAdminCallOptions): Promise<void> {
    const call = this.call("cancel", "PATCH", orderPath(paymentOrderId));
    const body = { isCancelled: true as const };
    // Cancelling twice is answered like once, so a cancel may be repeated after a lost answer.
    await this.retrying(call, options?.signal, true, () => this.exchange(call, body, options?.signal, ACK()));
  }

  async credit(paymentOrderId: number, deliveryId: number, orderRowIds: readonly number[], options?: PaymentAdminCallOptions): Promise<PaymentAdminCreditCreated> {
    const call = this.call("credit", "POST", `${orderPath(paymentOrderId)}/deliveries/${encodeURIComponent(String(deliveryId))}/credits`);
    const body = { orderRowIds: [...orderRowIds] };
    this.refuseInvalid(call, paymentAdminClientRequestValidators.creditRequest(body));
    return this.retrying(call, options?.signal, false, () => this.exchange(call, body, options?.signal, paymentAdminResponseValidators.creditCreated));
  }

  private call(kind: PaymentAdminCallKind, method: string, path: string): Call {
    return { kind, method, path };
  }

  private refuseInvalid(call: Call, result: ReturnType<Validator<unknown>>): void {
    if (!result.ok) throw new PaymentAdminError("validation", call, { fieldErrors: result.errors, detail: "refused before sending" });
  }

  /** Idempotent calls retry what is retryable; the others only what provably never left this machine. */
  private async retrying<T>(call: Call, signal: AbortSignal | undefined, idempotent: boolean, attemptOnce: () => Promise<T>): Promise<T> {
    /** An earlier attempt may have been carried out (a timeout, a 5xx): the call's outcome stays unknown whatever later attempts say. */
    let mayHaveLanded = false;
    const failure = (e: unknown) =>
      mayHaveLanded && e instanceof PaymentAdminError && !e.outcomeUnknown
        ? new PaymentAdminError(e.code, call, { ...(e.status ? { status: e.status } : {}), ...(e.cause ? { cause: e.cause } : {}), fieldErrors: e.fieldErrors, outcomeUnknown: true })
        : e;
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce();
      } catch (e) {
        const retry = e instanceof PaymentAdminError && (idempotent ? e.code === "unavailable" || e.code === "rate-limited" : e.retryable);
        if (!retry || attempt >= this.o.maxAttempts || signal?.aborted) throw failure(e);
        mayHaveLanded ||= (e as PaymentAdminError).outcomeUnknown;
        const delay = backoffDelayMs(attempt, { baseDelayMs: 250, maxDelayMs: 4000, random: Math.random });
        this.o.logger?.warn({ sveaCall: `payment-admin-${call.kind}`, method: call.method, path: call.path, attempt, retryInMs: delay }, "svea payment admin call failed; retrying");
        try {
          await this.o.clock.sleep(delay, signal);
        } catch {
          throw new PaymentAdminError("unavailable", call, { cause: "aborted", outcomeUnknown: mayHaveLanded });
        }
      }
    }
  }

  private async exchange<T>(call: Call, body: unknown, signal: AbortSignal | undefined, validate: Validator<T>): Promise<T> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const timestamp = paymentAdminTimestamp(this.o.clock.now());
    const headers: Record<string, string> = {
      Authorization: paymentAdminAuthorization(this.o.merchantId, this.o.secret, text, timestamp),
      Timestamp: timestamp,
      Accept: "application/json",
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const started = performance.now();
    let status: number;
    let answer: string | undefined;
    try {
      const response = await fetch(this.o.baseUrl + call.path, { method: call.method, headers, body: body === undefined ? undefined : text, signal: combined, redirect: "manual" });
      status = response.status;
      // Up to 1 MiB, as the Instore client reads: Payment Admin's order (rows, deliveries) is far smaller.
      answer = await readBoundedText(response);
    } catch (e) {
      const cause = signal?.aborted ? "aborted" : timeout.aborted ? "timeout" : "network";
      const notSent = cause === "network" && NOT_SENT_CODES.has(networkErrorCode(e) ?? "");
      this.o.logger?.warn({ sveaCall: `payment-admin-${call.kind}`, method: call.method, path: call.path, failure: cause }, "svea payment admin request");
      throw new PaymentAdminError("unavailable", call, { cause, outcomeUnknown: !notSent && call.kind !== "read" });
    }
    if (answer === undefined && status >= 200 && status < 300) {
      throw new PaymentAdminError("unexpected-response", call, { status, outcomeUnknown: call.kind !== "read", detail: `an answer over ${MAX_ANSWER_BYTES} bytes, not read` });
    }
    const latencyMs = Math.round(performance.now() - started);
    this.o.logger?.[status < 300 ? "debug" : "warn"]({ sveaCall: `payment-admin-${call.kind}`, method: call.method, path: call.path, status, latencyMs }, "svea payment admin request");
    return this.interpret(call, status, answer ?? "", validate);
  }

  private interpret<T>(call: Call, status: number, text: string, validate: Validator<T>): T {
    const detail = () => safeExcerpt(text, this.redact);
    const replaced = textReplacedWarning(this.o.logger, { sveaCall: `payment-admin-${call.kind}`, method: call.method, path: call.path, status }, this.redact);
    if (status >= 200 && status < 300) {
      const parsed = text.trim() === "" ? {} : parseJson(text, replaced);
      const result = parsed === undefined ? undefined : validate(parsed);
      if (!result?.ok) throw new PaymentAdminError("unexpected-response", call, { status, outcomeUnknown: call.kind !== "read", fieldErrors: result?.ok === false ? result.errors : [], detail: detail() });
      return result.value;
    }
    if (status === 400) throw new PaymentAdminError("validation", call, { status, fieldErrors: problemFieldErrors(text, this.redact, replaced), detail: detail() });
    if (status === 401) throw new PaymentAdminError("auth", call, { status });
    if (status === 404) throw new PaymentAdminError("not-found", call, { status });
    if (status === 403 || status === 429) throw new PaymentAdminError("rate-limited", call, { status });
    // A 5xx does not say the change was not made (Svea may fail after making it), a cancel's included.
    if (status >= 500) throw new PaymentAdminError("unavailable", call, { status, cause: "server-error", outcomeUnknown: call.kind !== "read", detail: detail() });
    throw new PaymentAdminError("unexpected-response", call, { status, outcomeUnknown: call.kind !== "read", detail: detail() });
  }

}

function orderPath(paymentOrderId: number): string {
  return `/api/v1/orders/${encodeURIComponent(String(paymentOrderId))}`;
}

