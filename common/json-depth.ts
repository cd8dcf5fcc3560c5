// How deeply parsed JSON nests, found without recursion: a body nested thousands of levels deep is refused with the
// path where it went too deep, instead of overflowing the stack of a recursive copy, clone or redaction later on.
import type { FieldError } from "./json-schema-validator.js";

/** Nesting a JSON API accepts: ASP.NET Core's default (System.Text.Json MaxDepth), far beyond any order's shape. */
export const MAX_JSON_DEPTH = 64;

/** Whether an array or object in `value` nests deeper than `max` levels; it never descends past level `max + 1`. */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (max < 1) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === "object" && item !== null && nestsDeeperThan(item, max - 1)) return true;
    return false;
  }
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (typeof member === "object" && member !== null && nestsDeeperThan(member, max - 1)) return true;
  }
  return false;
}

/**
 * The path (`customer.x[0][0]`) of the first array or object nested deeper than `max` levels (the top-level value is
 * level 1), or null when the value stays within `max`.
 */
export function pathDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: "" }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next.value !== "object" || next.value === null) continue;
    if (next.depth > max) return next.path || "(body)";
    const entries: [string, unknown][] = Array.isArray(next.value)
      ? next.value.map((v, i) => [`${next.path}[${i}]`, v])
      : Object.entries(next.value).map(([k, v]) => [next.path ? `${next.path}.${k}` : k, v]);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], depth: next.depth + 1, path: entries[i]![0] });
  }
  return null;
}

/** The field error of a value nested deeper than `max`, naming where (rule `maxDepth`), or null. */
export function depthProblem(value: unknown, max: number = MAX_JSON_DEPTH): FieldError | null {
  return nestsDeeperThan(value, max) ? tooDeepError(value, max) : null;
}

/** The field error of a value known to nest deeper than `max` (a copy that refused it said so). */
export function tooDeepError(value: unknown, max: number): FieldError {
  return { path: pathDeeperThan(value, max) ?? "", rule: "maxDepth", message: `must not nest deeper than ${max} levels`, params: { limit: max } };
}
