// The copy of the host's settings that validation works on, and the setting to name when one cannot be copied.
import { types } from "node:util";
import { MAX_JSON_DEPTH } from "../../common/json-depth.js";

/**
 * How deeply settings may nest: the JSON nesting every API here accepts (System.Text.Json's default), far beyond the
 * settings' own shape (three levels). Deeper settings would overflow the stack of the clone, the schema check or the
 * walk that finds what the clone refused.
 */
export const MAX_SETTINGS_DEPTH = MAX_JSON_DEPTH;

export type SettingsCopy =
  | { ok: true; value: unknown }
  | { ok: false; setting: string; rule: "json" }
  | { ok: false; setting: string; rule: "maxDepth"; limit: number };

/**
 * A structured clone of `raw`, so validation never touches the host's object. What the clone refuses (a function such
 * as a secret provider, a Symbol, a Proxy) is reported by the innermost setting holding it ("" for the settings
 * themselves), never by the clone's own error, whose message quotes a function's source.
 */
export function copySettings(raw: object): SettingsCopy {
  let copy: object;
  try {
    copy = structuredClone(raw);
  } catch {
    // A clone refuses settings nested too deep (its stack overflows) as it refuses a function: depth is looked at
    // first, without recursion, so the walk below (recursive, one level per level) only ever goes MAX_SETTINGS_DEPTH deep.
    const deep = settingDeeperThan(raw, MAX_SETTINGS_DEPTH);
    if (deep !== undefined) return { ok: false, setting: deep, rule: "maxDepth", limit: MAX_SETTINGS_DEPTH };
    return { ok: false, setting: uncopyable(raw, "", new Set()), rule: "json" };
  }
  const deep = settingDeeperThan(copy, MAX_SETTINGS_DEPTH);
  if (deep !== undefined) return { ok: false, setting: deep, rule: "maxDepth", limit: MAX_SETTINGS_DEPTH };
  return { ok: true, value: copy };
}

/**
 * The top-level setting (`tags`) holding a list or object nested deeper than `max` levels (the settings object is
 * level 1), or undefined. Walks with its own stack, never recursion, and never descends past level `max + 1`; what it
 * cannot read (a Proxy, a getter that throws) it passes over, for the clone's own refusal to name. An object met again
 * is walked again only when met deeper than before (a shared object nests as deep as its deepest holder), so a cycle,
 * which no JSON has, counts as nesting too deep.
 */
function settingDeeperThan(settings: object, max: number): string | undefined {
  const stack: { value: object; depth: number; setting: string }[] = [{ value: settings, depth: 1, setting: "" }];
  const deepestSeen = new Map<object, number>();
  while (stack.length > 0) {
    const { value, depth, setting } = stack.pop()!;
    if (depth > max) return setting;
    if ((deepestSeen.get(value) ?? 0) >= depth || types.isProxy(value)) continue;
    deepestSeen.set(value, depth);
    let keys: string[];
    try {
      keys = Object.keys(value);
    } catch {
      continue;
    }
    for (const key of keys) {
      let child: unknown;
      try {
        child = (value as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      if (child !== null && typeof child === "object") stack.push({ value: child, depth: depth + 1, setting: setting || key });
    }
  }
  return undefined;
}

function copies(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path, below `path`, of the innermost value that cannot be copied: a Proxy is its own holder, a getter that throws
 * is its property's, and a way back to an object already walked (a cycle) is passed over for the fault elsewhere.
 */
function uncopyable(value: unknown, path: string, seen: Set<unknown>): string {
  if (value === null || typeof value !== "object" || types.isProxy(value)) return path;
  seen.add(value);
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return path;
  }
  for (const key of keys) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch {
      return at;
    }
    if (!seen.has(child) && !copies(child)) return uncopyable(child, at, seen);
  }
  return path;
}
