// Assembles the mock's Hono app: request ids, logging, the Svea API, checkout pages, admin API and operations routes.
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { crossSiteGuard } from "./admin-cross-site-guard.js";
import { bodySizeLimit } from "./body-size-limit.js";
import { errorHandler, problemResponse } from "./error-handler.js";
import type { MockSveaDeps } from "./mock-svea-deps.js";
import type { MockSveaEnv } from "./mock-svea-env.js";
import { openApiDocument } from "./openapi-document.js";
import { randomString } from "./random-pool.js";
import { MockSveaError } from "./problem-document.js";
import { requestLogging } from "./request-journal.js";
import { adminRoutes, type AdminOptions } from "./routes/admin-routes.js";
import { checkoutRoutes } from "./routes/checkout-routes.js";
import { PAYMENT_ADMIN_PREFIX, paymentAdminRoutes } from "./routes/payment-admin-routes.js";
import { sveaApiRoutes, type SveaApiOptions } from "./routes/svea-api-routes.js";
import { jsonAnswer } from "./json-content-type.js";

export type MockSveaAppOptions = SveaApiOptions & AdminOptions;

/** W3C trace-context ids, as ASP.NET puts in a problem document's traceId. */
function traceId(): string {
  return `00-${randomString(16, "hex")}-${randomString(8, "hex")}-00`;
}

export function createMockSveaApp(deps: MockSveaDeps, options: MockSveaAppOptions): Hono<MockSveaEnv> {
  const app = new Hono<MockSveaEnv>();
  app.use(requestId({ generator: traceId }));
  app.use("/api/*", requestLogging(deps.logger, deps.clock, deps.requests));
  app.use(`${PAYMENT_ADMIN_PREFIX}/*`, requestLogging(deps.logger, deps.clock, deps.requests));
  app.use("/checkout/*", requestLogging(deps.logger, deps.clock));
  app.use("/__admin/*", requestLogging(deps.logger, deps.clock));
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => problemResponse(c, new MockSveaError(404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`)));

  // The checkout forms and the admin API read bodies too; they get the same limit as the Svea API.
  const limit = bodySizeLimit(options.bodyLimitBytes);
  app.use("/checkout/*", crossSiteGuard(), limit);
  app.use("/__admin/*", crossSiteGuard(), limit);

  app.get("/healthz", (c) => {
    const health = deps.repo.storeHealth();
    if (health.status === "restart-required") return jsonAnswer(c, { status: health.status, store: health.store, message: health.message }, 503);
    return jsonAnswer(c, { status: "ok", orders: deps.repo.orderCount, now: new Date(deps.clock.now()).toISOString() });
  });
  app.get("/openapi.json", (c) => jsonAnswer(c, openApiDocument(deps.publicUrl())));
  app.route("/api/v1", sveaApiRoutes(deps, options));
  app.route(`${PAYMENT_ADMIN_PREFIX}/api/v1`, paymentAdminRoutes(deps, options));
  app.route("/checkout", checkoutRoutes(deps));
  app.route("/__admin", adminRoutes(deps, options));
  return app;
}
