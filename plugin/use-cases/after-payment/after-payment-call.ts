// One Svea call that changes a paid order: the intent is stored first (pending), the answer closes it. A failure that
// proves nothing happened clears the intent; one whose outcome is unknown keeps it for the next try to settle.
import type { Locale, Refusal } from "../../host-contract/host-contract-types.js";
import { t } from "../../i18n/index.js";
import type { LinkRecord } from "../../store/index.js";
import { withRequest, type AfterPaymentPending, type AfterPaymentRecord } from "../../store/after-payment-record.js";
import { describeError } from "../../callback/background-tasks.js";
import { classifySveaFailure } from "../svea-failure.js";
import type { UseCaseDeps } from "../use-case-deps.js";
import { refusal } from "./after-payment-refusal.js";
import { saveAfterPayment } from "./after-payment-state.js";

export type PendingPlan = Omit<AfterPaymentPending, "id" | "startedAt">;

export async function callSveaWithIntent<T>(
  deps: UseCaseDeps,
  orderId: string,
  link: LinkRecord,
  record: AfterPaymentRecord,
  plan: PendingPlan,
  locale: Locale,
  call: () => Promise<T>,
  done: (answer: T, record: AfterPaymentRecord) => AfterPaymentRecord,
): Promise<{ ok: true; link: LinkRecord; answer: T } | { ok: false; refusal: Refusal }> {
  const pending: AfterPaymentPending = { ...plan, id: deps.newId(), startedAt: deps.clock.now() };
  if (!pending.request) delete pending.request;
  const started = await saveAfterPayment(deps, orderId, link, { ...record, pending });
  let answer: T;
  try {
    answer = await call();
  } catch (error) {
    const failure = classifySveaFailure(error);
    deps.logger.warn({ orderId, action: plan.kind, outcomeUnknown: failure.mayHaveReachedSvea, err: describeError(error) }, "svea instore after-payment call failed");
    const detail = failure.localized?.[locale] ?? t(locale, "failure.svea-unavailable");
    if (failure.mayHaveReachedSvea) return { ok: false, refusal: refusal(locale, "after-payment-unknown-outcome", { detail }) };
    await saveAfterPayment(deps, orderId, started, { ...record, pending: null });
    return { ok: false, refusal: refusal(locale, "after-payment-svea", { detail }) };
  }
  // The request's id is written with what it did: a repeat of it finds it, whenever the process stops.
  const saved = await saveAfterPayment(deps, orderId, started, withRequest({ ...done(answer, record), pending: null }, plan.request));
  return { ok: true, link: saved, answer };
}

/** A read before any change (status, Payment Admin order) that failed: nothing changed, so a plain refusal. */
export function readFailure(deps: UseCaseDeps, orderId: string, error: unknown, locale: Locale): Refusal {
  const failure = classifySveaFailure(error);
  deps.logger.warn({ orderId, err: describeError(error) }, "svea instore after-payment read failed");
  const detail = failure.localized?.[locale] ?? t(locale, "failure.svea-unavailable");
  return refusal(locale, "after-payment-svea", { detail });
}
