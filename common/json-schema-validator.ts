// Compiles JSON Schemas once with ajv + ajv-formats and turns ajv's errors into field-path errors (orderItems[0].name).
import { Ajv, type ErrorObject, type Options } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { FIXED_RULE_TEXTS } from "./field-problem-text.js";

/** One violated rule, named by the field path a clerk or an API caller can read. */
export interface FieldError {
  /** e.g. `orderItems[0].name`; the empty string means the whole body. */
  path: string;
  /** The JSON Schema keyword that failed, e.g. `maxLength`, `required`, `pattern`. */
  rule: string;
  /** In English, for API callers and logs; fieldProblem (common/field-problem-text.ts) gives the clerk's language. */
  message: string;
  /** The rule's own values (ajv's `params`: limit, allowedValues, type, pattern...), for fieldProblem's text. */
  params?: Readonly<Record<string, unknown>>;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
export type Validator<T> = (data: unknown) => Validated<T>;

/**
 * How strict a compile is:
 * - `strict`: refuses properties outside the schema (the client checking what it sends).
 * - `lenient`: silently drops unknown properties, as ASP.NET does (the mock reading requests, the client reading responses).
 */
export type Strictness = "strict" | "lenient";

// ajv-formats is CommonJS; under NodeNext its default export arrives either bare or wrapped.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ??
  addFormatsPlugin) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  // verbose: an anyOf/oneOf error then carries its branches (see nullableBranchNoise); only failing paths pay for it.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true, strictRequired: false, verbose: true, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * What `minLength`/`maxLength` count: JSON Schema's code points, or UTF-16 code units as .NET's `string.Length` does
 * (an emoji is 2 there), which is how Svea's ASP.NET server applies its "at most N characters".
 */
export type LengthUnit = "code-points" | "utf-16";

const UNICODE_DEPRECATION = "DEPRECATED: option unicode.";

/**
 * ajv 8 counts UTF-16 units with `unicode: false` (its limitLength keyword reads the option) but also warns, once per
 * instance, that the option is deprecated: every process would print that line on stderr as it starts. That one line
 * is dropped; everything else goes to the console as ajv's default logger sends it. An ajv that stops honouring the
 * option fails the UTF-16 tests in test/schemas.
 */
const utf16Logger = {
  log: (...args: unknown[]) => console.log(...args),
  warn: (...args: unknown[]) => {
    if (!(typeof args[0] === "string" && args[0].startsWith(UNICODE_DEPRECATION))) console.warn(...args);
  },
  error: (...args: unknown[]) => console.error(...args),
};

function lengthOptions(lengthUnit: LengthUnit): Options {
  return lengthUnit === "utf-16" ? { unicode: false, logger: utf16Logger } : {};
}

/** A registry of schemas with one ajv instance per strictness; every schema is compiled at most once per instance. */
export class SchemaRegistry {
  private readonly ajvs: Record<Strictness, Ajv>;

  constructor(schemas: readonly object[], lengthUnit: LengthUnit = "code-points") {
    const lengths = lengthOptions(lengthUnit);
    this.ajvs = { strict: makeAjv(lengths), lenient: makeAjv({ ...lengths, removeAdditional: true }) };
    for (const ajv of Object.values(this.ajvs)) for (const s of schemas) ajv.addSchema(s as object);
  }

  /** Compiles (once) the schema with this `$id` and returns a typed validator. Lenient validators mutate their input. */
  validator<T>(id: string, strictness: Strictness): Validator<T> {
    const ajv = this.ajvs[strictness];
    const compiled = ajv.getSchema(id);
    if (!compiled) throw new Error(`unknown schema ${id}`);
    return (data: unknown) => (compiled(data) ? { ok: true, value: data as T } : { ok: false, errors: toFieldErrors(compiled.errors ?? []) });
  }
}

/** `/orderItems/0/name` → `orderItems[0].name`. */
export function toFieldPath(pointer: string, child?: string): string {
  const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (child !== undefined) parts.push(child);
  let out = "";
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

/** Rules whose ajv message says less than ours (or names a property the path already names). */
const OWN_MESSAGES = new Set(["required", "additionalProperties", "not", "contains"]);

/**
 * The errors a nullable field's anyOf/oneOf (`[<the value's schema>, {"type": "null"}]`) adds to its value's own: "must
 * be null" and "has none of the allowed forms". The value's own errors say it all, so these are left out.
 */
function nullableBranchNoise(errors: readonly ErrorObject[]): Set<ErrorObject> {
  const noise = new Set<ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== "anyOf" && e.keyword !== "oneOf") continue;
    const branches = e.schema as unknown;
    if (!Array.isArray(branches) || branches.length !== 2) continue;
    const nullAt = branches.findIndex((b) => isNullType(b));
    if (nullAt < 0 || isNullType(branches[1 - nullAt])) continue;
    const nullError = errors.find((n) => n.instancePath === e.instancePath && n.keyword === "type" && n.schemaPath === `${e.schemaPath}/${nullAt}/type`);
    // The value's own errors stand in for both; without any (ajv always gives some), keep what there is.
    const own = errors.some((o) => o !== e && o !== nullError && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
    if (!own) continue;
    noise.add(e);
    if (nullError) noise.add(nullError);
  }
  return noise;
}

function isNullType(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null && Object.keys(schema).length === 1 && (schema as { type?: unknown }).type === "null";
}

export function toFieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const noise = nullableBranchNoise(errors);
  for (const e of errors) {
    if (noise.has(e)) continue;
    // "if" only says that a "then" failed; the "then" error itself is reported too.
    if (e.keyword === "if") continue;
    // Rows that did not match a `contains` are not errors of their own; the `contains` error names the rule.
    if (e.schemaPath.includes("/contains/")) continue;
    let path = toFieldPath(e.instancePath);
    if (e.keyword === "required") path = toFieldPath(e.instancePath, String(e.params.missingProperty));
    else if (e.keyword === "additionalProperties") path = toFieldPath(e.instancePath, String(e.params.additionalProperty));
    const message = OWN_MESSAGES.has(e.keyword) ? FIXED_RULE_TEXTS[e.keyword as keyof typeof FIXED_RULE_TEXTS].en : (e.message ?? "is invalid");
    const key = `${path}\u0000${e.keyword}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, rule: e.keyword, message, params: e.params });
  }
  return out;
}

/** Groups field errors as RFC 7807 `errors`: `{ "orderItems[0].name": ["must NOT have more than 40 characters"] }`. */
export function groupFieldErrors(errors: readonly FieldError[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const e of errors) {
    const path = e.path || "$";
    // Own properties only: a path named "toString" or "__proto__" (a body's unknown key) is a field like any other.
    if (Object.hasOwn(grouped, path)) grouped[path]!.push(e.message);
    else Object.defineProperty(grouped, path, { value: [e.message], enumerable: true, writable: true, configurable: true });
  }
  return grouped;
}
