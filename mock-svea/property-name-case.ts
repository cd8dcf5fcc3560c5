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
 * Returns a copy of `value` whose property names are spelled as `schema` spells them, recursively through objects and
 * arrays (orderItems, presetValues...). Unknown names are kept as given (the lenient validator drops them). When two
 * names differ only by case, the later one wins, as in System.Text.Json.
 */
export function matchPropertyNames(value: unknown, schema: object): unknown {
  const node = resolve(schema as SchemaNode);
  if (Array.isArray(value)) return node.items ? value.map((v) => matchPropertyNames(v, node.items!)) : value;
  if (value === null || typeof value !== "object" || !node.properties) return value;
  const names = lookup(node);
  const out: Record<string, unknown> = {};
  const properties = node.properties;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    // Most clients spell names as the schema does: an own property of the schema needs no lower-casing.
    const name = Object.hasOwn(properties, key) ? key : (names.get(key.toLowerCase()) ?? key);
    const child = properties[name];
    out[name] = child ? matchPropertyNames(v, child) : v;
  }
  return out;
}
