// The one CreateOrderRequest rule JSON Schema cannot express: the order total must be >= 0.
import type { FieldError } from "./json-schema-validator.js";
import { orderTotalMinor, type PricedRow } from "./money.js";

export function checkOrderTotal(rows: readonly PricedRow[]): FieldError[] {
  const total = orderTotalMinor(rows);
  if (total >= 0n) return [];
  return [{ path: "orderItems", rule: "orderTotal", message: `the order total must be >= 0 (it is ${total} minor units)`, params: { total: total.toString() } }];
}
