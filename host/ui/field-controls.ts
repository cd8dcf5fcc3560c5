// Which control of the order page a refusal's field path concerns, and its label in the clerk's words ("Rad 1: À-pris").
import type { Locale, Refusal } from "../../plugin/host-contract/host-contract-types.js";
import type { CUSTOMER_FIELDS, RowField } from "./order-form-fields.js";
import { uiMessage, type UiMessageKey } from "./ui-messages.js";

export const CUSTOMER_LABELS: Record<(typeof CUSTOMER_FIELDS)[number], UiMessageKey> = {
  name: "customer-name",
  mobilePhone: "customer-mobile",
  countryCode: "customer-country",
  email: "customer-email",
  nationalId: "customer-national-id",
  postalCode: "customer-postal-code",
};

export const ROW_LABELS: Record<RowField, UiMessageKey> = {
  articleNumber: "row-article",
  name: "row-name",
  quantity: "row-quantity",
  unit: "row-unit",
  unitPrice: "row-unit-price",
  discountPercent: "row-discount",
  vatPercent: "row-vat",
};

const ORDER_LABELS: Record<string, UiMessageKey> = { number: "order-number", currency: "currency", paymentMethod: "payment-method", pricesIncludeVat: "price-basis" };

export interface FieldControl {
  /** The control's id on the order page. */
  id: string;
  label: string;
}

/**
 * The control a refusal names, if the page has one. A save's refusals name the order's fields (the host form writes
 * rows.0.name, the plugin rows[0].name); an after-payment action's name its own inputs (amount, vatPercent, confirm,
 * and credit.<row index> for a row credit, see creditRefusalAsTyped); a refused delete names delete.confirm.
 * A field without a control of its own (the computed total, a credit request's row list) has none.
 */
export function fieldControl(field: string, locale: Locale, action: boolean, currency: string): FieldControl | undefined {
  const t = (key: UiMessageKey, params?: Record<string, string | number>) => uiMessage(locale, key, params);
  if (action) {
    if (field === "amount") return { id: "credit-amount", label: t("credit-amount", { currency }) };
    if (field === "vatPercent") return { id: "credit-vat", label: t("credit-vat") };
    if (field === "confirm") return { id: "annul-confirm", label: t("annul-confirm") };
    if (field === "delete.confirm") return { id: "delete-confirm", label: t("delete-confirm") };
    const creditRow = /^credit\.(\d+)$/.exec(field);
    if (creditRow) {
      const index = Number(creditRow[1]);
      return { id: `credit-row-${index}`, label: `${t("row-caption", { n: index + 1 })}: ${t("credit-quantity")}` };
    }
    return undefined;
  }
  const row = /^rows(?:\[(\d+)\]|\.(\d+))\.(\w+)$/.exec(field);
  if (row) {
    const index = Number(row[1] ?? row[2]);
    const name = row[3]!;
    if (!Object.hasOwn(ROW_LABELS, name)) return undefined;
    return { id: `row-${index}-${name}`, label: `${t("row-caption", { n: index + 1 })}: ${t(ROW_LABELS[name as RowField])}` };
  }
  const customer = /^customer\.(\w+)$/.exec(field);
  if (customer) {
    const name = customer[1]!;
    if (name === "customerType") return { id: "customer-customerType", label: t("customer-type") };
    if (!Object.hasOwn(CUSTOMER_LABELS, name)) return undefined;
    return { id: `customer-${name}`, label: t(CUSTOMER_LABELS[name as (typeof CUSTOMER_FIELDS)[number]]) };
  }
  // The rows as a whole (an order without any): the rows section by its heading, at its first row's first input.
  if (field === "rows") return { id: "row-0-articleNumber", label: t("rows") };
  // The total is computed from the rows, not typed: a refusal of it (a zero total) points at where the page shows it.
  if (field === "total") return { id: "order-total", label: t("column-total") };
  return Object.hasOwn(ORDER_LABELS, field) ? { id: field, label: t(ORDER_LABELS[field]!) } : undefined;
}

/**
 * A refusal of a row credit names the request's row list (`rows[0].quantity`: the first row credited); the clerk typed
 * into the order row's own input (`credit.1`: the order's second row), so the page names that one.
 */
export function creditRefusalAsTyped(refusal: Refusal, body: Record<string, unknown>): Refusal {
  const named = refusal.field ? /^rows\[(\d+)\]\.quantity$/.exec(refusal.field) : null;
  const requested = named && Array.isArray(body.rows) ? (body.rows[Number(named[1])] as { row?: unknown } | undefined) : undefined;
  return typeof requested?.row === "number" ? { ...refusal, field: `credit.${requested.row}` } : refusal;
}
