// A stable hash of what Svea receives for a link, so "did this save change the payment?" is an equality test.
import { createHash } from "node:crypto";
import type { CreateOrderRequest } from "../../common/svea-instore-types.js";

/**
 * SHA-256 over the request in canonical JSON (keys sorted, arrays in order), leaving out merchantOrderNumber and
 * callbackUri: those are new for every link, so they would make every save look like a change.
 */
export function orderFingerprint(request: CreateOrderRequest): string {
  const { merchantOrderNumber: _number, callbackUri: _callback, ...payment } = request;
  return createHash("sha256").update(canonicalJson(payment), "utf8").digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
