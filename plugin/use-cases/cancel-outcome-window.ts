// Whether a cancel the plugin sent a link may still land at Svea: pure reads of the order's intents.
import { isOpenIntent, type OrderPaymentRecord } from "../store/index.js";
import { CREATE_OUTCOME_WINDOW_MS } from "./unconfirmed-create.js";

/**
 * How long after a cancel whose answer was lost was sent (or the plugin learned it may have been) it may still land at
 * Svea: the same ten minutes as for a create or an after-payment call (CREATE_OUTCOME_WINDOW_MS).
 */
export const CANCEL_OUTCOME_WINDOW_MS = CREATE_OUTCOME_WINDOW_MS;

/**
 * When the earliest cancel of this link that may still land was started: an open intent of another operation (a cancel
 * of the link, or a re-issue replacing it whose cancel was never confirmed: a timeout, a stopped process) started
 * inside the window. `own`: the intent of the call reading the status now, whose own send the client reports itself.
 * Undefined when there is none.
 */
export function openCancelSince(record: OrderPaymentRecord | undefined, merchantOrderNumber: string, now: number, own?: string): number | undefined {
  let since: number | undefined;
  for (const intent of record?.intents ?? []) {
    if (intent.id === own || !isOpenIntent(intent) || now - intent.startedAt >= CANCEL_OUTCOME_WINDOW_MS) continue;
    const cancels =
      (intent.kind === "cancel" && intent.merchantOrderNumber === merchantOrderNumber) ||
      (intent.kind === "reissue" && intent.replaces === merchantOrderNumber && intent.step === "started");
    if (cancels && (since === undefined || intent.startedAt < since)) since = intent.startedAt;
  }
  return since;
}
