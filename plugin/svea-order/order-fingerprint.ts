// A stable hash of what Svea receives for a link, so "did this save change the payment?" is an equality test.
import type { CreateOrderRequest } from "../../common/svea-instore-types.js";
import { canonicalJson } from "../../common/canonical-json.js";
import { sha256Hex } from "./sha256-hex.js";

export { canonicalJson };

/**
 * SHA-256 over the request in canonical JSON (keys sorted, arrays in order), leaving out merchantOrderNumber and
 * callbackUri: those are new for every link, so they would make every save look like a change.
 */
export function orderFingerprint(request: CreateOrderRequest): string {
  const { merchantOrderNumber: _number, callbackUri: _callback, ...payment } = request;
  return sha256Hex(canonicalJson(payment));
}

/**
 * orderFingerprint of a request whose keys already ascend at every level, as buildSveaOrder builds every request (a
 * property test over built requests holds it to that): JSON.stringify writes the canonical text without the check
 * walking the request first, about 4 µs of a save's own work. Any other request goes through orderFingerprint.
 */
export function sortedRequestFingerprint(request: CreateOrderRequest): string {
  const { merchantOrderNumber: _number, callbackUri: _callback, ...payment } = request;
  return sha256Hex(JSON.stringify(payment));
}
