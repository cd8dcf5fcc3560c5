// Builds the CreateOrderRequest for one payment link from the host's order, or refuses with every problem named.
import { fieldProblem } from "../../common/field-problem-text.js";
import { currencyMinorDigits } from "../../common/money.js";
import { formatAmount } from "./amount-format.js";
import { checkOrderTotal } from "../../common/order-total-rule.js";
import { clientRequestValidators } from "../../common/svea-instore-schemas.js";
import type { CreateOrderRequest } from "../../common/svea-instore-types.js";
import { copyPlainData } from "../store/plain-data-copy.js";
import { isCheckedHostOrder } from "../host-contract/checked-host-orders.js";
import { hostContractValidators } from "../host-contract/host-contract-schemas.js";
import type { HostOrder, Locale, Notice, Refusal } from "../host-contract/host-contract-types.js";
import type { ResolvedSettings } from "../settings/index.js";
import { countryRulesOf, SVEA_INSTORE_COUNTRIES } from "./country-rules.js";
import { sortedRequestFingerprint } from "./order-fingerprint.js";
import { OrderFindings } from "./order-findings.js";
import { convertRows } from "./order-rows.js";
import { checkTotal, checkTotalSize } from "./order-total-check.js";
import { presetValuesOf } from "./preset-values.js";
import { checkMobilePhoneRemembered } from "./remembered-phone-check.js";

export type BuildResult =
  | {
      ok: true;
      request: CreateOrderRequest;
      notices: Notice[];
      fingerprint: string;
      /** What Svea is asked to charge: the host's total, to the öre, in minor units of the currency sent. */
      total: { currency: string; minor: bigint };
    }
  | { ok: false; errors: Refusal[] };

export interface BuildSveaOrderInput {
  order: HostOrder;
  settings: ResolvedSettings;
  merchantOrderNumber: string;
  callbackUri: string;
  locale: Locale;
}

/**
 * The request Svea receives for this order, with the notices for every fix-up, and the fingerprint of what Svea
 * receives apart from merchantOrderNumber and callbackUri. A refusal lists every problem found and means nothing
 * may be sent to Svea. The host's order object is never modified.
 */
export function buildSveaOrder(input: BuildSveaOrderInput): BuildResult {
  const findings = new OrderFindings(input.locale);
  if (!input.settings.accountConfigured) {
    findings.refuse("account-not-configured", undefined, "accountConfigured");
    return { ok: false, errors: findings.errors };
  }
  const order = readOrder(input.order, findings);
  if (!order) return { ok: false, errors: findings.errors };

  const countryCode = order.customer.countryCode.toUpperCase();
  const country = countryRulesOf(countryCode);
  if (!country) {
    // The number is not checked against a country Svea Instore does not serve: a valid Swedish mobile on a "US" card
    // is not the problem, and saying so would send the clerk to the wrong field.
    findings.refuse("country-unsupported", "customer.countryCode", "sveaInstoreCountry", {
      country: countryCode,
      supported: Object.keys(SVEA_INSTORE_COUNTRIES).join(", "),
    });
    return { ok: false, errors: findings.errors };
  }
  const phone = checkMobilePhoneRemembered(order.customer.mobilePhone, countryCode, input.locale);
  if (phone.ok && phone.notice) findings.notices.push(phone.notice);
  if (!phone.ok) findings.errors.push(phone.refusal);
  if (order.currency !== country.currency)
    findings.refuse("currency-mismatch", "currency", "countryCurrency", {
      currency: order.currency,
      country: countryCode,
      expected: country.currency,
    });

  // With a mismatched currency the rows are still checked, in the country's currency, so the clerk sees every problem.
  const currency = country.currency;
  const ctx = { currency, digits: currencyMinorDigits(currency), country, countryCode, pricesIncludeVat: order.pricesIncludeVat };
  const errorsBeforeRows = findings.errors.length;
  const rows = convertRows(order.rows, ctx, findings);
  const rowsOk = findings.errors.length === errorsBeforeRows;
  const totalSizeOk = checkTotalSize(order.total, currency, findings);
  const total = rowsOk && totalSizeOk ? checkTotal(order.total, rows, ctx, findings, order.rows.map((row, index) => row.rowNumber ?? index + 1)) : undefined;
  const presetValues = presetValuesOf(order.customer, findings);
  if (findings.errors.length > 0 || !phone.ok) return { ok: false, errors: findings.errors };

  const request = assembleRequest(input, {
    countryCode,
    currency,
    mobilePhoneNumber: phone.e164,
    orderItems: [...rows.map((r) => r.item), ...(total?.roundingRow ? [total.roundingRow] : [])],
    presetValues,
  });
  const wire = checkWireRules(request, findings);
  if (!wire) return { ok: false, errors: findings.errors };
  // A total is always checked by now: no refusal means the rows were fine and checkTotal returned one.
  return { ok: true, request: wire, notices: findings.notices, fingerprint: sortedRequestFingerprint(wire), total: { currency, minor: total!.totalMinor } };
}

/**
 * A validated copy of the host's order. An empty currency takes the country's (the host schema requires one, but a
 * half-filled order should not fail on it), with a notice; any other schema violation refuses, naming the field.
 */
function readOrder(given: HostOrder, findings: OrderFindings): HostOrder | undefined {
  // A hook input's private copy, already validated against the same schema: nothing to default, nothing to refuse.
  if (isCheckedHostOrder(given)) return given;
  const copy = copyPlainData(given) as HostOrder & { currency?: unknown };
  const country = typeof copy.customer?.countryCode === "string" ? countryRulesOf(copy.customer.countryCode) : undefined;
  if ((copy.currency === undefined || copy.currency === null || copy.currency === "") && country) {
    copy.currency = country.currency;
    findings.notice("currency-defaulted", "warning", "currency", { currency: country.currency });
  }
  const checked = hostContractValidators.order(copy);
  if (checked.ok) return checked.value;
  for (const e of checked.errors)
    findings.refuse("order-invalid", e.path || "order", e.rule, { field: e.path || "order", problem: fieldProblem(e, findings.locale) });
  return undefined;
}

interface OrderParts {
  countryCode: string;
  currency: string;
  mobilePhoneNumber: string;
  orderItems: CreateOrderRequest["orderItems"];
  presetValues: NonNullable<CreateOrderRequest["presetValues"]>;
}

// Keys are added in sorted order (here, in order items, in preset values and in the rounding row): the fingerprint
// takes the request's JSON.stringify as its canonical JSON (sortedRequestFingerprint), and a property test holds every
// built request to that order, since a key out of order would change the fingerprints of links already stored.
// Assignments, not spreads of optional parts: a literal with spreads makes a slow object that every later pass (ajv,
// JSON) pays for.
function assembleRequest(input: BuildSveaOrderInput, parts: OrderParts): CreateOrderRequest {
  const { settings } = input;
  const request = { callbackUri: input.callbackUri } as CreateOrderRequest;
  if (settings.confirmationUri !== undefined) request.confirmationUri = settings.confirmationUri;
  request.countryCode = parts.countryCode;
  request.currency = parts.currency;
  request.deferredDelivery = settings.deferredDelivery;
  if (settings.merchantName !== undefined) request.merchantName = settings.merchantName;
  request.merchantOrderNumber = input.merchantOrderNumber;
  request.minutesUntilLinkExpires = settings.linkLifetimeMinutes;
  request.mobilePhoneNumber = parts.mobilePhoneNumber;
  request.orderItems = parts.orderItems;
  if (parts.presetValues.length > 0) request.presetValues = parts.presetValues;
  if (settings.tags !== undefined && settings.tags.length > 0) request.tags = [...settings.tags];
  request.termsUri = settings.termsUri;
  return request;
}

/**
 * The last gate before Svea: the wire schema and the total rule. The steps above should make this pass; when it does
 * not (a callbackUri over 500 characters from a long publicBaseUrl, say), the order is refused rather than sent.
 */
function checkWireRules(request: CreateOrderRequest, findings: OrderFindings): CreateOrderRequest | undefined {
  const checked = clientRequestValidators.createOrderRequest(request);
  const problems = checked.ok ? checkOrderTotal(request.orderItems) : checked.errors;
  for (const e of problems) {
    // Rows each within their limit that add up past what an amount can carry exactly: said of the rows, in the
    // currency, not as an order the plugin "cannot read" naming Svea's orderItems in minor units.
    if (e.rule === "rowsSum" && e.params) {
      const show = (minor: unknown) => formatAmount(BigInt(String(minor)), request.currency ?? "", findings.locale);
      findings.refuse("rows-sum-too-large", "rows", "rowsSum", { above: show(e.params.above), below: show(e.params.below), max: show(e.params.limit) });
      continue;
    }
    findings.refuse("order-invalid", e.path || "order", e.rule, { field: e.path || "order", problem: fieldProblem(e, findings.locale) });
  }
  return problems.length === 0 ? request : undefined;
}

