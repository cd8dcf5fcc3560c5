// Text no database holds as it is: U+0000 (PostgreSQL's text and JSONB refuse it) and half a character (a lone
// surrogate, which UTF-8 cannot encode at all). Found in parsed JSON, keys and values alike, and rewritten.

/** U+0000, or a surrogate without its other half. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What a decoder puts where a character cannot be read: what Svea's unstorable text is replaced with. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

export function holdsUnstorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text);
}

/** Each U+0000 and lone surrogate in `text` passed through `replace` (by default U+FFFD). */
export function replaceUnstorableText(text: string, replace: (character: string) => string = () => REPLACEMENT_CHARACTER): string {
  return text.replace(UNSTORABLE, replace);
}

/**
 * Whether JSON text may hold such text once parsed (or, made by JSON.stringify, held it): only the escapes `\u0000`
 * and `\uD800`–`\uDFFF` make it (a raw control character is a syntax error, text decoded from UTF-8 holds no lone
 * surrogate, and JSON.stringify escapes exactly these). A quick test that spares walking nearly every answer.
 */
export function jsonMayHoldUnstorableText(json: string): boolean {
  return /\\u(?:0000|d[89a-f])/i.test(json);
}

/**
 * Parsed JSON with `rewrite` applied to every string (object keys included) that `needs` it, and the paths of what it
 * rewrote (`customerInformation.billingAddress.fullName`, `orderItems[0].name`; never the values). What nothing
 * needed is handed back as it was, not copied.
 */
export function rewriteJsonStrings(value: unknown, needs: (text: string) => boolean, rewrite: (text: string) => string): { value: unknown; paths: string[] } {
  const paths: string[] = [];
  const walk = (item: unknown, path: string): unknown => {
    if (typeof item === "string") {
      if (!needs(item)) return item;
      paths.push(path);
      return rewrite(item);
    }
    if (typeof item !== "object" || item === null) return item;
    if (Array.isArray(item)) {
      const next = item.map((element, i) => walk(element, `${path}[${i}]`));
      return next.some((element, i) => element !== item[i]) ? next : item;
    }
    let changed = false;
    const entries = Object.entries(item).map(([key, element]): [string, unknown] => {
      const name = needs(key) ? rewrite(key) : key;
      const at = path === "" ? name : `${path}.${name}`;
      if (name !== key) paths.push(at);
      const next = walk(element, at);
      if (name !== key || next !== element) changed = true;
      return [name, next];
    });
    // fromEntries defines each key as data, so a "__proto__" key stays a key.
    return changed ? Object.fromEntries(entries) : item;
  };
  return { value: walk(value, ""), paths };
}
