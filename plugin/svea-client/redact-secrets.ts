// Makes text from the wire safe to keep in an error or a log: known secrets and credential-looking tokens are cut out.

const REDACTED = "[redacted]";
const EXCERPT_LENGTH = 200;

// Credentials a misbehaving server might echo back, whatever the secret was.
const CREDENTIAL_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\b(Basic|Bearer|Svea)\s+[A-Za-z0-9+/=._~-]{4,}/gi, `$1 ${REDACTED}`],
  // A value that starts with an auth scheme is left to the pattern above, which keeps the scheme readable.
  [/("?(?:authorization|password|passwd|secret|token)"?\s*[:=]\s*)(?!"?(?:Basic|Bearer|Svea)\s)("[^"]*"|'[^']*'|[^\s,;}&]+)/gi, `$1${REDACTED}`],
  // The callbackUri Svea was sent, echoed in its answer: the path's last part is the link's token (a bearer secret).
  // Plain, JSON-escaped (\/) and percent-encoded (%2F).
  [/(\/callback\/[^/?#\s"'<>\\]*\/)[^/?#\s"'<>\\&]+/gi, `$1${REDACTED}`],
  [/(\\\/callback\\\/[^/?#\s"'<>\\]*\\\/)[^/?#\s"'<>\\&]+/gi, `$1${REDACTED}`],
  [/(%2Fcallback%2F(?:(?!%2F)[^/?#\s"'<>&])*%2F)[^/?#\s"'<>&%]+/gi, `$1${REDACTED}`],
];

export type Redactor = (text: string) => string;

/**
 * A redactor for these secrets (the password, the encoded credentials) and anything credential-shaped. A secret is
 * found plain and as a JSON string writes it: any of its characters may be escaped (`\u00E4` for "ä", as Svea's .NET
 * answers escape every non-ASCII character and `+ & < > ' "` by default; `\"`, `\\`, `\/`).
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret that contains another is cut out whole.
  const known = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  const escaped = known.map(jsonEscapedPattern);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join(REDACTED);
    // Only text with an escape can hold a secret the split above missed.
    if (out.includes("\\")) for (const pattern of escaped) out = out.replace(pattern, REDACTED);
    for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

/** A short one-line excerpt of a response body, redacted before it is cut so no secret survives half-cut. */
export function safeExcerpt(body: string, redact: Redactor): string {
  const flat = redact(body).replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  if (flat.length <= EXCERPT_LENGTH) return flat;
  // Never half a character (an emoji cut in two): it may end up stored as a failed link's detail.
  const end = /[\uD800-\uDBFF]/.test(flat[EXCERPT_LENGTH - 1]!) ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
  return `${flat.slice(0, end)}…`;
}

/** JSON's short escapes, by the character they stand for. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\\\"', "\\": "\\\\\\\\", "/": "\\\\/", "\b": "\\\\b", "\f": "\\\\f", "\n": "\\\\n", "\r": "\\\\r", "\t": "\\\\t" };

/** Matches the secret with each UTF-16 unit plain or JSON-escaped (`\uXXXX` in either case, or a short escape). */
function jsonEscapedPattern(secret: string): RegExp {
  let source = "";
  for (let i = 0; i < secret.length; i++) {
    const unit = secret.charCodeAt(i);
    const hex = unit.toString(16).padStart(4, "0");
    const short = SHORT_ESCAPES[secret[i]!];
    source += `(?:\\u${hex}|\\\\u${hex.replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`)}${short ? `|${short}` : ""})`;
  }
  return new RegExp(source, "g");
}

