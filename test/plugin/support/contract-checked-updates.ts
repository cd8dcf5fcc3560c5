// Every payment-state update a test host receives is checked against the host contract's strict schema, so each test
// that drives the real plugin also proves what it tells the host is within the contract (the reference host refuses
// anything else). A violation fails the test it happened in, after it ran: thrown inside setPaymentState, the plugin
// would only log it as a host refusal.
import { afterEach, expect } from "vitest";
import { hostContractValidators } from "../../../plugin/host-contract/host-contract-schemas.js";
import type { FieldError } from "../../../common/json-schema-validator.js";

const violations: { update: unknown; errors: FieldError[] }[] = [];

export function checkAgainstHostContract(update: unknown): void {
  const checked = hostContractValidators.paymentStateUpdate(structuredClone(update));
  if (!checked.ok) violations.push({ update, errors: checked.errors });
}

afterEach(() => {
  expect(violations.splice(0), "payment state updates outside the host contract").toEqual([]);
});
