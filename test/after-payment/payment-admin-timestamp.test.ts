// The mock's Payment Admin once took a Timestamp that is no UTC time at all, as long as its digits are in place.
// API document lines 159-160: "Authorization: Svea base64(merchantId:sha512hex(body + secret + timestamp)), with a
// Timestamp header in UTC yyyy-MM-dd HH:mm:ss". A client formatting the month with JavaScript's 0-based getMonth()
// ("2026-00-15") or a 12/24-hour slip ("24:30:00") passed against the mock and is refused by Svea.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestMock, type TestMock } from "../mock-svea/mock-svea-test-server.js";
import { DEMO_PAYMENT_ADMIN, signedHeaders } from "./payment-admin-support.js";

let mock: TestMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(async () => {
  await mock?.close();
});

describe("Payment Admin Timestamp", () => {
  it.each(["2026-00-15 10:00:00", "2026-13-45 99:99:99", "2026-02-30 24:30:00"])("refuses %s, which is no UTC yyyy-MM-dd HH:mm:ss time, with 401", async (timestamp) => {
    const res = await fetch(`${mock.url}/payment-admin/api/v1/orders/8000001`, {
      headers: signedHeaders(DEMO_PAYMENT_ADMIN.merchantId, DEMO_PAYMENT_ADMIN.secret, "", timestamp),
    });
    // Before the fix the mock passed the token check and answered 404 (no such order).
    expect(res.status).toBe(401);
  });

  it.each(["2024-02-29 23:59:59", "2026-12-31 00:00:00"])("accepts %s, a real UTC time (404: the token passed, no such order)", async (timestamp) => {
    const res = await fetch(`${mock.url}/payment-admin/api/v1/orders/8000001`, {
      headers: signedHeaders(DEMO_PAYMENT_ADMIN.merchantId, DEMO_PAYMENT_ADMIN.secret, "", timestamp),
    });
    expect(res.status).toBe(404);
  });
});
