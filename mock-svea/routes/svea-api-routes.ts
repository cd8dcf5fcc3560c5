// The four Svea Instore endpoints under /api/v1, behind Basic auth, with injectable faults and a body limit.
import { Hono, type MiddlewareHandler } from "hono";
import type { Acknowledgement } from "../../common/svea-instore-types.js";
import { bodySizeLimit } from "../body-size-limit.js";
import type { Endpoint } from "../fault-injector.js";
import { merchantBasicAuth } from "../merchant-basic-auth.js";
import type { MockSveaDeps } from "../mock-svea-deps.js";
import type { MockSveaEnv } from "../mock-svea-env.js";
import { toCreateOrderResponse, toStatusResponse } from "../order-views.js";
import { MockSveaError } from "../problem-document.js";
import { readJsonBody } from "../read-json-body.js";
import { cancelOrder } from "../use-cases/cancel-order.js";
import { createOrder } from "../use-cases/create-order.js";
import { getOrderStatus } from "../use-cases/get-order-status.js";
import { returnOrder } from "../use-cases/return-order.js";
import { jsonAnswer } from "../json-content-type.js";

export interface SveaApiOptions {
  bodyLimitBytes: number;
}

function dropConnection(c: { env: MockSveaEnv["Bindings"] | undefined }): Response {
  c.env?.incoming.socket.destroy();
  // Never reaches the caller: the socket is gone.
  return new Response(null, { status: 500 });
}

/** Applies the next fault armed for this endpoint, if any. */
function withFaults(deps: MockSveaDeps, endpoint: Endpoint): MiddlewareHandler<MockSveaEnv> {
  return async (c, next) => {
    const fault = deps.faults.takeEndpointFault(endpoint);
    if (!fault) return next();
    c.set("fault", fault.kind === "drop-connection" && fault.afterStore ? "drop-connection-after-store" : fault.kind);
    switch (fault.kind) {
      case "http-status":
        // A 401 as the credentials check answers it (its challenge too): Svea's auth flapping, or a password rotated.
        // A 403 is Svea's rate limit (as its 5 s status pace answers), a 429 a throttling proxy's: problem documents.
        throw new MockSveaError(fault.status, `fault injected through the admin API (${fault.status})`, [], fault.status === 401 ? { "www-authenticate": BASIC_CHALLENGE } : {});
      case "delay":
        await deps.clock.sleep(fault.delayMs);
        return next();
      case "drop-connection":
        if (fault.afterStore) {
          await next();
          c.res = dropConnection(c);
          return;
        }
        return dropConnection(c);
    }
  };
}

const REALM = "Svea Instore";
const BASIC_CHALLENGE = `Basic realm="${REALM}"`;

export function sveaApiRoutes(deps: MockSveaDeps, options: SveaApiOptions): Hono<MockSveaEnv> {
  const api = new Hono<MockSveaEnv>();
  api.use(merchantBasicAuth(deps.merchants, REALM));
  api.use(bodySizeLimit(options.bodyLimitBytes));
  const merchantOf = (c: { get(key: "merchantId"): string | undefined }) => deps.merchants.get(c.get("merchantId")!)!;

  api.post("/orders", withFaults(deps, "create"), async (c) => {
    const body = await readJsonBody(c);
    const order = await createOrder(deps, merchantOf(c), body);
    return jsonAnswer(c, toCreateOrderResponse(order, deps.publicUrl()));
  });

  api.get("/orders/:merchantOrderNumber/status", withFaults(deps, "status"), (c) => {
    const order = getOrderStatus(deps, c.get("merchantId")!, c.req.param("merchantOrderNumber"));
    return jsonAnswer(c, toStatusResponse(order, deps.publicUrl()));
  });

  // Cancel takes no body: whatever is sent (or not) is ignored.
  api.post("/orders/:merchantOrderNumber/cancel", withFaults(deps, "cancel"), async (c) => {
    await cancelOrder(deps, c.get("merchantId")!, c.req.param("merchantOrderNumber"));
    return jsonAnswer(c, {} satisfies Acknowledgement);
  });

  api.post("/orders/:merchantOrderNumber/return", withFaults(deps, "return"), async (c) => {
    const body = await readJsonBody(c);
    await returnOrder(deps, merchantOf(c), c.req.param("merchantOrderNumber"), body);
    return jsonAnswer(c, {} satisfies Acknowledgement);
  });

  return api;
}
