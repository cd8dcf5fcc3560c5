// Svea Payment Admin authentication: `Authorization: Svea base64(merchantId:sha512hex(body + secret + timestamp))`
// with a `Timestamp` header in UTC `yyyy-MM-dd HH:mm:ss`. The client signs with it; the mock checks with it.
import { createHash } from "node:crypto";

/** The Timestamp header's format, digits only; {@link isPaymentAdminTimestamp} also checks that it is a real time. */
const PAYMENT_ADMIN_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** `yyyy-MM-dd HH:mm:ss` in UTC for an epoch-ms instant. */
export function paymentAdminTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * True when `timestamp` is a real UTC time written `yyyy-MM-dd HH:mm:ss`: the digits in place and the same text when
 * read as UTC and written again, so month 00 or 13, 30 February and hour 24 are refused.
 */
export function isPaymentAdminTimestamp(timestamp: string): boolean {
  if (!PAYMENT_ADMIN_TIMESTAMP_PATTERN.test(timestamp)) return false;
  const epochMs = Date.parse(`${timestamp.replace(" ", "T")}Z`);
  return Number.isFinite(epochMs) && paymentAdminTimestamp(epochMs) === timestamp;
}

/** sha512 over body + secret + timestamp (UTF-8), lower-case hex. A GET signs the empty body. */
export function paymentAdminDigest(body: string, secret: string, timestamp: string): string {
  return createHash("sha512").update(body + secret + timestamp, "utf8").digest("hex");
}

/** The Authorization header's value: `Svea ` and base64 of `merchantId:digest`. */
export function paymentAdminAuthorization(merchantId: string, secret: string, body: string, timestamp: string): string {
  return `Svea ${Buffer.from(`${merchantId}:${paymentAdminDigest(body, secret, timestamp)}`, "utf8").toString("base64")}`;
}
