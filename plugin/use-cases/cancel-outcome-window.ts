// Whether a cancel the plugin sent a link may still land at Svea: pure reads of the order's intents.
import { isOpenIntent, type IntentRecord, type OrderPaymentRecord } from "../store/index.js";
import { CREATE_OUTCOME_WINDOW_MS } from "./unconfirmed-create.js";

/**
 * How long after a cancel whose answer was lost was sent (or the plugin learned it may have been) it may still land at
 * Svea: the same ten minutes as for a create or an after-payment call (CREATE_OUTCOME_WINDOW_MS).
 */
export const CANCEL_OUTCOME_WINDOW_MS = CREATE_OUTCOME_WINDOW_MS;

/**
 * When the earliest cancel of this link that may still land was sent: an open intent of another operation (a cancel of
 * the link, or a re-issue replacing it whose cancel was never confirmed: a timeout, a stopped process) started inside
 * the window, or the link's own `cancelSentAt` (such an intent closed on a read that still said Active) inside it.
 * `own`: the intent of the call reading the status now, whose own send the client reports itself. Intents that send
 * nothing (a delete's note about a create not yet at Svea) do not count. Undefined when there is none.
 */
export function openCancelSince(record: OrderPaymentRecord | undefined, merchantOrderNumber: string, now: number, own?: string): number | undefined {
  const inWindow = (at: number | undefined) => at !== undefined && now - at < CANCEL_OUTCOME_WINDOW_MS;
  const stored = record?.links.find((l) => l.merchantOrderNumber === merchantOrderNumber)?.cancelSentAt;
  let since = inWindow(stored) ? stored : undefined;
  for (const intent of openCancelsOf(record, merchantOrderNumber, own)) {
    if (inWindow(intent.startedAt) && (since === undefined || intent.startedAt < since)) since = intent.startedAt;
  }
  return since;
}

/**
 * Whether the plugin sent this link a cancel whose outcome it never learned, however long ago: an open intent that
 * sends one (as for openCancelSince, at any age) or the link's `cancelSentAt`. A Canceled answer with the payment's
 * type still on it for such a link is that cancel having credited a payment ("paid, then credited"), whether it was
 * sent before the link's expiry (a delete, a renewal) or after it (the nightly sweep's). `own` as for openCancelSince.
 */
export function cancelSentTo(record: OrderPaymentRecord | undefined, merchantOrderNumber: string, own?: string): boolean {
  const stored = record?.links.find((l) => l.merchantOrderNumber === merchantOrderNumber)?.cancelSentAt;
  return stored !== undefined || openCancelsOf(record, merchantOrderNumber, own).length > 0;
}

/**
 * The open intents of other operations that sent this link a cancel: a cancel of the link, or a re-issue replacing it
 * whose cancel was never confirmed. Intents that send nothing (a delete's note about a create not yet at Svea) do not.
 */
function openCancelsOf(record: OrderPaymentRecord | undefined, merchantOrderNumber: string, own: string | undefined): IntentRecord[] {
  return (record?.intents ?? []).filter(
    (intent) =>
      intent.id !== own &&
      !intent.sendsNothing &&
      isOpenIntent(intent) &&
      ((intent.kind === "cancel" && intent.merchantOrderNumber === merchantOrderNumber) ||
        (intent.kind === "reissue" && intent.replaces === merchantOrderNumber && intent.step === "started")),
  );
}

/**
 * A cancel intent about to be closed on a read that still said Active (the link stays payable) while the cancel it
 * stood for may still be queued at Svea: the time to keep on the link as `cancelSentAt`, or undefined.
 */
export function cancelStillMayLand(intent: IntentRecord, sveaStatus: string | undefined, now: number): number | undefined {
  return !intent.sendsNothing && sveaStatus === "Active" && now - intent.startedAt < CANCEL_OUTCOME_WINDOW_MS ? intent.startedAt : undefined;
}
