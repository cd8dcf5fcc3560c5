// A page's in-memory keeping under random keys (a redirect's notices, a refused post's page): the oldest dropped past a bound.
import { randomBytes } from "node:crypto";

/** Keeps `value` in `kept` under a new random key (URL-safe), dropping the oldest entries past `limit`; returns the key. */
export function keepUnderNewKey<T>(kept: Map<string, T>, value: T, limit: number): string {
  const key = randomBytes(12).toString("base64url");
  kept.set(key, value);
  for (const oldest of kept.keys()) {
    if (kept.size <= limit) break;
    kept.delete(oldest);
  }
  return key;
}
