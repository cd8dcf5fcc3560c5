// The pages act through the host's own clerk API (in process, no socket): the same hook calls, checks and answers an ERP's screens get.
import type { FieldError } from "../../common/json-schema-validator.js";
import type { HostOrder, Locale, Notice, PaymentView, PickingFilterResult, Refusal } from "../../plugin/host-contract/host-contract-types.js";
import { fieldControl } from "./field-controls.js";

/** Calls the clerk API: `path` is relative to /api. */
export type ClerkApiFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** What a save, delete or after-payment action came to: done with the plugin's notices, or refused with errors naming the field (and any notices, such as an annulment's preview). */
export type ClerkActionOutcome =
  | { accepted: true; notices: Notice[]; paymentView: PaymentView | null }
  | { accepted: false; errors: Refusal[]; notices?: Notice[] };

/** The clerk API's after-payment actions (hostApi 1.1), each the plugin hook `order.<action>`. */
export type AfterPaymentAction = "credit" | "annul" | "deliver";

export interface PickingList {
  pickable: HostOrder[];
  heldBack: PickingFilterResult["heldBack"];
}

interface ProblemBody {
  code?: string;
  title?: string;
  errors?: FieldError[];
}

export interface ClerkApiClient {
  /** `ifMatch`: the version (ETag) of the order the save was made from; refused `order-changed` when it is no longer the stored one. */
  save(order: HostOrder, locale: Locale, ifMatch?: string): Promise<ClerkActionOutcome>;
  /** Saves a new order (`If-None-Match: *`): refused `order-exists` when an order is stored under its id already. */
  create(order: HostOrder, locale: Locale): Promise<ClerkActionOutcome>;
  /** `ifMatch`: the version (ETag) of the order the delete was asked from; refused `order-changed` when it is no longer the stored one. */
  remove(orderId: string, locale: Locale, ifMatch?: string): Promise<ClerkActionOutcome>;
  /** Refused when the clerk API answers a problem (the plugin stopped and needs a restart, the plugin failed...). */
  checkPayment(orderId: string, locale: Locale): Promise<ClerkActionOutcome>;
  /**
   * `body`: credit `{amount}` or `{rows}`, annul `{confirm}`, deliver `{}` or `{rows}`. `ifMatch`: the version (ETag)
   * of the order the form was filled from; refused `order-changed` when it is no longer the stored one.
   */
  afterPayment(orderId: string, action: AfterPaymentAction, body: Record<string, unknown>, locale: Locale, ifMatch?: string): Promise<ClerkActionOutcome>;
  /** Throws a ClerkApiProblemError when the clerk API answers a problem (the order book or the plugin failing). */
  pickingList(locale: Locale): Promise<PickingList>;
}

/**
 * A refusal, a problem document or an unexpected answer, all as the refusals the form shows. `label`: the order form's
 * words for a field (a save's): a problem's field errors are then said as the form's own refusals ("Country: must be
 * a two-letter country code, such as SE"), without the problem's bare title ("The order is invalid.") above them when
 * each has its label.
 */
async function outcomeOf(response: Response, label?: (path: string) => string | undefined): Promise<ClerkActionOutcome> {
  const json: unknown = await response.json();
  const answer = json as Partial<{ accepted: boolean; notices: Notice[]; paymentView: PaymentView | null; errors: Refusal[] }>;
  if (response.ok && answer.accepted === true) return { accepted: true, notices: answer.notices ?? [], paymentView: answer.paymentView ?? null };
  if (answer.accepted === false && answer.errors) return { accepted: false, errors: answer.errors, ...(answer.notices ? { notices: answer.notices } : {}) };
  const body = json as ProblemBody;
  const labelled = (body.errors ?? []).map((e) => ({ error: e, field: label?.(e.path) }));
  const fieldErrors = labelled.map(({ error: e, field }): Refusal => ({ code: body.code ?? "host-refused", field: e.path, rule: e.rule, message: field ? `${field}: ${e.message}` : e.message }));
  const title: Refusal = { code: body.code ?? `http-${response.status}`, message: body.title ?? response.statusText };
  const eachSaid = labelled.length > 0 && labelled.every((l) => l.field !== undefined);
  return { accepted: false, errors: eachSaid ? fieldErrors : [title, ...fieldErrors] };
}

/**
 * The clerk API answered a read with a problem document: its status, code and words, for the page to show as they are.
 * The API's error handler has logged the failure already; the page does not log it again.
 */
export class ClerkApiProblemError extends Error {
  override readonly name = "ClerkApiProblemError";

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
  ) {
    super(`${code}: ${title}`);
  }
}

async function okJson<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as ProblemBody;
    throw new ClerkApiProblemError(response.status, body.code ?? `http-${response.status}`, body.title ?? response.statusText);
  }
  return (await response.json()) as T;
}

export function clerkApiClient(fetchApi: ClerkApiFetch): ClerkApiClient {
  const withLocale = (path: string, locale: Locale) => `${path}?locale=${locale}`;
  const jsonInit = (method: string, body?: unknown): RequestInit => ({
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;
  /** The request with a precondition header (If-Match, If-None-Match), when a value is given. */
  const matching = (init: RequestInit, value: string | undefined, header = "if-match"): RequestInit =>
    value === undefined ? init : { ...init, headers: { ...(init.headers as Record<string, string>), [header]: value } };
  const put = async (order: HostOrder, locale: Locale, init: RequestInit) =>
    outcomeOf(await fetchApi(withLocale(orderPath(order.id), locale), init), (path) => fieldControl(path, locale, false, order.currency)?.label);

  return {
    save: async (order, locale, ifMatch) => put(order, locale, matching(jsonInit("PUT", order), ifMatch)),
    create: async (order, locale) => put(order, locale, matching(jsonInit("PUT", order), "*", "if-none-match")),
    remove: async (orderId, locale, ifMatch) => outcomeOf(await fetchApi(withLocale(orderPath(orderId), locale), matching(jsonInit("DELETE"), ifMatch))),
    checkPayment: async (orderId, locale) => {
      const response = await fetchApi(withLocale(`${orderPath(orderId)}/check-payment`, locale), jsonInit("POST"));
      if (!response.ok) return outcomeOf(response);
      const answer = (await response.json()) as { notices: Notice[]; paymentView: PaymentView | null };
      return { accepted: true, notices: answer.notices, paymentView: answer.paymentView };
    },
    afterPayment: async (orderId, action, body, locale, ifMatch) =>
      outcomeOf(await fetchApi(withLocale(`${orderPath(orderId)}/${action}`, locale), matching(jsonInit("POST", body), ifMatch))),
    pickingList: async (locale) => okJson(await fetchApi(withLocale("/picking-list", locale))),
  };
}
