// order.credit: credits rows or an amount of a paid order through Svea Instore's return. Credits add up and never
// exceed what was paid; the check is made here first, and the mock (like Svea) checks again.
import { currencyMinorDigits, formatHundredths, orderTotalMinor, rowTotalMinor, toHundredths, toMinorUnits } from "../../../common/money.js";
import type { OrderItem } from "../../../common/svea-instore-types.js";
import type { AfterPaymentResult, Locale, OrderCreditInput, Refusal } from "../../host-contract/host-contract-types.js";
import { t } from "../../i18n/index.js";
import { creditedMinorOf, withRequest, type AfterPaymentCredit, type AfterPaymentRecord } from "../../store/after-payment-record.js";
import { inLocale, isRoundingRow, MAX_UNIT_PRICE, SVEA_INSTORE_COUNTRIES, vatInLocale, vatListInLocale } from "../../svea-order/index.js";
import type { UseCaseDeps } from "../use-case-deps.js";
import { callSveaWithIntent, readFailure } from "./after-payment-call.js";
import { amountCreditRates, goodsAndRounding } from "./amount-credit-rates.js";
import { afterPaymentOf, amountText, creditedQuantityOf, remainingMinorOf, saveAfterPayment } from "./after-payment-state.js";
import { refusal } from "./after-payment-refusal.js";
import { accepted, askedAction, onPaidOrder, refused } from "./on-paid-order.js";
import { paidItemOf, paidOrderItems, type PaidOrderItems } from "./paid-order-items.js";

interface CreditPlan {
  items: OrderItem[];
  amount: bigint;
  rows: AfterPaymentCredit["rows"];
  /** Row parts that went with a rounding item: the row as the clerk counts it, and the item's amount. */
  roundings: { row: number; amount: bigint }[];
  /** A credit by amount: its VAT rate (hundredths). */
  vatPercent?: number;
}

type Planned = { ok: true; plan: CreditPlan } | { ok: false; errors: Refusal[] };

export async function creditOrder(deps: UseCaseDeps, input: OrderCreditInput): Promise<AfterPaymentResult> {
  const { order, locale } = input;
  if (input.rows === undefined && input.amount === undefined) return refused([refusal(locale, "credit-nothing", undefined, "amount")]);
  if (input.rows !== undefined && input.amount !== undefined) return refused([refusal(locale, "credit-what", undefined, "rows")]);
  return onPaidOrder(deps, input, askedAction("credit", input.rows ?? null, input.amount ?? null, input.vatPercent ?? null), async ({ link, notices, signal, request }) => {
    let paid: PaidOrderItems;
    try {
      paid = await paidOrderItems(deps, order, link, locale, signal);
    } catch (error) {
      return refused([readFailure(deps, order.id, error, locale)], notices);
    }
    const record = afterPaymentOf(link, paid);
    const planned = input.rows ? planRows(deps, input, paid, record) : planAmount(deps, input, paid, record);
    if (!planned.ok) return refused(planned.errors, notices);
    const { plan } = planned;
    const remaining = remainingMinorOf(record);
    // Rows that credit less than nothing (a discount row on its own) would be refused by Svea as a negative total.
    if (plan.amount < 0n) return refused([refusal(locale, "credit-negative", { amount: amountText(record, plan.amount, locale) }, "rows")], notices);
    // A part of a row worth nothing (the second half of a 0.01 row, whose first half took the öre) is recorded as
    // credited without a call: Svea would get a return of nothing (its API documents none, and an empty one credits
    // the whole order). Rows that only net to nothing (a coupon and a row of its worth) do go to Svea, as a return of
    // 0.00: each is VAT on a credit note, and Svea must know what was returned.
    if (plan.items.every((item) => rowTotalMinor(item) === 0n)) {
      const credits = [...record.credits, { at: deps.clock.now(), amountMinor: "0", via: "credit" as const, rows: plan.rows }];
      await saveAfterPayment(deps, order.id, link, withRequest({ ...record, credits }, request));
      notices.push({ code: "credited-nothing-due", severity: "info", message: t(locale, "notice.credited-nothing-due") });
      return accepted(deps, order.id, locale, notices);
    }
    if (plan.amount > remaining)
      return refused([refusal(locale, "credit-exceeds-paid", { amount: amountText(record, plan.amount, locale), remaining: amountText(record, remaining, locale) }, input.rows ? "rows" : "amount")], notices);
    const overRate = rateExceeded(plan, paid, record);
    if (overRate)
      return refused(
        [
          refusal(
            locale,
            "credit-exceeds-rate",
            { amount: amountText(record, overRate.amount, locale), vat: vatInLocale(overRate.vat, locale), remaining: amountText(record, overRate.remaining, locale) },
            input.rows ? "rows" : "vatPercent",
          ),
        ],
        notices,
      );
    const rate = plan.vatPercent === undefined ? {} : { vatPercent: plan.vatPercent };

    const outcome = await callSveaWithIntent(
      deps,
      order.id,
      link,
      record,
      { kind: "credit", amountMinor: plan.amount.toString(), rows: plan.rows, ...rate, orderRowIds: null, request },
      locale,
      () => deps.svea!.returnOrder(link.merchantOrderNumber, { returnedItems: plan.items }, { signal }),
      (_, before) => ({ ...before, credits: [...before.credits, { at: deps.clock.now(), amountMinor: plan.amount.toString(), via: "credit", rows: plan.rows, ...rate }] }),
    );
    if (!outcome.ok) return refused([outcome.refusal], notices);
    const after = outcome.link.afterPayment!;
    for (const { row, amount } of plan.roundings)
      notices.push({ code: "credit-rounding-added", severity: "info", message: t(locale, "notice.credit-rounding-added", { row, amount: amountText(after, amount, locale) }) });
    notices.push({
      code: "credited",
      severity: "info",
      message: t(locale, "notice.credited", {
        amount: amountText(after, plan.amount, locale),
        credited: amountText(after, creditedMinorOf(after), locale),
        paid: amountText(after, BigInt(after.paidMinor), locale),
      }),
    });
    return accepted(deps, order.id, locale, notices);
  });
}

/** Rows by their index in the host order; a quantity defaults to what of the row is not yet credited. */
function planRows(deps: UseCaseDeps, input: OrderCreditInput, paid: PaidOrderItems, record: AfterPaymentRecord): Planned {
  const { order, locale } = input;
  const errors: Refusal[] = [];
  const items: OrderItem[] = [];
  const rows: { rowNumber: number; quantity: number }[] = [];
  const roundings: CreditPlan["roundings"] = [];
  (input.rows ?? []).forEach((wanted, i) => {
    const field = `rows[${i}]`;
    const shown = wanted.row + 1;
    const found = paidItemOf(order, wanted.row, paid);
    if (found && "changed" in found)
      return errors.push(refusal(locale, "credit-row-changed", { row: shown, paid: found.changed.name }, `${field}.row`));
    const item = found?.item;
    if (!item || item.rowNumber === undefined) return errors.push(refusal(locale, "credit-row-unknown", { row: shown }, `${field}.row`));
    const left = item.quantity - creditedQuantityOf(record, item.rowNumber) - rows.filter((r) => r.rowNumber === item.rowNumber).reduce((s, r) => s + r.quantity, 0);
    let quantity = left;
    if (wanted.quantity !== undefined) {
      const q = toHundredths(wanted.quantity);
      if (!q.exact || q.value <= 0n || q.value > 9_999_999n)
        return errors.push(refusal(locale, "credit-quantity-invalid", { row: shown, quantity: inLocale(String(wanted.quantity), locale) }, `${field}.quantity`));
      quantity = Number(q.value);
    }
    if (left <= 0) return errors.push(refusal(locale, "credit-row-done", { row: shown }, `${field}.row`));
    if (quantity > left || quantity <= 0)
      return errors.push(
        refusal(locale, "credit-row-exceeds", { row: shown, quantity: quantityText(quantity, locale), remaining: quantityText(Math.max(left, 0), locale) }, `${field}.quantity`),
      );
    // A fixed discount belongs to the whole row: a part of it would need a rounded share of the discount.
    if (item.discountAmount !== undefined && quantity !== item.quantity) return errors.push(refusal(locale, "credit-row-whole", { row: shown }, `${field}.quantity`));
    const part = partOfRow(item, item.quantity - left, quantity, (amount) => creditRoundingItem(deps, record, item, shown, amount));
    items.push(...part.items);
    if (part.rounding !== null) roundings.push({ row: shown, amount: part.rounding });
    rows.push({ rowNumber: item.rowNumber, quantity });
  });
  if (errors.length > 0) return { ok: false, errors };
  // Every row now credited in full: the rounding row goes with them, so the order is credited exactly what was paid
  // (a negative one would otherwise leave the last rows "over what remains" by its öre, a positive one unreturned).
  const rounding = paid.items.at(-1);
  const roundingNamed = (n: number | undefined) => rows.some((r) => r.rowNumber === n);
  if (rounding && isRoundingRow(rounding) && rounding.rowNumber !== undefined && creditedQuantityOf(record, rounding.rowNumber) === 0 && !roundingNamed(rounding.rowNumber)) {
    const done = (item: OrderItem) =>
      item.rowNumber !== undefined &&
      creditedQuantityOf(record, item.rowNumber) + rows.filter((r) => r.rowNumber === item.rowNumber).reduce((sum, r) => sum + r.quantity, 0) >= item.quantity;
    if (paid.items.slice(0, -1).every(done)) {
      items.push({ ...rounding });
      rows.push({ rowNumber: rounding.rowNumber, quantity: rounding.quantity });
    }
  }
  return { ok: true, plan: { items, amount: orderTotalMinor(items), rows, roundings } };
}

/** An amount as one credit row at the order's VAT rate (or the one given, when the order has several). */
function planAmount(deps: UseCaseDeps, input: OrderCreditInput, paid: PaidOrderItems, record: AfterPaymentRecord): Planned {
  const { locale } = input;
  const amount = toMinorUnits(input.amount!, record.currency);
  // Over Svea's largest unit price the one credit row could not be sent; the amount is echoed only up to a length.
  if (!amount.exact || amount.value <= 0n || amount.value > MAX_UNIT_PRICE)
    return {
      ok: false,
      errors: [
        refusal(
          locale,
          "credit-amount-invalid",
          { amount: inLocale(String(input.amount).slice(0, 40), locale), max: amountText(record, MAX_UNIT_PRICE, locale), digits: currencyMinorDigits(record.currency) },
          "amount",
          { rule: !amount.exact ? "minorUnits" : amount.value <= 0n ? "exclusiveMinimum" : "maximum" },
        ),
      ],
    };
  // The rounding row (0 %, quantity 1, last) carries öre, not goods: its 0 % is no rate an amount is credited at unless
  // asked for (the öre a positive rounding row took are given back at 0 %, as paid, once the goods' rate has none left).
  const { rates } = goodsAndRounding(paid.items);
  let vat: number;
  if (input.vatPercent !== undefined) {
    const given = toHundredths(input.vatPercent);
    if (!given.exact || !amountCreditRates(paid.items).includes(Number(given.value))) return { ok: false, errors: [refusal(locale, "credit-vat-invalid", { vat: inLocale(String(input.vatPercent), locale) }, "vatPercent")] };
    vat = Number(given.value);
  } else if (rates.length === 1) {
    vat = rates[0]!;
  } else {
    return { ok: false, errors: [refusal(locale, "credit-vat-required", { rates: vatListInLocale(rates, locale) }, "vatPercent")] };
  }
  // The row's name is on the customer's invoice: the shop's language, not the clerk's.
  const item: OrderItem = { name: t(deps.settings.defaultLocale, "after-payment.credit-row-name"), quantity: 100, unitPrice: Number(amount.value), vatPercent: vat, unit: invoiceUnit(record) };
  return { ok: true, plan: { items: [item], amount: amount.value, rows: null, roundings: [], vatPercent: vat } };
}

/**
 * The rate this credit would take past what was sold at it, if any: a credit note's VAT must be VAT the customer paid.
 * What a rate has left is what its rows cost, less the row credits (their parts add up to the row's total at the
 * quantity credited) and the amount credits made at it. Unknown when an amount credit kept before its rate was
 * recorded (or an annulment) could be at any of several rates: then only the total limits the credit.
 */
function rateExceeded(plan: CreditPlan, paid: PaidOrderItems, record: AfterPaymentRecord): { vat: number; amount: bigint; remaining: bigint } | undefined {
  const left = new Map<number, bigint>();
  for (const item of paid.items) left.set(item.vatPercent, (left.get(item.vatPercent) ?? 0n) + rowTotalMinor(item));
  const goodsRates = goodsAndRounding(paid.items).rates;
  for (const credit of record.credits) {
    if (credit.rows) continue;
    const vat = credit.vatPercent ?? (credit.via === "credit" && goodsRates.length === 1 ? goodsRates[0] : undefined);
    if (vat === undefined || !left.has(vat)) return undefined;
    left.set(vat, left.get(vat)! - BigInt(credit.amountMinor));
  }
  for (const item of paid.items) {
    const credited = item.rowNumber === undefined ? 0 : Math.min(creditedQuantityOf(record, item.rowNumber), item.quantity);
    if (credited > 0) left.set(item.vatPercent, left.get(item.vatPercent)! - rowTotalMinor({ ...item, quantity: credited }));
  }
  const asked = new Map<number, bigint>();
  for (const item of plan.items) asked.set(item.vatPercent, (asked.get(item.vatPercent) ?? 0n) + rowTotalMinor(item));
  for (const [vat, amount] of asked) {
    const remaining = left.get(vat) ?? 0n;
    if (amount > 0n && amount > remaining) return { vat, amount, remaining: remaining < 0n ? 0n : remaining };
  }
  return undefined;
}

/** The unit of the invoice's country (the paid currency's: SEK → st, NOK and DKK → stk, EUR → kpl). */
function invoiceUnit(record: AfterPaymentRecord): string {
  return Object.values(SVEA_INSTORE_COUNTRIES).find((c) => c.currency === record.currency)?.defaultUnit ?? "st";
}

/**
 * One unit of `amount` (positive or negative) at the row's VAT rate, named for the row in the shop's language (it is on
 * the customer's invoice). It has no article number and a name of its own, so it draws on no sold row.
 */
function creditRoundingItem(deps: UseCaseDeps, record: AfterPaymentRecord, row: OrderItem, shown: number, amount: bigint): OrderItem {
  const name = t(deps.settings.defaultLocale, "after-payment.credit-rounding-row-name", { row: shown });
  return { name, quantity: 100, unitPrice: Number(amount), vatPercent: row.vatPercent, unit: invoiceUnit(record) };
}

/** A part of a row as Svea gets it: the returned item, and the rounding item that makes it exact when one is needed. */
interface RowPart {
  items: OrderItem[];
  /** The rounding item's amount, when the part needed one. */
  rounding: bigint | null;
}

/**
 * The returned items for `quantity` hundredths of a paid row of which `before` are credited already, priced so that
 * the row's credits add up to exactly what the row cost: the part's amount is the row's total at `before + quantity`
 * less its total at `before` (each rounded as Svea rounds a row). Svea rounds each returned item on its own (three
 * credits of one of 3 × 0.99 at 12.5 % off would be 0.87 each, 2.61 for a 2.60 row), so where that differs the item
 * carries the difference as a fixed `discountAmount` instead of its percentage. A difference a discount cannot carry
 * (the part must cost more than its plain price: the last 0.99 of 1.50 kg at 9.99 is 9.90, Svea's rounding 9.89; a
 * negative row; a discount over Svea's limit) goes as a rounding item of its own at the row's VAT rate, beside the
 * part at Svea's rounding (Svea's returned rows need not match the sold ones).
 */
function partOfRow(item: OrderItem, before: number, quantity: number, roundingItem: (amount: bigint) => OrderItem): RowPart {
  const part: OrderItem = { ...item, quantity };
  if (before === 0 && quantity === item.quantity) return { items: [part], rounding: null };
  const wanted = rowTotalMinor({ ...item, quantity: before + quantity }) - rowTotalMinor({ ...item, quantity: before });
  const asSvea = rowTotalMinor(part);
  if (asSvea === wanted) return { items: [part], rounding: null };
  const { discountPercent: _percent, ...plain } = part;
  const discount = rowTotalMinor(plain) - wanted;
  // A discount on a negative row (a coupon) is a sign Svea does not document: such a row takes the rounding item.
  if (item.unitPrice > 0 && discount > 0n && discount <= MAX_UNIT_PRICE) return { items: [{ ...plain, discountAmount: Number(discount) }], rounding: null };
  return { items: [part, roundingItem(wanted - asSvea)], rounding: wanted - asSvea };
}

/** A quantity in hundredths as the clerk writes it. */
const quantityText = (hundredths: number, locale: Locale): string => inLocale(formatHundredths(hundredths), locale);
