// Canonical JSON text of plain data (keys sorted at every level): equal data, equal text, whatever order its keys were
// written in. The plugin's link fingerprints and the reference host's order versions are digests of it.

/**
 * JSON data with every object's keys in code-unit order and `undefined` members left out. Stored links keep their
 * fingerprints, so this text must never change (a test proves it equal to the earlier per-object sort). An object
 * whose keys already ascend only needs a check before a native JSON.stringify writes it (sortedRequestFingerprint
 * skips even the check).
 */
export function canonicalJson(value: unknown): string {
  return isSortedPlainData(value) ? JSON.stringify(value) : sortedPerObject(value);
}

/** Null, booleans, numbers, strings, dense arrays and plain objects whose own keys already ascend, all the way down. */
function isSortedPlainData(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return true;
  if (typeof value !== "object") return false;
  if (Array.isArray(value)) {
    // A hole reads as undefined and fails here: JSON.stringify would write null where the sort writes nothing.
    for (const item of value as unknown[]) if (!isSortedPlainData(item)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1]! < keys[i]!)) return false;
    if (!isSortedPlainData((value as Record<string, unknown>)[keys[i]!])) return false;
  }
  return true;
}

function sortedPerObject(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedPerObject).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedPerObject(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
