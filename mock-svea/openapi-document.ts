// The OpenAPI 3.1 description of the mock, built from the same JSON Schemas the mock validates with (never restated).
import { sveaInstoreSchemas } from "../common/svea-instore-schemas.js";
import { mockSveaSchemas } from "./mock-svea-schemas.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("problemDetails") } } });
const orderNumber = { name: "merchantOrderNumber", in: "path", required: true, schema: { type: "string", maxLength: 32 } };
const adminOk = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });

export function openApiDocument(serverUrl: string): object {
  const schemas: Record<string, object> = { ...sveaInstoreSchemas, ...mockSveaSchemas };
  const basic = [{ basicAuth: [] }];
  return {
    openapi: "3.1.0",
    info: {
      title: "Mock Svea Instore API",
      version: "1.0.0",
      description: "Svea Instore API v1 as the mock serves it, plus the mock's admin API. Choices where Svea documents nothing are listed in the README.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { basicAuth: { type: "http", scheme: "basic", description: "merchant id and Instore password" } },
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
            "400": problem("invalid body or a rule of the Instore account"),
            "401": problem("missing or wrong credentials"),
            "409": problem("merchantOrderNumber already used by this merchant"),
            "413": problem("body too large"),
            "415": problem("not a JSON media type"),
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
          responses: { "200": { description: "canceled, already canceled, or (paid order) credited", content: json("acknowledgement") }, "401": problem("missing or wrong credentials"), "404": problem("no such order for this merchant") },
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
          },
        },
      },
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
