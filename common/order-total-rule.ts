// The CreateOrderRequest rules JSON Schema cannot express: the order total must be >= 0, and the rows' amounts must
// stay where a JSON number is exact.
import type { FieldError } from "./json-schema-validator.js";
import { rowTotalMinor, type PricedRow } from "./money.js";

/**
 * The most the rows above zero, and apart from them the rows below zero, may add up to: Number.MAX_SAFE_INTEGER minor
 * units. Every amount Payment Admin shows for an order (the order, a delivery, a credit, what is cancelled) is the sum
 * of some of its rows, so none then lies beyond what a JSON number (a double) carries exactly, nor beyond Svea's .NET
 * long. Svea documents no limit; this one is the project's (README "Choices where Svea documents nothing").
 */
export const MAX_ROWS_SUM_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

export function checkOrderTotal(rows: readonly PricedRow[]): FieldError[] {
  let above = 0n;
  let below = 0n;
  for (const row of rows) {
    const amount = rowTotalMinor(row);
    if (amount > 0n) above += amount;
    else below -= amount;
  }
  const total = above - below;
  if (total < 0n) return [{ path: "orderItems", rule: "orderTotal", message: `the order total must be >= 0 (it is ${total} minor units)`, params: { total: total.toString() } }];
  const largest = above > below ? above : below;
  if (largest <= MAX_ROWS_SUM_MINOR) return [];
  const params = { limit: MAX_ROWS_SUM_MINOR.toString(), above: above.toString(), below: (-below).toString() };
  return [
    {
      path: "orderItems",
      rule: "rowsSum",
      message: `the rows above zero, and those below zero, must each add up to at most ${params.limit} minor units (they add up to ${params.above} and ${params.below})`,
      params,
    },
  ];
}
