// The OpenAPI 3.1 description of the mock, built from the same JSON Schemas the mock validates with (never restated).
import { paymentAdminSchemas } from "../common/svea-payment-admin-schemas.js";
import { sveaInstoreSchemas } from "../common/svea-instore-schemas.js";
import { mockSveaSchemas } from "./mock-svea-schemas.js";
import { PAYMENT_ADMIN_PREFIX } from "./routes/payment-admin-routes.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("problemDetails") } } });
const orderNumber = { name: "merchantOrderNumber", in: "path", required: true, schema: { type: "string", maxLength: 32 } };
const adminOk = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });

/** Payment Admin's schemas under names of their own (`paymentAdminOrder`...): Instore has an order and rows too. */
const paymentAdminComponents = Object.fromEntries(Object.entries(paymentAdminSchemas).map(([name, schema]) => [`paymentAdmin${name[0]!.toUpperCase()}${name.slice(1)}`, schema]));

/** Svea's Payment Admin API v1 as the mock serves it (under PAYMENT_ADMIN_PREFIX; Svea serves it on a host of its own). */
function paymentAdminPaths(): Record<string, object> {
  const security = [{ paymentAdminToken: [] }];
  const params = (...names: ("id" | "deliveryId")[]) => [
    { name: "Timestamp", in: "header", required: true, schema: { type: "string" }, description: "UTC yyyy-MM-dd HH:mm:ss, the one in the token" },
    ...names.map((name) => ({ name, in: "path", required: true, schema: { type: "integer" }, description: name === "id" ? "paymentOrderId" : "the delivery's id" })),
  ];
  const unauthorized = problem("missing or wrong token");
  const notFound = problem("no paid order with this id for this merchant");
  const base = `${PAYMENT_ADMIN_PREFIX}/api/v1/orders/{id}`;
  return {
    [base]: {
      get: { operationId: "paymentAdminGetOrder", security, parameters: params("id"), responses: { "200": { description: "the order, its rows and deliveries", content: json("paymentAdminOrder") }, "401": unauthorized, "404": notFound } },
      patch: {
        operationId: "paymentAdminCancelOrder",
        security,
        parameters: params("id"),
        requestBody: { required: true, content: json("paymentAdminCancelRequest") },
        responses: { "204": { description: "cancelled" }, "400": problem("not {\"isCancelled\": true}, or the order has deliveries or is credited"), "401": unauthorized, "404": notFound },
      },
    },
    [`${base}/deliveries`]: {
      post: {
        operationId: "paymentAdminDeliverOrder",
        security,
        parameters: params("id"),
        requestBody: { required: true, content: json("paymentAdminDeliverRequest") },
        responses: { "202": { description: "delivered; Location names the order", content: json("paymentAdminDeliveryCreated") }, "400": problem("unknown or already delivered rows, or a cancelled order"), "401": unauthorized, "404": notFound },
      },
    },
    [`${base}/deliveries/{deliveryId}/credits`]: {
      post: {
        operationId: "paymentAdminCreditDelivery",
        security,
        parameters: params("id", "deliveryId"),
        requestBody: { required: true, content: json("paymentAdminCreditRequest") },
        responses: { "201": { description: "credited", content: json("paymentAdminCreditCreated") }, "400": problem("rows not in the delivery, already credited, or more than remains"), "401": unauthorized, "404": problem("no such order or delivery") },
      },
    },
  };
}

export function openApiDocument(serverUrl: string): object {
  const schemas: Record<string, object> = { ...sveaInstoreSchemas, ...mockSveaSchemas, ...paymentAdminComponents };
  const basic = [{ basicAuth: [] }];
  return {
    openapi: "3.1.0",
    info: {
      title: "Mock Svea Instore API",
      version: "1.0.0",
      description:
        "Svea Instore API v1 and Svea's Payment Admin API v1 (under /payment-admin) as the mock serves them, plus the mock's admin API. Choices where Svea documents nothing are listed in the README.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        basicAuth: { type: "http", scheme: "basic", description: "merchant id and Instore password" },
        paymentAdminToken: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "Svea base64(merchantId:sha512hex(body + secret + timestamp)), with the same timestamp in the Timestamp header",
        },
      },
      schemas,
    },
    paths: {
      "/api/v1/orders": {
        post: {
          operationId: "createOrder",
          security: basic,
          requestBody: { required: true, content: { ...json("createOrderRequest"), "text/json": { schema: ref("createOrderRequest") }, "application/*+json": { schema: ref("createOrderRequest") } } },
          responses: {
            "200": { description: "created", content: json("createOrderResponse") },
            "400": problem("invalid body or a rule of the Instore account; merchantOrderNumber already used, when duplicateCreateStatus is 400"),
            "401": problem("missing or wrong credentials"),
            "409": problem("merchantOrderNumber already used by this merchant (duplicateCreateStatus 409, the default)"),
            "413": problem("body too large"),
            "415": problem("not a JSON media type"),
            "422": problem("merchantOrderNumber already used, when duplicateCreateStatus is 422"),
          },
        },
      },
      "/api/v1/orders/{merchantOrderNumber}/status": {
        get: {
          operationId: "getOrderStatus",
          security: basic,
          parameters: [orderNumber],
          responses: {
            "200": { description: "the order", content: json("orderStatusResponse") },
            "401": problem("missing or wrong credentials"),
            "403": problem("polled again within 5 seconds"),
            "404": problem("no such order for this merchant"),
          },
        },
      },
      "/api/v1/orders/{merchantOrderNumber}/cancel": {
        post: {
          operationId: "cancelOrder",
          security: basic,
          parameters: [orderNumber],
          responses: {
            "200": { description: "canceled, already canceled, or (paid order) credited", content: json("acknowledgement") },
            "401": problem("missing or wrong credentials"),
            "404": problem("no such order for this merchant"),
            "413": problem("body too large (a body is not needed, and is otherwise ignored)"),
          },
        },
      },
      "/api/v1/orders/{merchantOrderNumber}/return": {
        post: {
          operationId: "returnOrder",
          security: basic,
          parameters: [orderNumber],
          requestBody: { required: true, content: json("returnRequest") },
          responses: {
            "200": { description: "credited", content: json("acknowledgement") },
            "400": problem("invalid rows, order not Completed, or more than was sold"),
            "401": problem("missing or wrong credentials"),
            "404": problem("no such order for this merchant"),
            "413": problem("body too large"),
            "415": problem("not a JSON media type"),
          },
        },
      },
      ...paymentAdminPaths(),
      "/checkout/{token}": { get: { operationId: "checkoutPage", parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "HTML checkout page" }, "404": { description: "no such link" }, "410": { description: "expired or canceled" } } } },
      "/healthz": { get: { operationId: "health", responses: { "200": adminOk("alive") } } },
      "/__admin/orders": { get: { operationId: "adminListOrders", responses: { "200": adminOk("orders, newest first; query merchantId, status, limit") } } },
      "/__admin/orders/{merchantId}/{merchantOrderNumber}": { get: { operationId: "adminInspectOrder", responses: { "200": adminOk("order with its SMS and callback attempts") } } },
      "/__admin/orders/{merchantId}/{merchantOrderNumber}/complete": { post: { operationId: "adminCompleteOrder", requestBody: { content: json("adminCompleteOrder") }, responses: { "200": adminOk("paid"), "409": problem("link expired, canceled or already paid") } } },
      "/__admin/orders/{merchantId}/{merchantOrderNumber}/decline": { post: { operationId: "adminDeclineOrder", responses: { "200": adminOk("declined"), "409": problem("link expired, canceled or already paid") } } },
      "/__admin/sms": { get: { operationId: "adminSmsOutbox", responses: { "200": { description: "outbox", content: { "application/json": { schema: { type: "object", properties: { messages: { type: "array", items: ref("smsMessage") } } } } } } } } },
      "/__admin/inbox": { get: { operationId: "adminSmsInbox", responses: { "200": { description: "HTML SMS inbox" } } } },
      "/__admin/callbacks": { get: { operationId: "adminCallbackJournal", responses: { "200": { description: "attempts", content: { "application/json": { schema: { type: "object", properties: { attempts: { type: "array", items: ref("callbackAttempt") } } } } } } } } },
      "/__admin/callbacks/run-due": { post: { operationId: "adminRunDueCallbacks", responses: { "200": adminOk("due retries attempted") } } },
      "/__admin/requests": { get: { operationId: "adminRequestJournal", responses: { "200": { description: "requests", content: { "application/json": { schema: { type: "object", properties: { requests: { type: "array", items: ref("requestJournalEntry") } } } } } } } } },
      "/__admin/reset": { post: { operationId: "adminReset", responses: { "200": adminOk("state forgotten") } } },
      "/__admin/clock": { get: { operationId: "adminClock", responses: { "200": adminOk("the mock's time") } } },
      "/__admin/clock/advance": { post: { operationId: "adminAdvanceClock", requestBody: { content: json("adminAdvanceClock") }, responses: { "200": adminOk("advanced"), "409": problem("system clock") } } },
      "/__admin/sweep": { post: { operationId: "adminSweep", responses: { "200": adminOk("expired orders") } } },
      "/__admin/faults": {
        get: { operationId: "adminListFaults", responses: { "200": adminOk("armed faults") } },
        post: { operationId: "adminAddFault", requestBody: { content: json("adminFault") }, responses: { "201": adminOk("armed") } },
        delete: { operationId: "adminClearFaults", responses: { "200": adminOk("cleared") } },
      },
      "/__admin/settings": {
        get: { operationId: "adminGetSettings", responses: { "200": { description: "settings", content: json("adminSettings") } } },
        put: { operationId: "adminPutSettings", requestBody: { content: json("adminSettings") }, responses: { "200": { description: "settings", content: json("adminSettings") } } },
      },
    },
  };
}
