// Reads a hook's input from the host: validated leniently against the host contract, on a copy so the host's object stays untouched.
import type { FieldError, Validator } from "../common/json-schema-validator.js";
import type { Locale, Refusal } from "./host-contract/host-contract-types.js";
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

export function readHookInput<T>(hook: string, validate: Validator<T>, input: unknown): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  const copy = structuredClone(input);
  const result = validate(copy);
  return result.ok ? { ok: true, value: result.value } : { ok: false, errors: result.errors };
}

export function requireHookInput<T>(hook: string, validate: Validator<T>, input: unknown): T {
  const read = readHookInput(hook, validate, input);
  if (!read.ok) throw new HookInputError(hook, read.errors);
  return read.value;
}

/** Field errors as the clerk's refusals: each names the field and the rule. */
export function refusalsFor(errors: FieldError[], locale: Locale): [Refusal, ...Refusal[]] {
  const refusals = errors.map((e) => ({
    code: "order-invalid",
    field: e.path.replace(/^order\./, "") || undefined,
    rule: e.rule,
    message: t(locale, "refusal.order-invalid", { field: e.path || "order", problem: e.message }),
  }));
  return refusals as [Refusal, ...Refusal[]];
}

/** The clerk's locale from input that may not have validated. */
export function localeOf(input: unknown, fallback: Locale): Locale {
  const locale = (input as { locale?: unknown } | null)?.locale;
  return locale === "sv" || locale === "en" ? locale : fallback;
}
