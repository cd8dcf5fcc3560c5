// How the mock refuses a create under a merchantOrderNumber the merchant already used: one place, set at run time.
import { mockSveaSchemas, type MockSettings } from "./mock-svea-schemas.js";
import { MockSveaError } from "./problem-document.js";

/**
 * Svea's API document says only that merchantOrderNumber is unique per merchant, not with which status a repeat is
 * refused. The mock answers 409 by default; 400 (an ASP.NET validation problem document naming merchantOrderNumber)
 * or 422 can be set (`duplicateCreateStatus`: a start option, `--duplicate-create-status` or
 * MOCK_SVEA_DUPLICATE_CREATE_STATUS on the command line, and `PUT /__admin/settings`), so a client can be tried
 * against each.
 */
export type DuplicateCreateStatus = NonNullable<MockSettings["duplicateCreateStatus"]>;

export const DEFAULT_DUPLICATE_CREATE_STATUS: DuplicateCreateStatus = 409;

/** The statuses the setting may take, from its schema (`schemas/mock-svea/admin-settings.schema.json`). */
export const DUPLICATE_CREATE_STATUSES: readonly DuplicateCreateStatus[] = mockSveaSchemas.adminSettings.properties.duplicateCreateStatus.enum;

/** Reads the setting from a flag or variable's text; undefined when it is not one of DUPLICATE_CREATE_STATUSES. */
export function parseDuplicateCreateStatus(text: string): DuplicateCreateStatus | undefined {
  return DUPLICATE_CREATE_STATUSES.find((status) => String(status) === text);
}

export function duplicateCreateRefusal(status: DuplicateCreateStatus, merchantOrderNumber: string): MockSveaError {
  const detail = `an order with merchantOrderNumber "${merchantOrderNumber}" already exists for this merchant`;
  return status === 400 ? MockSveaError.invalid("merchantOrderNumber", "unique", detail) : new MockSveaError(status, detail);
}
