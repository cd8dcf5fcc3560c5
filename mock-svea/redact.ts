// Redaction for journals and logs: Authorization headers and anything that looks like a callback token never leave the mock.
import { MAX_JSON_DEPTH } from "../common/json-depth.js";

export const REDACTED = "[redacted]";

const SECRET_WORDS = new Set(
  ["token", "sig", "signature", "hmac", "secret", "key", "auth", "pw", "pwd", "pass", "passwd", "password", "credential", "session", "apikey"].flatMap((w) => [w, `${w}s`]),
);

/** Words long enough to be a secret's wherever they stand in a name (`mypassword`, `xauthorization`). */
const SECRET_INSIDE = /password|passwd|secret|token|authorization|credential|apikey|signature/i;

/**
 * A name that is, or has a part that is, a secret's word: `pw`, `api_key`, `clientSecret`, `X-Auth-Token`, `pw[]`
 * (not `monkey`): parts split at punctuation and case changes, anything not a letter or digit cut off.
 */
function isSecretName(name: string): boolean {
  if (SECRET_INSIDE.test(name)) return true;
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).some((part) => SECRET_WORDS.has(part.toLowerCase()));
}
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-mock-admin-token"]);
/** Path segments after these are secrets too: the mock's own payment links are bearer tokens. */
const SECRET_PARENTS = /^(token|sig|signature|hmac|secret|checkout|password|passwd|pw|pwd|key|apikey|credentials?)$/i;
const HEX_RUN = /^[0-9a-f]{16,}$/i;

/**
 * Past Svea's 32-character limit of an order number a base64url-ish value mixing upper and lower case is taken for a
 * token even without a digit: the plugin's callback tokens are 43 random characters, and about 1 in 1500 has none.
 */
const TOKEN_WITHOUT_DIGIT_LENGTH = 33;

/**
 * A long base64url-ish value mixing upper and lower case, and digits unless it is longer than any order number: random,
 * not an order number or a name someone typed (`web-2026-01-01-000000123`, `OrderStatus`).
 */
function looksLikeToken(value: string): boolean {
  if (HEX_RUN.test(value)) return true;
  if (value.length < 24 || !/^[A-Za-z0-9_\-+/=.]+$/.test(value) || !/[A-Z]/.test(value) || !/[a-z]/.test(value)) return false;
  return value.length >= TOKEN_WITHOUT_DIGIT_LENGTH || /\d/.test(value);
}

/**
 * decodeURIComponent that never throws: a client may send any bytes after `%` (`/orders/50%ZZ`), and the mock must
 * still journal and log that request. Runs of escapes that decode are decoded; the rest is kept as sent.
 */
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** A token, or a token beside an escape that did not decode (`%ZZ<token>`): the stray `%` must not un-hide it. */
function holdsToken(decoded: string): boolean {
  return looksLikeToken(decoded) || (decoded.includes("%") && decoded.split("%").some(looksLikeToken));
}

/**
 * The query with secret values replaced, every other parameter kept byte for byte as sent: re-serialising through
 * URLSearchParams would re-encode what it could not decode (`%ZZ` as `%25ZZ`) and show a query nobody sent.
 */
function redactQuery(search: string, hidden: string[]): string {
  if (search.length <= 1) return search;
  const pairs = search.slice(1).split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const name = decodeLeniently((eq < 0 ? pair : pair.slice(0, eq)).replaceAll("+", " "));
    const value = eq < 0 ? "" : decodeLeniently(pair.slice(eq + 1).replaceAll("+", " "));
    if (!isSecretName(name) && !holdsToken(value)) return pair;
    if (eq >= 0) hidden.push(pair.slice(eq + 1), value);
    return `${eq < 0 ? pair : pair.slice(0, eq)}=${REDACTED}`;
  });
  return `?${pairs.join("&")}`;
}

/** Redacts secret query parameters, path segments following a secret name, and token-looking segments or values. */
export function redactUrl(url: string): string {
  return redactUrlNoting(url, []);
}

/** redactUrl, noting in `hidden` each piece it replaced, both as written in the URL and decoded. */
function redactUrlNoting(url: string, hidden: string[]): string {
  // Fast path for the common case (a plain path of short segments): nothing to parse, nothing to hide.
  if (url.startsWith("/") && !url.includes("?") && url.split("/").every((s) => s.length < 16 && !SECRET_PARENTS.test(s))) return url;
  let parsed: URL;
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(url);
  try {
    parsed = new URL(url, "http://relative.invalid");
  } catch {
    if (!looksLikeToken(url)) return url;
    hidden.push(url);
    return REDACTED;
  }
  const segments = parsed.pathname.split("/");
  const decoded = segments.map(decodeLeniently);
  for (let i = 0; i < segments.length; i++) {
    if ((i > 0 && SECRET_PARENTS.test(decoded[i - 1]!)) || holdsToken(decoded[i]!)) {
      hidden.push(segments[i]!, decoded[i]!);
      segments[i] = REDACTED;
    }
  }
  parsed.pathname = segments.join("/");
  parsed.search = redactQuery(parsed.search, hidden);
  if (parsed.username || parsed.password) {
    hidden.push(parsed.username, decodeLeniently(parsed.username), parsed.password, decodeLeniently(parsed.password));
    parsed.username = REDACTED;
    parsed.password = "";
  }
  // URL encodes the brackets; keep the marker readable.
  const out = parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED).replaceAll("%5Bredacted%5D", REDACTED);
  return relative ? out.replace("http://relative.invalid", "") : out;
}

/** A URL written out in free text: up to whitespace, a quote or an angle bracket (as error messages quote them). */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** Shorter pieces are left where they stand in the text: `?sig=1` must not turn every `1` of a message into a marker. */
const MIN_HIDDEN_PIECE = 4;

/**
 * Free text (an error's message, which fetch fills with the URL it was given) fit for journals and logs: every URL in
 * it redacted as redactUrl does, and whatever redactUrl hides in `url` (the URL the text is about) hidden wherever it
 * stands, however the text wrote it (decoded, normalised, cut at a space).
 */
export function redactUrlsInText(text: string, url: string): string {
  const hidden: string[] = [];
  redactUrlNoting(url, hidden);
  let out = text.replace(URL_IN_TEXT, (found) => redactUrlNoting(found, hidden));
  // Longest first, so a piece inside another piece does not leave the rest of the longer one behind.
  const pieces = [...new Set(hidden)].filter((p) => p.length >= MIN_HIDDEN_PIECE).sort((a, b) => b.length - a.length);
  for (const piece of pieces) out = out.replaceAll(piece, REDACTED);
  return out;
}

/** Node's flat raw header list ([name, value, ...]) with every secret header's value already replaced. */
export function redactRawHeaders(raw: readonly string[]): string[] {
  const out = raw.slice();
  for (let i = 0; i + 1 < out.length; i += 2) if (SECRET_HEADERS.has(out[i]!.toLowerCase())) out[i + 1] = REDACTED;
  return out;
}

export function redactHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name.toLowerCase()] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  return out;
}

/**
 * Walks a parsed JSON body: URL-valued fields and token-looking strings are redacted. Past MAX_JSON_DEPTH levels (a
 * body the API refused as nested too deep, still kept in the request journal) it shows a note, not the rest.
 */
export function redactBody(value: unknown, key = "", depth = 1): unknown {
  if (typeof value === "string") {
    if (isSecretName(key) || /password/i.test(key)) return REDACTED;
    if (/uri$|url$/i.test(key)) return redactUrl(value);
    return looksLikeToken(value) ? REDACTED : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, "", depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactBody(v, k, depth + 1);
  return out;
}

const TOO_DEEP = `[nested deeper than ${MAX_JSON_DEPTH} levels: not shown]`;
