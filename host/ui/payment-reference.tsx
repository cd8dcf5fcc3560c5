// Where Svea's reference stands once paid; while the order waits, the payment link stands there instead, with a copy button.
import type { FC } from "hono/jsx";
import type { Locale, PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { uiMessage } from "./ui-messages.js";

export const PaymentReference: FC<{ view: PaymentView | null; locale: Locale; orderNumber: string }> = ({ view, locale, orderNumber }) => {
  if (view?.sveaReference != null) {
    return (
      <span data-reference>
        <span class="sr-only">{uiMessage(locale, "svea-reference")}: </span>
        {String(view.sveaReference)}
      </span>
    );
  }
  if (view?.paymentLink) {
    return (
      <span class="link-cell">
        <a href={view.paymentLink} data-payment-link>
          {view.paymentLink}
        </a>
        <button
          type="button"
          class="secondary"
          hidden
          data-copy={view.paymentLink}
          data-copied={uiMessage(locale, "copied")}
          aria-label={uiMessage(locale, "copy-link-of", { number: orderNumber })}
          data-copied-name={uiMessage(locale, "copied-of", { number: orderNumber })}
        >
          {/* The script writes "Copied" here and the name to match ("Copied, order 1001"): a name that kept saying
              "Copy link" would contradict what the button shows. */}
          {uiMessage(locale, "copy-link")}
        </button>
      </span>
    );
  }
  return <span aria-hidden="true">—</span>;
};
