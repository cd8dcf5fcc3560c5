// How much of a paid order is still creditable, in total and per sold row; returns and cancels both draw on it.
import type { OrderItem } from "../../common/svea-instore-types.js";
import { orderTotalMinor } from "../../common/money.js";
import type { MockOrder } from "../mock-svea-schemas.js";

export function creditedMinor(order: MockOrder): bigint {
  let sum = 0n;
  for (const credit of order.credits) sum += BigInt(credit.amountMinor);
  return sum;
}

export const minBigInt = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export function remainingMinor(order: MockOrder): bigint {
  return orderTotalMinor(order.request.orderItems) - creditedMinor(order);
}

/**
 * The sold row a returned row draws on: same articleNumber when both have one, otherwise same name and unit price;
 * of several such rows (one article sold at two prices), the one with the returned row's rowNumber, else the first.
 * Returned rows need not match any sold row (Svea allows that); then only the total limits them, as it does a row in
 * another unit or at another price (`sameMeasure`).
 */
export function matchingSoldRow(sold: readonly OrderItem[], returned: OrderItem): number {
  const matches = (s: OrderItem) =>
    s.articleNumber !== undefined && returned.articleNumber !== undefined
      ? s.articleNumber === returned.articleNumber
      : s.name === returned.name && s.unitPrice === returned.unitPrice;
  const numbered = returned.rowNumber === undefined ? -1 : sold.findIndex((s) => s.rowNumber === returned.rowNumber && matches(s));
  return numbered >= 0 ? numbered : sold.findIndex(matches);
}

/**
 * Whether a returned row counts the same units at the same price as its sold row, so that their quantities compare:
 * 50000 hundredths of "g" at 0.10 say nothing about the 1.5 "kg" sold. Svea's returned rows need not match the sold
 * ones; only where unit and unitPrice both match does the mock hold a row's returned quantity to what was sold.
 */
export function sameMeasure(sold: OrderItem, returned: OrderItem): boolean {
  return sold.unit === returned.unit && sold.unitPrice === returned.unitPrice;
}

/** Quantity (hundredths) already returned per sold row, in the sold row's unit at its price (`sameMeasure`). */
export function returnedQuantities(order: MockOrder): number[] {
  const sold = order.request.orderItems;
  const out = sold.map(() => 0);
  for (const credit of order.credits) {
    for (const item of credit.items) {
      const i = matchingSoldRow(sold, item);
      if (i >= 0 && sameMeasure(sold[i]!, item)) out[i]! += item.quantity;
    }
  }
  return out;
}

/** The sold rows (indexes) a return drew on, in whatever unit or at whatever price. */
export function returnedRows(order: MockOrder): Set<number> {
  const sold = order.request.orderItems;
  const rows = new Set<number>();
  for (const credit of order.credits) {
    if (credit.kind !== "return") continue;
    for (const item of credit.items) {
      const i = matchingSoldRow(sold, item);
      if (i >= 0) rows.add(i);
    }
  }
  return rows;
}
