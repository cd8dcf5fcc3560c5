// Reads a hook's input from the host: validated leniently against the host contract, never changing the host's object (a copy, or a validator that only reads).
import { fieldProblem } from "../common/field-problem-text.js";
import { SchemaRegistry, type FieldError, type Validator } from "../common/json-schema-validator.js";
import { tooDeepError } from "../common/json-depth.js";
import { copyPlainData, MAX_COPY_DEPTH, NestedTooDeepError } from "./store/plain-data-copy.js";
import { markCheckedHostOrder } from "./host-contract/checked-host-orders.js";
import { hostContractSchemas, hostContractValidators, hostOrderFields } from "./host-contract/host-contract-schemas.js";
import type { HostOrder, Locale, PickingFilterInput, Refusal } from "./host-contract/host-contract-types.js";
import { t } from "./i18n/index.js";

/** A hook was called with input that breaks the host contract; a host bug, answered with the fields at fault. */
export class HookInputError extends Error {
  readonly code = "invalid-hook-input";
  readonly status = 400;
  constructor(
    readonly hook: string,
    readonly errors: FieldError[],
  ) {
    super(`${hook}: invalid input: ${errors.map((e) => `${e.path || "(input)"} ${e.message}`).join("; ")}`);
    this.name = "HookInputError";
  }
}

/**
 * picking.filter hands over a whole picking list (100,000 orders and more). Its schema has nothing a lenient read
 * would drop (no `additionalProperties: false`), so the same schema compiled without removeAdditional accepts and
 * refuses exactly the same inputs (a property test checks it) and the list is read where it lies, with no copy.
 */
const pickingFilterInputInPlace = new SchemaRegistry([hostContractSchemas.locale, hostContractSchemas.pickingFilterInput]).validator<PickingFilterInput>(
  hostContractSchemas.pickingFilterInput.$id,
  "strict",
);

/** Lenient validators stood in for by ones that never change their input. */
const IN_PLACE = new Map<Validator<unknown>, Validator<unknown>>([[hostContractValidators.pickingFilterInput, pickingFilterInputInPlace]]);

export function readHookInput<T>(hook: string, validate: Validator<T>, input: unknown): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  const inPlace = IN_PLACE.get(validate) as Validator<T> | undefined;
  if (inPlace) {
    const result = inPlace(input);
    return result.ok ? { ok: true, value: result.value } : { ok: false, errors: result.errors };
  }
  // The copy also keeps what was validated from changing under the plugin while it waits for the order's lock.
  let copy: unknown;
  try {
    copy = copyPlainData(input);
  } catch (error) {
    if (!(error instanceof NestedTooDeepError)) throw error;
    return { ok: false, errors: [tooDeepError(input, MAX_COPY_DEPTH)] };
  }
  const result = validate(copy);
  if (!result.ok) return { ok: false, errors: result.errors };
  // Nothing outside the plugin holds the copy, so buildSveaOrder need not validate its orders a second time.
  for (const field of hostOrderFields.get(validate as Validator<unknown>) ?? []) {
    const order = (result.value as Record<string, unknown> | null)?.[field];
    if (order !== null && typeof order === "object") markCheckedHostOrder(order as HostOrder);
  }
  return { ok: true, value: result.value };
}

export function requireHookInput<T>(hook: string, validate: Validator<T>, input: unknown): T {
  const read = readHookInput(hook, validate, input);
  if (!read.ok) throw new HookInputError(hook, read.errors);
  return read.value;
}

/**
 * Field errors as the clerk's refusals: each names the field and the rule. A field of the order is `order-invalid` and
 * says the order cannot be read; any other (an after-payment action's amount, rows, confirmation) is `input-invalid`
 * and names only itself.
 */
export function refusalsFor(errors: FieldError[], locale: Locale): [Refusal, ...Refusal[]] {
  const refusals = errors.map((e) => {
    const ofOrder = e.path === "" || e.path === "order" || e.path.startsWith("order.") || e.path.startsWith("order[");
    const params = { field: e.path || "order", problem: fieldProblem(e, locale) };
    return {
      code: ofOrder ? "order-invalid" : "input-invalid",
      field: e.path.replace(/^order\./, "") || undefined,
      rule: e.rule,
      message: t(locale, ofOrder ? "refusal.order-invalid" : "refusal.input-invalid", params),
    };
  });
  return refusals as [Refusal, ...Refusal[]];
}

/** The clerk's locale from input that may not have validated. */
export function localeOf(input: unknown, fallback: Locale): Locale {
  const locale = (input as { locale?: unknown } | null)?.locale;
  return locale === "sv" || locale === "en" ? locale : fallback;
}
