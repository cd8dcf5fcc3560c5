// Callback URL tokens: an HMAC of the merchant order number under the plugin's secret key, checked in constant time.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";

export interface CallbackKeys {
  current: string;
  /** The key before the last rotation: links issued under it keep working until they expire. */
  previous?: string;
}

/**
 * The keys in use (the current and the previous one, a few more after re-activations) as KeyObjects: an HMAC keyed
 * with one skips turning the key text into key material on every token. Bounded, as a process may re-activate often.
 */
const keyObjects = new Map<string, KeyObject>();
const MAX_KEY_OBJECTS = 8;

function keyObjectOf(key: string): KeyObject {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    if (keyObjects.size >= MAX_KEY_OBJECTS) keyObjects.clear();
    keyObject = createSecretKey(Buffer.from(key, "utf8"));
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

/** base64url(HMAC-SHA256(key, merchantOrderNumber)): 43 characters, safe in a path segment. */
export function callbackToken(key: string, merchantOrderNumber: string): string {
  return createHmac("sha256", keyObjectOf(key)).update(merchantOrderNumber, "utf8").digest("base64url");
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
  return callbackUrlOf(publicBaseUrl, merchantOrderNumber, callbackToken(key, merchantOrderNumber));
}

/** base64url of a 32-byte HMAC-SHA256, without padding. */
export const CALLBACK_TOKEN_LENGTH = 43;

/**
 * The length of the longest callback URL `callbackUrl` builds under `publicBaseUrl`: the one for a merchantOrderNumber
 * of `maxMerchantOrderNumberLength` characters, whose characters ([A-Za-z0-9_-]) need no escaping.
 */
export function longestCallbackUrlLength(publicBaseUrl: string, maxMerchantOrderNumberLength: number): number {
  return callbackUrlOf(publicBaseUrl, "x".repeat(maxMerchantOrderNumberLength), "t".repeat(CALLBACK_TOKEN_LENGTH)).length;
}

function callbackUrlOf(publicBaseUrl: string, merchantOrderNumber: string, token: string): string {
  const base = publicBaseUrl.replace(/\/+$/, "");
  return `${base}/callback/${encodeURIComponent(merchantOrderNumber)}/${token}`;
}
