// A deep copy of JSON-like data that equals structuredClone's, without the serialiser round trip it costs. It lives in the store
// (its main user, whose files import nothing outside their folder at run time) and serves hook input too.
import { types } from "node:util";

/** Thrown inside the walk when the data is not plain; the caller then lets structuredClone decide. */
const NOT_PLAIN = Symbol("not plain data");

/** How deep a copy goes: far beyond any record or hook input, and far short of the call stack's limit. */
export const MAX_COPY_DEPTH = 64;

/** The data nests deeper than MAX_COPY_DEPTH: refused rather than copied (structuredClone would overflow the stack). */
export class NestedTooDeepError extends RangeError {
  constructor() {
    super(`the data nests deeper than ${MAX_COPY_DEPTH} levels`);
    this.name = "NestedTooDeepError";
  }
}

/**
 * What `structuredClone(value)` returns, for data made of primitives, dense arrays and plain objects that form a tree
 * (no object reached twice). Anything else (a Date, a Map, a class instance, a proxy, a hole or extra property in an
 * array, a symbol or function, a symbol key, a shared or cyclic reference, a "__proto__" key) goes to structuredClone
 * itself, so the result, or the DataCloneError, is always the same as structuredClone's. Data nested deeper than
 * MAX_COPY_DEPTH throws NestedTooDeepError, plain or not.
 */
export function copyPlainData<T>(value: T): T {
  try {
    if (typeof value !== "object" || value === null) return primitive(value) as T;
    // An object is copied by spreading it and then walking the copy's keys with for...in, which would also list an
    // enumerable property someone added to Object.prototype: with one there, structuredClone copies instead.
    for (const _ in Object.prototype) throw NOT_PLAIN;
    return copyObject(value, new Set(), MAX_COPY_DEPTH) as T;
  } catch (error) {
    if (error === NOT_PLAIN) return structuredClone(depthChecked(value, MAX_COPY_DEPTH));
    throw error;
  }
}

function primitive(value: unknown): unknown {
  if (typeof value === "function" || typeof value === "symbol") throw NOT_PLAIN;
  return value;
}

function copyObject(value: object, seen: Set<object>, levels: number): unknown {
  if (levels === 0) throw new NestedTooDeepError();
  if (seen.has(value) || types.isProxy(value)) throw NOT_PLAIN;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    const out: unknown[] = [];
    for (let i = 0; i < array.length; i++) {
      // Holes and named members of an array are kept by structuredClone; such arrays take its way.
      if (!(i in array)) throw NOT_PLAIN;
      const item = array[i];
      out.push(typeof item === "object" && item !== null ? copyObject(item, seen, levels - 1) : primitive(item));
    }
    if (Object.keys(array).length !== array.length) throw NOT_PLAIN;
    return out;
  }
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  // A spread copies the own enumerable properties in their order into a plain object (as structuredClone does, for a
  // null-prototype object too) at the speed of a shallow clone; only members that are objects are then copied in turn.
  const out: Record<string, unknown> = { ...value };
  for (const key in out) {
    const member = out[key];
    if (typeof member === "object") {
      if (member !== null) out[key] = copyObject(member, seen, levels - 1);
    } else primitive(member);
  }
  // structuredClone skips symbol keys, which a spread copies, and a "__proto__" key is best left to it.
  if (Object.getOwnPropertySymbols(value).length > 0 || Object.hasOwn(out, "__proto__")) throw NOT_PLAIN;
  return out;
}

/** `value` when no object in it (own enumerable properties, array items) lies deeper than `levels`; else NestedTooDeepError. */
function depthChecked<T>(value: T, levels: number): T {
  const stack: [unknown, number][] = [[value, 1]];
  const visited = new Set<object>();
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null || visited.has(item)) continue;
    if (depth > levels) throw new NestedTooDeepError();
    visited.add(item);
    for (const member of Object.values(item)) stack.push([member, depth + 1]);
  }
  return value;
}
