// One order to create or edit: customer card, rows and payment method; the plugin's notices or refusals; its payment, links out, history, delete.
import type { FC } from "hono/jsx";
import type { HostOrder, Locale, Notice, PaymentView, Refusal } from "../../plugin/host-contract/host-contract-types.js";
import { displayAmount, displayDecimal } from "./format-amount.js";
import { formatInstant } from "./format-instant.js";
import { FormToken } from "./form-token.js";
import { InLanguage, Layout, NoticesPanel, type PageContext } from "./layout.js";
import { OrderHistory } from "./order-history.js";
import { CUSTOMER_FIELDS, DECIMAL_ROW_FIELDS, EMPTY_ROWS, ROW_FIELDS, rowFieldName, rowFieldText, type RowField } from "./order-form-fields.js";
import { PaymentReference } from "./payment-reference.js";
import { ScrollBox } from "./scroll-box.js";
import { PaymentState } from "./state-icon.js";
import { CUSTOMER_LABELS, fieldControl, ROW_LABELS } from "./field-controls.js";
import { uiMessage, type UiMessageKey } from "./ui-messages.js";
import type { OrderFileAnswer } from "../host-order-file-error.js";
import { isPluginFailure } from "../plugin-dispatcher.js";
import { orderVersion } from "../order-version.js";

const SAVED_LINK_MAY_BE_SENT: OrderFileAnswer = "order-saved-link-may-be-sent";

export interface OrderFormPageProps {
  ctx: PageContext;
  /** The order as stored, or as the clerk typed it when a save was refused. */
  order: HostOrder;
  /** false: the clerk typed an amount that could not be read, so there is no total to show. */
  totalKnown?: boolean;
  /**
   * null: a new order, not saved yet. `viewUnknown`: the plugin failed in this request and was not asked again for the
   * payment's view (`view` is then null). `order`: the order as stored, for the heading, the payment's reference and
   * the After-payment forms, whose rows the clerk API reads by their place in the stored order (the form may hold a
   * refused save's order, its rows cleared or moved, its number and currency retyped).
   */
  /** `version`: the stored order's version (ETag) the form was filled from, sent back so a save from a stale page is refused. */
  saved: { order: HostOrder; deletedAt: string | null; view: PaymentView | null; viewUnknown?: boolean; version?: string } | null;
  methodLabels: Record<string, string>;
  notices: Notice[];
  errors: Refusal[];
  /** The plugin declares order.credit, order.annul and order.deliver: a paid order offers them. */
  afterPaymentActions?: boolean;
  /** The errors refused an after-payment action, not a save. */
  refusedAction?: boolean;
  /** What the clerk typed into the refused after-payment form, shown again. */
  actionInput?: Record<string, string>;
  /**
   * The language the plugin gave `errors` and `notices` in, when not the page's: a refused page shown again after a
   * language switch. Only the plugin can word its reasons, and asking it again would mean saving (or crediting) again.
   */
  givenIn?: Locale;
  /** false: sending the refused form again is a new request (see Shown.resendChecks in ui-routes.tsx). Default true. */
  resendChecks?: boolean;
}

const CURRENCIES = ["SEK", "NOK", "DKK", "EUR"];

/**
 * The refusals, each naming its field by the control's label and linking to it (the control points back, see
 * invalidControls). Reasons given in another language (`givenIn`) are marked so, for a screen reader's voice too.
 * Described by what it says, so the focus the page script moves here reads the refusals out (no role=alert: the
 * panel is there as the page loads, see the page script in layout.tsx).
 */
/** Refusals of a save that are not about what the clerk typed: the plugin's and the host's codes. */
const NOT_THE_INPUT: ReadonlySet<string> = new Set([
  "svea-unavailable",
  "svea-rate-limited",
  "svea-unauthorized",
  "local-failure",
  "order-busy",
  "order-taken-over",
  "order-changed",
  "order-exists",
  "order-deleted",
  "account-not-configured",
]);

const RefusalPanel: FC<{ errors: readonly Refusal[]; locale: Locale; action: boolean; stored: boolean; currency: string; givenIn: Locale | undefined; resendChecks: boolean }> = ({
  errors,
  locale,
  action,
  stored,
  currency,
  givenIn,
  resendChecks,
}) => {
  if (errors.length === 0) return null;
  // A save whose plugin's write the host's file refused did store the order, and the link may be with the customer:
  // "not saved, nothing was sent to Svea" would tell the clerk the opposite of its message.
  const savedAnyway = !action && errors.some((e) => e.code === SAVED_LINK_MAY_BE_SENT);
  // So did a save of a stored order whose plugin failed or had stopped: the host wrote the order ahead of the plugin.
  const savedPluginFailed = !action && stored && !savedAnyway && errors.some((e) => isPluginFailure(e.code));
  // Refused for a reason the clerk's input is not (Svea or the plugin's store unavailable, the order busy or changed
  // meanwhile): "correct and save again" would send the clerk looking for a mistake that is not there.
  const notTheInput = errors.every((e) => NOT_THE_INPUT.has(e.code));
  const [heading, introKey] = action
    ? (["action-refused", null] as const)
    : savedAnyway
      ? (["refused-but-saved", null] as const)
      : savedPluginFailed
        ? (["refused-saved-plugin-failed", "refused-saved-plugin-failed-intro"] as const)
        : notTheInput
          ? (["refused", "refused-not-input-intro"] as const)
          : (["refused", "refused-intro"] as const);
  return (
    <section
      class="panel refusal"
      id="refusals"
      aria-labelledby="refusals-heading"
      aria-describedby={[introKey && "refusals-intro", givenIn && givenIn !== locale && "refusals-given-in", "refusals-list"].filter(Boolean).join(" ")}
      tabindex={-1}
    >
      <h2 id="refusals-heading">{uiMessage(locale, heading)}</h2>
      {introKey && <p id="refusals-intro">{uiMessage(locale, introKey)}</p>}
      {givenIn && givenIn !== locale && (
        <p id="refusals-given-in" data-given-in={givenIn}>
          {uiMessage(locale, resendChecks ? "refused-given-in" : "refused-given-in-kept", { language: uiMessage(locale, `language-${givenIn}`) })}
        </p>
      )}
      <ul class="notices" id="refusals-list">
        {errors.map((e, k) => {
          const control = e.field ? fieldControl(e.field, locale, action, currency) : undefined;
          return (
            <li class="notice-error" id={`refusal-${k}`} data-refusal={e.code} {...(e.field ? { "data-field": e.field } : {})}>
              <InLanguage lang={givenIn} page={locale}>
                {e.message}
              </InLanguage>
              {e.field && (
                <span class="muted">
                  {` (${uiMessage(locale, "field")}: `}
                  {control ? <a href={`#${control.id}`}>{control.label}</a> : e.field}
                  {")"}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
};

/** For each control a refusal names: the ids of those refusals, for aria-describedby (and aria-invalid). */
function invalidControls(errors: readonly Refusal[], locale: Locale, action: boolean, currency: string): Map<string, string> {
  const byControl = new Map<string, string>();
  errors.forEach((e, k) => {
    const control = e.field ? fieldControl(e.field, locale, action, currency) : undefined;
    if (control) byControl.set(control.id, [byControl.get(control.id), `refusal-${k}`].filter(Boolean).join(" "));
  });
  return byControl;
}

/** aria-invalid and aria-describedby for a control a refusal names; nothing for the others. */
function invalidAttributes(invalid: ReadonlyMap<string, string>, id: string): Record<string, string> {
  const describedBy = invalid.get(id);
  return describedBy ? { "aria-invalid": "true", "aria-describedby": describedBy } : {};
}

const PaymentPanel: FC<{ ctx: PageContext; order: HostOrder; view: PaymentView | null; viewUnknown: boolean; deleted: boolean }> = ({ ctx, order, view, viewUnknown, deleted }) => {
  const { locale } = ctx;
  const action = `/orders/${encodeURIComponent(order.id)}`;
  return (
    <section class="panel" id="payment" aria-labelledby="payment-heading">
      <h2 id="payment-heading">{uiMessage(locale, "payment")}</h2>
      <p id="payment-state">
        {viewUnknown ? uiMessage(locale, "payment-unknown") : <PaymentState view={view} noneLabel={uiMessage(locale, "link-state-none")} />}
      </p>
      <p id="payment-reference">
        <PaymentReference view={view} locale={locale} orderNumber={order.number} />
      </p>
      <div class="actions">
        {view?.paymentLink && (
          <a href={view.paymentLink} id="open-checkout" target="_blank" rel="noopener">
            {uiMessage(locale, "open-checkout")}
          </a>
        )}
        {ctx.inboxUrl && (
          <a href={ctx.inboxUrl} id="open-inbox" target="_blank" rel="noopener">
            {uiMessage(locale, "open-inbox")}
          </a>
        )}
        {!deleted && view && view.state !== "none" && (
          <form method="post" action={`${action}/check-payment`}>
            <FormToken ctx={ctx} form="check-payment" />
            <button type="submit" class="secondary" id="check-payment">
              {uiMessage(locale, "check-payment")}
            </button>
          </form>
        )}
      </div>
      {view && <OrderHistory links={view.links} locale={locale} timeZone={ctx.timeZone} payment={view} />}
    </section>
  );
};

/**
 * The VAT rate of an amount credit: the rates the plugin says an amount may be credited at (the paid goods' rates, and
 * the rounding row's 0 %), never one picked for the clerk: with several, an empty entry comes first and stays chosen
 * until the clerk picks (left empty, the plugin asks for a rate, or takes the goods' one rate). A view without the
 * rates (a link paid before the plugin kept what was paid for) gets a field to type a rate into, so a refusal naming
 * the rate always has a control to point to.
 */
const CreditVatField: FC<{ rates: readonly string[] | undefined; locale: Locale; chosen: string | undefined; attrs: Record<string, string> }> = ({ rates, locale, chosen, attrs }) => (
  <>
    <label for="credit-vat">{uiMessage(locale, "credit-vat")}</label>
    {rates ? (
      <select id="credit-vat" name="vatPercent" autocomplete="off" {...attrs}>
        {rates.length > 1 && (
          <option value="" selected={!rates.includes(chosen ?? "")}>
            {uiMessage(locale, "credit-vat-choose")}
          </option>
        )}
        {rates.map((rate) => (
          <option value={rate} selected={chosen === rate}>
            {`${displayDecimal(rate, locale)} %`}
          </option>
        ))}
      </select>
    ) : (
      <input id="credit-vat" name="vatPercent" inputmode="decimal" autocomplete="off" value={chosen ?? ""} {...attrs} />
    )}
  </>
);

/** Credit, deliver, annul for a paid order: each a form of its own, refused or done by the plugin. Deliver is left out when Svea delivered the order at payment, or once every row is delivered. */
const AfterPaymentPanel: FC<{ ctx: PageContext; order: HostOrder; view: PaymentView; input: Record<string, string>; invalid: ReadonlyMap<string, string> }> = ({
  ctx,
  order,
  view,
  input,
  invalid,
}) => {
  const { locale } = ctx;
  // What the row credits took off each row so far (by Svea's rowNumber: the row's own, or its position).
  const creditedOf = (rowNumber: number) => displayDecimal(view.afterPayment?.creditedRows.find((r) => r.rowNumber === rowNumber)?.quantity ?? "—", locale);
  const action = `/orders/${encodeURIComponent(order.id)}`;
  // The credit forms name rows by their place in these rows, and amounts against this order: each carries this order's
  // version, so a credit sent after another window or clerk saved the order (a row removed) is refused, never read
  // against the rows stored then. Deliver (every row) and annul (the whole order) name nothing from the page.
  const version = () => <input type="hidden" name="version" value={orderVersion(order)} />;
  // Annulled, or credited in full: nothing is left to credit or annul.
  const annulled = view.afterPayment?.annulled != null || (view.afterPayment !== undefined && view.afterPayment.creditedAmount === view.afterPayment.paidAmount);
  return (
    <section class="panel" id="after-payment" aria-labelledby="after-payment-heading">
      <h2 id="after-payment-heading">{uiMessage(locale, "after-payment")}</h2>
      <p id="after-payment-label">{view.afterPayment?.label ?? uiMessage(locale, "after-payment-none")}</p>
      {!annulled && (
        <>
          <form method="post" action={`${action}/credit`} class="actions">
            <FormToken ctx={ctx} form="credit-amount" />
            {version()}
            <label for="credit-amount">{uiMessage(locale, "credit-amount", { currency: order.currency })}</label>
            <input
              id="credit-amount"
              name="amount"
              inputmode="decimal"
              autocomplete="off"
              value={input.mode !== "rows" ? (input.amount ?? "") : ""}
              {...invalidAttributes(invalid, "credit-amount")}
            />
            <CreditVatField rates={view.creditVatRates} locale={locale} chosen={input.mode !== "rows" ? input.vatPercent : undefined} attrs={invalidAttributes(invalid, "credit-vat")} />
            <button type="submit" id="credit">
              {uiMessage(locale, "credit")}
            </button>
          </form>
          <form method="post" action={`${action}/credit`} id="credit-rows-form">
            <FormToken ctx={ctx} form="credit-rows" />
            {version()}
            <ScrollBox labelledBy="credit-rows-caption">
            <table class="rows" id="credit-rows">
              <caption id="credit-rows-caption">{uiMessage(locale, "credit-rows-caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{uiMessage(locale, "row-name")}</th>
                  <th scope="col">{uiMessage(locale, "row-quantity")}</th>
                  <th scope="col">{uiMessage(locale, "credited-quantity")}</th>
                  <th scope="col">{uiMessage(locale, "credit-quantity")}</th>
                </tr>
              </thead>
              <tbody>
                {order.rows.map((row, i) => (
                  <tr>
                    <th scope="row">{i + 1}</th>
                    <td>{row.name}</td>
                    <td>{displayDecimal(String(row.quantity ?? "1"), locale)}</td>
                    <td data-credited-row={i}>{creditedOf(row.rowNumber ?? i + 1)}</td>
                    <td>
                      <input
                        name={`credit.${i}`}
                        id={`credit-row-${i}`}
                        value={input.mode === "rows" ? (input[`credit.${i}`] ?? "") : ""}
                        inputmode="decimal"
                        autocomplete="off"
                        aria-label={`${uiMessage(locale, "row-caption", { n: i + 1 })}: ${uiMessage(locale, "credit-quantity")}`}
                        {...invalidAttributes(invalid, `credit-row-${i}`)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </ScrollBox>
            <div class="actions">
              <button type="submit" id="credit-rows-submit" name="mode" value="rows">
                {uiMessage(locale, "credit-rows")}
              </button>
            </div>
          </form>
          {view.delivery !== "on-payment" && view.afterPayment?.allDelivered !== true && (
            <form method="post" action={`${action}/deliver`} class="actions">
              <FormToken ctx={ctx} form="deliver" />
              <button type="submit" class="secondary" id="deliver">
                {uiMessage(locale, "deliver")}
              </button>
            </form>
          )}
          <form method="post" action={`${action}/annul`} class="actions">
            <FormToken ctx={ctx} form="annul" />
            <input type="checkbox" id="annul-confirm" name="confirm" value="yes" {...invalidAttributes(invalid, "annul-confirm")} />
            <label for="annul-confirm">{uiMessage(locale, "annul-confirm")}</label>
            <button type="submit" class="danger" id="annul">
              {uiMessage(locale, "annul")}
            </button>
          </form>
        </>
      )}
    </section>
  );
};

/** `attrs`: aria-invalid and aria-describedby when a refusal names the field (see invalidAttributes). */
const TextField: FC<{ id: string; name: string; label: string; value: string; type?: string; autocomplete?: string; disabled: boolean; attrs?: Record<string, string> }> = (p) => (
  <div>
    <label for={p.id}>{p.label}</label>
    <input id={p.id} name={p.name} type={p.type ?? "text"} value={p.value} autocomplete={p.autocomplete ?? "off"} disabled={p.disabled} {...(p.attrs ?? {})} />
  </div>
);

/**
 * A stored value the list does not offer (an order saved through the API with another payment method or currency)
 * is shown as an option of its own, selected: otherwise the browser selects the first option, and a save that changed
 * nothing would switch the order to it (to Svea Instore, texting the customer a link, or from USD to SEK).
 */
const SelectField: FC<{ id: string; name?: string; label: string; options: [value: string, label: string][]; selected: string; disabled: boolean; attrs?: Record<string, string> }> = (p) => {
  const options: [string, string][] = p.selected === "" || p.options.some(([value]) => value === p.selected) ? p.options : [[p.selected, p.selected], ...p.options];
  return (
    <div>
      <label for={p.id}>{p.label}</label>
      <select id={p.id} name={p.name ?? p.id} autocomplete="off" disabled={p.disabled} {...(p.attrs ?? {})}>
        {options.map(([value, label]) => (
          <option value={value} selected={value === p.selected}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
};

export const OrderFormPage: FC<OrderFormPageProps> = ({ ctx, order, totalKnown = true, saved, methodLabels, notices, errors, afterPaymentActions = false, refusedAction = false, actionInput = {}, givenIn, resendChecks = true }) => {
  const { locale } = ctx;
  const t = (key: UiMessageKey, params?: Record<string, string | number>) => uiMessage(locale, key, params);
  const deleted = saved?.deletedAt != null;
  // The stored order's own number: a refused edit shows the number the clerk typed in the form, not in the heading.
  const title = saved ? t("heading-edit-order", { number: saved.order.number }) : t("heading-new-order");
  const rowCount = order.rows.length + (deleted ? 0 : EMPTY_ROWS);
  const action = saved ? `/orders/${encodeURIComponent(order.id)}` : "/orders";
  const customerValue = (field: (typeof CUSTOMER_FIELDS)[number]) => String(order.customer[field] ?? "");
  // An after-payment action's refusals name its controls, labelled in the stored order's currency (as its panel is).
  const refusalCurrency = refusedAction && saved ? saved.order.currency : order.currency;
  const invalid = invalidControls(errors, locale, refusedAction, refusalCurrency);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <NoticesPanel notices={notices} locale={locale} givenIn={givenIn} />
      <RefusalPanel errors={errors} locale={locale} action={refusedAction} stored={saved !== null} currency={refusalCurrency} givenIn={givenIn} resendChecks={resendChecks} />
      {deleted && <p id="deleted-note">{t("order-deleted-note", { at: formatInstant(Date.parse(saved.deletedAt!), ctx.timeZone) })}</p>}
      {saved && <PaymentPanel ctx={ctx} order={saved.order} view={saved.view} viewUnknown={saved.viewUnknown ?? false} deleted={deleted} />}
      {saved && !deleted && afterPaymentActions && saved.view?.state === "paid" && <AfterPaymentPanel ctx={ctx} order={saved.order} view={saved.view} input={actionInput} invalid={invalid} />}

      <form method="post" action={action} id="order-form">
        <FormToken ctx={ctx} form="save" />
        {saved?.version && <input type="hidden" name="version" value={saved.version} />}
        <fieldset>
          <legend>{t("column-order")}</legend>
          <div class="grid">
            <TextField id="number" name="number" label={t("order-number")} value={order.number} disabled={deleted} attrs={invalidAttributes(invalid, "number")} />
            <SelectField
              attrs={invalidAttributes(invalid, "currency")}
              id="currency"
              label={t("currency")}
              options={CURRENCIES.map((c) => [c, c])}
              selected={order.currency}
              disabled={deleted}
            />
            <SelectField
              attrs={invalidAttributes(invalid, "paymentMethod")}
              id="paymentMethod"
              label={t("payment-method")}
              options={Object.entries(methodLabels)}
              selected={order.paymentMethod}
              disabled={deleted}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("customer-card")}</legend>
          <div class="grid">
            {CUSTOMER_FIELDS.map((field) => (
              <TextField
                attrs={invalidAttributes(invalid, `customer-${field}`)}
                id={`customer-${field}`}
                name={`customer.${field}`}
                label={t(CUSTOMER_LABELS[field])}
                value={customerValue(field)}
                type={field === "email" ? "email" : field === "mobilePhone" ? "tel" : "text"}
                disabled={deleted}
              />
            ))}
            <SelectField
              attrs={invalidAttributes(invalid, "customer-customerType")}
              id="customer-customerType"
              name="customer.customerType"
              label={t("customer-type")}
              options={[
                ["private", t("customer-type-private")],
                ["company", t("customer-type-company")],
              ]}
              selected={order.customer.customerType === "company" ? "company" : "private"}
              disabled={deleted}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend id="rows-legend">{t("rows")}</legend>
          <p class="muted">{t("rows-hint")}</p>
          {/* The order's own basis, carried through the save: an order the ERP priced net keeps its prices and its total. */}
          <div class="grid">
            <SelectField
              attrs={invalidAttributes(invalid, "pricesIncludeVat")}
              id="pricesIncludeVat"
              label={t("price-basis")}
              options={[
                ["true", t("price-basis-gross")],
                ["false", t("price-basis-net")],
              ]}
              selected={String(order.pricesIncludeVat)}
              disabled={deleted}
            />
          </div>
          <ScrollBox labelledBy="rows-legend">
          <table class="rows" id="rows">
            <thead>
              <tr>
                <th scope="col">#</th>
                {ROW_FIELDS.map((field) => (
                  <th scope="col">{t(ROW_LABELS[field])}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rowCount }, (_, i) => (
                <tr>
                  <th scope="row">
                    {i + 1}
                    {order.rows[i]?.rowNumber !== undefined && <input type="hidden" name={`rows.${i}.rowNumber`} value={String(order.rows[i]!.rowNumber)} />}
                  </th>
                  {ROW_FIELDS.map((field) => (
                    <td>
                      <input
                        name={rowFieldName(i, field)}
                        id={`row-${i}-${field}`}
                        value={DECIMAL_ROW_FIELDS.has(field) ? displayDecimal(rowFieldText(order.rows[i], field), locale) : rowFieldText(order.rows[i], field)}
                        {...invalidAttributes(invalid, `row-${i}-${field}`)}
                        aria-label={`${t("row-caption", { n: i + 1 })}: ${t(ROW_LABELS[field])}`}
                        inputmode={DECIMAL_ROW_FIELDS.has(field) ? "decimal" : "text"}
                        autocomplete="off"
                        disabled={deleted}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          </ScrollBox>
          <p>
            {t("column-total")}: <strong id="order-total" data-changed={t("total-after-save")}>{totalKnown ? displayAmount(order.total, order.currency, locale) : t("total-unknown")}</strong>
          </p>
        </fieldset>
        {!deleted && (
          <div class="actions">
            <button type="submit" id="save">
              {t("save")}
            </button>
          </div>
        )}
      </form>

      {/* A paid order cannot be deleted (the plugin refuses; its money is handled under After payment). */}
      {saved && !deleted && saved.view?.state !== "paid" && (
        <form method="post" action={`/orders/${encodeURIComponent(order.id)}/delete`} class="actions">
          <FormToken ctx={ctx} form="delete" />
          {saved.version && <input type="hidden" name="version" value={saved.version} />}
          {/* One click must not delete an order (and cancel the link the customer may be about to pay): the browser asks for the box. */}
          <input type="checkbox" id="delete-confirm" name="confirm" value="yes" required {...invalidAttributes(invalid, "delete-confirm")} />
          <label for="delete-confirm">{t("delete-confirm")}</label>
          <button type="submit" class="danger" id="delete" aria-describedby="delete-hint">
            {t("delete")}
          </button>
          <span id="delete-hint" class="muted">
            {t("delete-hint")}
          </span>
        </form>
      )}
    </Layout>
  );
};
