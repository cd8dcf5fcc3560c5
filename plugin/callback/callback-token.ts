// Callback URL tokens: an HMAC of the merchant order number under the plugin's secret key, checked in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface CallbackKeys {
  current: string;
  /** The key before the last rotation: links issued under it keep working until they expire. */
  previous?: string;
}

/** base64url(HMAC-SHA256(key, merchantOrderNumber)): 43 characters, safe in a path segment. */
export function callbackToken(key: string, merchantOrderNumber: string): string {
  return createHmac("sha256", key).update(merchantOrderNumber, "utf8").digest("base64url");
}

/** Which key made this token, or false. Both keys are always compared, so timing says nothing about which one matched. */
export function verifyCallbackToken(keys: CallbackKeys, merchantOrderNumber: string, token: string): "current" | "previous" | false {
  const given = Buffer.from(token, "utf8");
  const matches = (key: string | undefined) => {
    if (key === undefined) return false;
    const expected = Buffer.from(callbackToken(key, merchantOrderNumber), "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const current = matches(keys.current);
  const previous = matches(keys.previous);
  return current ? "current" : previous ? "previous" : false;
}

/** The callbackUri sent to Svea for one link. `publicBaseUrl` already includes the host's route prefix. */
export function callbackUrl(publicBaseUrl: string, key: string, merchantOrderNumber: string): string {
  const base = publicBaseUrl.replace(/\/+$/, "");
  return `${base}/callback/${encodeURIComponent(merchantOrderNumber)}/${callbackToken(key, merchantOrderNumber)}`;
}

/** A callback URL or path fit for logs: the token segment replaced. */
export function redactCallbackUrl(urlOrPath: string): string {
  return urlOrPath.replace(/(\/callback\/[^/?#]*\/)[^/?#]*/, "$1[redacted]");
}
