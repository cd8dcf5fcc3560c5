// The length rule for the id of an order that comes into being now: at most 500 characters (code points). PostgreSQL
// indexes the id (the plugin's orders and order_leases, the reference host's order book), and an index key holds at
// most about 2,700 bytes: 500 characters of up to 4 UTF-8 bytes each fit with room, where 676 such characters already
// fail. The rule is not the order schema's: an order stored under a longer id before the rule (the embedded store took
// any length) must still be read, credited, annulled, delivered and deleted, so only the places where a NEW order is
// stored apply it (order.save of an order the plugin holds no record of, the reference host's create of an order).
import { fieldProblem } from "../../common/field-problem-text.js";
import type { FieldError } from "../../common/json-schema-validator.js";

export const MAX_NEW_ORDER_ID_LENGTH = 500;

/**
 * The problem with `id` as the id of a new order, named `path` (the order's field, `id` by default), in the schema's
 * words (rule maxLength, its limit), or undefined when a new order may take it.
 */
export function newOrderIdProblem(id: string, path = "id"): FieldError | undefined {
  let length = 0;
  for (const _ of id) if (++length > MAX_NEW_ORDER_ID_LENGTH) break;
  if (length <= MAX_NEW_ORDER_ID_LENGTH) return undefined;
  const error: FieldError = { path, rule: "maxLength", message: "", params: { limit: MAX_NEW_ORDER_ID_LENGTH } };
  return { ...error, message: fieldProblem(error, "en") };
}
