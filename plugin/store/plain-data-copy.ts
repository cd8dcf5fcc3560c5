// A deep copy of JSON-like data that equals structuredClone's, without the serialiser round trip it costs. It lives in the store
// (its main user, whose files import nothing outside their folder at run time) and serves hook input too.
import { types } from "node:util";

/** Thrown inside the walk when the data is not plain; the caller then lets structuredClone decide. */
const NOT_PLAIN = Symbol("not plain data");

/**
 * What `structuredClone(value)` returns, for data made of primitives, dense arrays and plain objects that form a tree
 * (no object reached twice). Anything else (a Date, a Map, a class instance, a proxy, a hole or extra property in an
 * array, a symbol or function, a shared or cyclic reference, a "__proto__" key) goes to structuredClone itself, so
 * the result, or the DataCloneError, is always the same as structuredClone's.
 */
export function copyPlainData<T>(value: T): T {
  try {
    return copy(value, new Set()) as T;
  } catch (error) {
    if (error === NOT_PLAIN) return structuredClone(value);
    throw error;
  }
}

function copy(value: unknown, seen: Set<object>): unknown {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
    case "bigint":
      return value;
    case "object":
      break;
    default:
      throw NOT_PLAIN;
  }
  if (value === null) return null;
  if (seen.has(value) || types.isProxy(value)) throw NOT_PLAIN;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    // Holes and named members of an array are kept by structuredClone; such arrays take its way.
    if (Object.keys(array).length !== array.length) throw NOT_PLAIN;
    const out: unknown[] = [];
    for (let i = 0; i < array.length; i++) out.push(copy(array[i], seen));
    return out;
  }
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === "__proto__") throw NOT_PLAIN;
    out[key] = copy((value as Record<string, unknown>)[key], seen);
  }
  return out;
}
