// How the mock refuses a create under a merchantOrderNumber the merchant already used: one place, set at run time.
import type { MockSettings } from "./mock-svea-schemas.js";
import { MockSveaError } from "./problem-document.js";

/**
 * Svea's API document says only that merchantOrderNumber is unique per merchant, not with which status a repeat is
 * refused. The mock answers 409 by default; 400 (an ASP.NET validation problem document naming merchantOrderNumber)
 * or 422 can be set (`duplicateCreateStatus`, a start option and `PUT /__admin/settings`), so a client can be tried
 * against each.
 */
export type DuplicateCreateStatus = NonNullable<MockSettings["duplicateCreateStatus"]>;

export const DEFAULT_DUPLICATE_CREATE_STATUS: DuplicateCreateStatus = 409;

export function duplicateCreateRefusal(status: DuplicateCreateStatus, merchantOrderNumber: string): MockSveaError {
  const detail = `an order with merchantOrderNumber "${merchantOrderNumber}" already exists for this merchant`;
  return status === 400 ? MockSveaError.invalid("merchantOrderNumber", "unique", detail) : new MockSveaError(status, detail);
}
