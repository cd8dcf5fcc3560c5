// An order id taken from an address, checked by the order schema's id rule before any order book is asked for it: a
// NUL in it (`/orders/%00`) makes the PostgreSQL order book fail the query, which must not become a 500.
import type { FieldError } from "../common/json-schema-validator.js";
import { hostOrderIdValidator } from "../plugin/host-contract/host-contract-schemas.js";

/** The id's broken rules, each named by the field `id` (empty when the id is one an order may have). */
export function orderIdProblems(id: string): FieldError[] {
  const checked = hostOrderIdValidator(id);
  return checked.ok ? [] : checked.errors.map((error) => ({ ...error, path: "id" }));
}
