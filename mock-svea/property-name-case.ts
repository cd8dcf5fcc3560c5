// Matches JSON property names to a schema's names without regard to case, as ASP.NET's System.Text.Json binder does.
import { sveaInstoreSchemas } from "../common/svea-instore-schemas.js";

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

const byId = new Map<string, SchemaNode>(Object.values(sveaInstoreSchemas).map((s) => [s.$id, s as SchemaNode]));
const lookups = new WeakMap<SchemaNode, Map<string, string>>();

function resolve(node: SchemaNode): SchemaNode {
  let current = node;
  for (let depth = 0; current.$ref && depth < 8; depth++) current = byId.get(current.$ref) ?? {};
  return current;
}

function lookup(node: SchemaNode): Map<string, string> {
  let map = lookups.get(node);
  if (!map) {
    map = new Map(Object.keys(node.properties ?? {}).map((name) => [name.toLowerCase(), name]));
    lookups.set(node, map);
  }
  return map;
}

/**
 * Spells the property names of `value` as `schema` spells them, recursively through objects and arrays (orderItems,
 * presetValues...), and returns it. Unknown names are kept as given (the lenient validator drops them). When two names
 * differ only by case, the later one wins, as in System.Text.Json.
 *
 * Works in place, so the value must be the caller's own (a freshly parsed body): most clients spell every name as the
 * schema does, and then nothing is copied. An object with any other name is copied with its names matched.
 */
export function matchPropertyNames(value: unknown, schema: object): unknown {
  const node = resolve(schema as SchemaNode);
  if (Array.isArray(value)) {
    if (node.items) for (let i = 0; i < value.length; i++) value[i] = matchPropertyNames(value[i], node.items);
    return value;
  }
  if (value === null || typeof value !== "object" || !node.properties) return value;
  const properties = node.properties;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const key of keys) if (!Object.hasOwn(properties, key)) return renamedCopy(record, keys, node);
  for (const key of keys) {
    const v = record[key];
    const matched = matchPropertyNames(v, properties[key]!);
    if (matched !== v) record[key] = matched;
  }
  return value;
}

function renamedCopy(record: Record<string, unknown>, keys: readonly string[], node: SchemaNode): Record<string, unknown> {
  const names = lookup(node);
  const properties = node.properties!;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const name = Object.hasOwn(properties, key) ? key : (names.get(key.toLowerCase()) ?? key);
    const child = Object.hasOwn(properties, name) ? properties[name] : undefined;
    // Defined, not assigned: a body's own "__proto__" key stays a plain unknown name (dropped by the validator)
    // instead of giving the copy a prototype whose fields would pass for the request's.
    Object.defineProperty(out, name, { value: child ? matchPropertyNames(record[key], child) : record[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
