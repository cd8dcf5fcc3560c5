// The copy of the host's settings that validation works on, and the setting to name when one cannot be copied.
import { types } from "node:util";

export type SettingsCopy = { ok: true; value: unknown } | { ok: false; setting: string };

/**
 * A structured clone of `raw`, so validation never touches the host's object. What the clone refuses (a function such
 * as a secret provider, a Symbol, a Proxy) is reported by the innermost setting holding it ("" for the settings
 * themselves), never by the clone's own error, whose message quotes a function's source.
 */
export function copySettings(raw: object): SettingsCopy {
  try {
    return { ok: true, value: structuredClone(raw) };
  } catch {
    return { ok: false, setting: uncopyable(raw, "", new Set()) };
  }
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
