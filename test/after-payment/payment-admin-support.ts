// Test helpers for Payment Admin: the demo merchant's Payment Admin credentials and a signed request over real HTTP.
import { createHash } from "node:crypto";

/** From fixtures/mock-svea/merchants.json. */
export const DEMO_PAYMENT_ADMIN = { merchantId: "124842", secret: "demo-payment-admin-secret-2026" } as const;

/** Signs from the documented formula with node:crypto directly (not the code under test); `upper` sends upper-case hex. */
export function signedHeaders(merchantId: string, secret: string, body: string, timestamp = "2026-01-15 10:00:00", upper = false): Record<string, string> {
  let digest = createHash("sha512").update(body + secret + timestamp, "utf8").digest("hex");
  if (upper) digest = digest.toUpperCase();
  return {
    Authorization: `Svea ${Buffer.from(`${merchantId}:${digest}`, "utf8").toString("base64")}`,
    Timestamp: timestamp,
    ...(body ? { "Content-Type": "application/json" } : {}),
  };
}

export async function paymentAdminCall(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  credentials: { merchantId: string; secret: string } = DEMO_PAYMENT_ADMIN,
  upper = false,
): Promise<{ status: number; json: any }> {
  const text = body === undefined ? "" : JSON.stringify(body);
  const response = await fetch(`${baseUrl}/payment-admin/api/v1${path}`, {
    method,
    headers: signedHeaders(credentials.merchantId, credentials.secret, text, undefined, upper),
    body: body === undefined ? undefined : text,
  });
  const answer = await response.text();
  return { status: response.status, json: answer ? JSON.parse(answer) : null };
}
