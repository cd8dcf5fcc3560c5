// Where parsed JSON holds a lone UTF-16 surrogate: JSON's "\ud800" escape parses in JavaScript, while System.Text.Json
// (Svea's ASP.NET Core) refuses such text, as it is no character at all.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The `$.`-path (`$.orderItems[0].name`) of the first string or property name holding a lone surrogate, or null.
 * Call it on a value already known to nest no deeper than the body limit (it recurses).
 */
export function loneSurrogatePath(value: unknown, path = "$"): string | null {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path : null;
  if (typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = loneSurrogatePath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [key, member] of Object.entries(value)) {
    const inner = `${path}.${key}`;
    if (LONE_SURROGATE.test(key)) return inner;
    const found = loneSurrogatePath(member, inner);
    if (found) return found;
  }
  return null;
}
