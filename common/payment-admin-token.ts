// Svea Payment Admin authentication: `Authorization: Svea base64(merchantId:sha512hex(body + secret + timestamp))`
// with a `Timestamp` header in UTC `yyyy-MM-dd HH:mm:ss`. The client signs with it; the mock checks with it.
import { createHash } from "node:crypto";

/** The Timestamp header's format. */
export const PAYMENT_ADMIN_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** `yyyy-MM-dd HH:mm:ss` in UTC for an epoch-ms instant. */
export function paymentAdminTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

/** sha512 over body + secret + timestamp (UTF-8), lower-case hex. A GET signs the empty body. */
export function paymentAdminDigest(body: string, secret: string, timestamp: string): string {
  return createHash("sha512").update(body + secret + timestamp, "utf8").digest("hex");
}

/** The Authorization header's value: `Svea ` and base64 of `merchantId:digest`. */
export function paymentAdminAuthorization(merchantId: string, secret: string, body: string, timestamp: string): string {
  return `Svea ${Buffer.from(`${merchantId}:${paymentAdminDigest(body, secret, timestamp)}`, "utf8").toString("base64")}`;
}
