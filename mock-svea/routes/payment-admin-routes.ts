// Svea's Payment Admin endpoints the plugin needs (read, deliver, cancel, credit), mounted under /payment-admin/api/v1
// behind Payment Admin's own token authentication.
import { Hono, type Context } from "hono";
import { bodySizeLimit } from "../body-size-limit.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockSveaEnv } from "../mock-svea-env.js";
import { paymentAdminAuth } from "../payment-admin-auth.js";
import { readJsonBody } from "../read-json-body.js";
import { cancelPaymentAdminOrder } from "../use-cases/payment-admin-cancel.js";
import { creditPaymentAdminDelivery } from "../use-cases/payment-admin-credit.js";
import { deliverPaymentAdminOrder } from "../use-cases/payment-admin-deliver.js";
import { findPaymentAdminOrder, toPaymentAdminOrder } from "../use-cases/payment-admin-order.js";
import { jsonAnswer } from "../json-content-type.js";

/** Where the mock serves Payment Admin: the same server as Instore, under this prefix (Svea uses another host). */
export const PAYMENT_ADMIN_PREFIX = "/payment-admin";

export function paymentAdminRoutes(deps: MockSveaDeps, options: { bodyLimitBytes: number }): Hono<MockSveaEnv> {
  const api = new Hono<MockSveaEnv>();
  // The limit first: the token is checked over the body, so the body is read before anything else.
  api.use(bodySizeLimit(options.bodyLimitBytes));
  api.use(paymentAdminAuth(deps.merchants));
  const merchantId = (c: Context<MockSveaEnv>) => c.get("merchantId")!;

  api.get("/orders/:id", (c) => jsonAnswer(c, toPaymentAdminOrder(findPaymentAdminOrder(deps, merchantId(c), c.req.param("id")))));

  api.post("/orders/:id/deliveries", async (c) => {
    const { deliveryId } = await deliverPaymentAdminOrder(deps, merchantId(c), c.req.param("id"), await readJsonBody(c));
    c.header("location", `${deps.publicUrl()}${PAYMENT_ADMIN_PREFIX}/api/v1/orders/${c.req.param("id")}`);
    return jsonAnswer(c, { deliveryId }, 202);
  });

  api.patch("/orders/:id", async (c) => {
    await cancelPaymentAdminOrder(deps, merchantId(c), c.req.param("id"), await readJsonBody(c));
    return c.body(null, 204);
  });

  api.post("/orders/:id/deliveries/:deliveryId/credits", async (c) => {
    const { creditId, amount } = await creditPaymentAdminDelivery(deps, merchantId(c), c.req.param("id"), c.req.param("deliveryId"), await readJsonBody(c));
    return jsonAnswer(c, { creditId, amount: Number(amount) }, 201);
  });

  return api;
}
