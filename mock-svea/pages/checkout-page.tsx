// The customer's payment page at instoreUiUri: merchant, rows, VAT, total and expiry, with pay and decline forms.
import { formatMinor, orderTotalMinor, rowTotalMinor, vatByRate } from "../../common/money.js";
import type { MockOrder } from "../mock-svea-schemas.js";
import type { CheckoutLang, CheckoutMessages } from "./checkout-messages.js";
import { PageLayout } from "./page-layout.js";

/** Hundredths as a plain decimal: 150 → "1.5", 200 → "2". */
export function formatHundredths(value: number): string {
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.abs(value)).padStart(3, "0");
  const frac = digits.slice(-2).replace(/0+$/, "");
  return `${sign}${digits.slice(0, -2)}${frac ? `.${frac}` : ""}`;
}

export function formatUtc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * `langQuery` keeps a `?lang=` the customer chose on the forms' posts; `methodRefused` shows the form again after a
 * method it does not offer came in (a changed form or an old tab), the error tied to the choices and announced.
 */
export function CheckoutPage(props: { order: MockOrder; merchantName: string; lang: CheckoutLang; t: CheckoutMessages; langQuery: string; methodRefused?: boolean }) {
  const { order, t } = props;
  const rows = order.request.orderItems;
  const money = (minor: bigint) => `${formatMinor(minor, order.currency)} ${order.currency}`;
  const vat = [...vatByRate(rows)].sort((a, b) => a[0] - b[0]);
  const action = `/checkout/${order.token}`;
  const refused = props.methodRefused === true;
  const invalid = refused ? { "aria-invalid": "true", "aria-describedby": "method-error" } : {};
  return (
    <PageLayout title={`${t.title} – ${props.merchantName}`} lang={props.lang} mockNotice={t.mockNotice}>
      <h2>{t.title}</h2>
      <p>
        {t.merchant}: <strong id="merchant-name">{props.merchantName}</strong>
        <br />
        {t.order}: <span id="order-number">{order.merchantOrderNumber}</span>
      </p>
      <table class="stack">
        <thead>
          <tr>
            <th>{t.article}</th>
            <th class="num">{t.quantity}</th>
            <th class="num">{t.unitPrice}</th>
            <th class="num">{t.vat}</th>
            <th class="num">{t.rowTotal}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td class="whole">{row.name}</td>
              <td class="num" data-label={`${t.quantity}:`}>
                {formatHundredths(row.quantity)} {row.unit}
              </td>
              <td class="num" data-label={`${t.unitPrice}:`}>
                {money(BigInt(row.unitPrice))}
              </td>
              <td class="num" data-label={`${t.vat}:`}>
                {formatHundredths(row.vatPercent)} %
              </td>
              <td class="num" data-label={`${t.rowTotal}:`}>
                {money(rowTotalMinor(row))}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {vat.map(([rate, amount]) => (
            <tr class="vat-row">
              <td colspan={4}>
                {t.vatOfWhich} {formatHundredths(rate)} %
              </td>
              <td class="num">{money(amount)}</td>
            </tr>
          ))}
          <tr>
            <td colspan={4}>{t.total}</td>
            <td class="num" id="order-total">
              {money(orderTotalMinor(rows))}
            </td>
          </tr>
        </tfoot>
      </table>
      <p class="muted">
        {t.expires} <span id="expires-at">{formatUtc(order.expiresAt)}</span>
      </p>
      <form method="post" action={`${action}/pay${props.langQuery}`} id="pay-form">
        <fieldset class={refused ? "invalid" : undefined} aria-describedby={refused ? "method-error" : undefined}>
          <legend>{t.method}</legend>
          {refused ? (
            // Not role=alert: the refusal is on the page as it loads, so focus goes to the chosen method (autofocus, no
            // script), whose description is this text, and a screen reader reads it there.
            <p class="error" id="method-error">
              {t.methodRefused}
            </p>
          ) : null}
          <label>
            <input type="radio" name="method" value="invoice" checked autofocus={refused} {...invalid} /> {t.invoice}
          </label>
          <label>
            <input type="radio" name="method" value="card" {...invalid} /> {t.card}
          </label>
          <label>
            <input type="radio" name="method" value="partPayment" {...invalid} /> {t.partPayment}
          </label>
        </fieldset>
        <p>
          <button type="submit" id="pay">
            {t.pay} {money(orderTotalMinor(rows))}
          </button>
        </p>
      </form>
      <form method="post" action={`${action}/decline${props.langQuery}`} id="decline-form">
        <button type="submit" class="secondary" id="decline">
          {t.decline}
        </button>
      </form>
    </PageLayout>
  );
}

export type CheckoutOutcome = "paid" | "declined" | "expired" | "canceled" | "notFound";

/** What the customer sees once the link can no longer be used, or right after paying or declining. */
export function CheckoutOutcomePage(props: { outcome: CheckoutOutcome; lang: CheckoutLang; t: CheckoutMessages; merchantName?: string; confirmationUri?: string }) {
  const { t, outcome } = props;
  // Only http(s) links are rendered: a javascript: URI from a create request must never become clickable.
  const back = props.confirmationUri && /^https?:\/\//i.test(props.confirmationUri) ? props.confirmationUri : undefined;
  return (
    <PageLayout title={t[outcome]} lang={props.lang} mockNotice={t.mockNotice}>
      {props.merchantName ? <p>{props.merchantName}</p> : null}
      <p class={outcome === "paid" ? "notice ok" : "notice"} id="outcome" data-outcome={outcome}>
        {t[outcome]}
      </p>
      {back ? (
        <p>
          <a href={back}>{t.back}</a>
        </p>
      ) : null}
    </PageLayout>
  );
}
