// Test helpers for Payment Admin: the demo merchant's Payment Admin credentials and a signed request over real HTTP.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "../mock-svea/mock-svea-test-server.js";

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

/** Creates an Instore order on the mock (the demo order, with `overrides`) and pays it by invoice. */
export async function paidMockOrder(mock: { url: string; adminUrl: string }, overrides: Record<string, unknown> = {}): Promise<{ merchantOrderNumber: string; paymentOrderId: number }> {
  const created = await fetch(`${mock.url}/api/v1/orders`, {
    method: "POST",
    headers: { authorization: basic(DEMO), "content-type": "application/json" },
    body: JSON.stringify(orderRequest(overrides)),
  });
  expect(created.status).toBe(200);
  const { merchantOrderNumber, paymentOrderId } = (await created.json()) as { merchantOrderNumber: string; paymentOrderId: number };
  const paid = await fetch(`${mock.adminUrl}/orders/${DEMO.id}/${merchantOrderNumber}/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ paymentMethod: "invoice" }),
  });
  expect(paid.status).toBe(200);
  return { merchantOrderNumber, paymentOrderId };
}

/** An Instore API call as the demo merchant. */
export function instoreCall(baseUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: basic(DEMO), "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A mock started before a test file's tests and closed after them: `running.mock` once they run. */
export function useTestMock(): { mock: TestMock } {
  const running = {} as { mock: TestMock };
  beforeAll(async () => {
    running.mock = await startTestMock();
  });
  afterAll(async () => {
    await running.mock?.close();
  });
  return running;
}

/** The rows of the deferred-delivery order the Instore-credit tests share: coffee 98.00, mug 125.00, tea 200.00. */
export const coffee = { articleNumber: "K-1", name: "Kaffe", quantity: 200, unitPrice: 4900, vatPercent: 1200, unit: "st" };
export const mug = { articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st" };
export const tea = { articleNumber: "T-1", name: "Te", quantity: 100, unitPrice: 20000, vatPercent: 1200, unit: "st" };
