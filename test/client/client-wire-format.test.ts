// What goes on the wire: Svea's Accept header, Basic auth, JSON bodies, encoded order numbers, the right paths.
import { describe, expect, it } from "vitest";
import { loadSveaInstoreFixture } from "../../fixtures/svea-instore/load-svea-instore-fixture.js";
import { SVEA_ACCEPT_HEADER } from "../../plugin/svea-client/index.js";
import { clientFor, CREDENTIALS_B64, exampleOrder, MERCHANT_ID, PASSWORD, serve } from "./support/client-test-setup.js";
import { sendJson } from "./support/test-http-server.js";

const status = (mon: string, orderStatus = "Active") => ({ merchantOrderNumber: mon, instoreUiUri: "https://x.test/p", orderStatus, paymentOrderId: 7 });

async function echoServer() {
  return serve((req, res) => {
    const mon = decodeURIComponent(req.url.split("/")[4] ?? "");
    if (req.url === "/api/v1/orders") return sendJson(res, 200, { ...status(JSON.parse(req.body).merchantOrderNumber), smsSentSuccessfully: false });
    if (req.url.endsWith("/status")) return sendJson(res, 200, status(mon));
    return sendJson(res, 200, {});
  });
}

describe("headers", () => {
  it("every call sends Svea's Accept header and Basic base64(merchantId:password)", async () => {
    const server = await echoServer();
    const client = clientFor(server.url, { pollGapMs: 0 });
    await client.createOrder(exampleOrder("H-1"));
    await client.getOrderStatus("H-1");
    await client.cancelOrder("H-1");
    await client.returnOrder("H-1", { returnedItems: [] });
    expect(server.requests).toHaveLength(5);
    const expectedAuth = `Basic ${Buffer.from(`${MERCHANT_ID}:${PASSWORD}`, "utf8").toString("base64")}`;
    expect(expectedAuth).toBe(`Basic ${CREDENTIALS_B64}`);
    for (const req of server.requests) {
      expect(req.headers.accept).toBe("text/plain, application/json, text/json");
      expect(req.headers.authorization).toBe(expectedAuth);
    }
    expect(SVEA_ACCEPT_HEADER).toBe("text/plain, application/json, text/json");
  });

  it("bodies are UTF-8 JSON sent as application/json; GET and cancel carry no body and no Content-Type", async () => {
    const server = await echoServer();
    const client = clientFor(server.url, { pollGapMs: 0 });
    const request = exampleOrder("H-2");
    await client.createOrder(request);
    await client.cancelOrder("H-2");
    const rows = [{ name: "Kaffebönor", quantity: 50, unitPrice: 12000, vatPercent: 1200, unit: "kg" }];
    await client.returnOrder("H-2", { returnedItems: rows });
    const [create, statusRead, cancel, ret] = server.requests;
    expect(create!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(create!.body)).toEqual(request);
    expect(create!.body).toContain("Kaffebönor");
    for (const req of [statusRead!, cancel!]) {
      expect(req.headers["content-type"]).toBeUndefined();
      expect(req.body).toBe("");
    }
    expect(ret!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(ret!.body)).toEqual({ returnedItems: rows });
  });

  it("uses the documented methods and paths, URL-encoding the order number", async () => {
    const server = await echoServer();
    const client = clientFor(server.url, { pollGapMs: 0 });
    const mon = "A/B 1?#å";
    await client.createOrder(exampleOrder(mon));
    await client.getOrderStatus(mon);
    await client.cancelOrder(mon);
    await client.returnOrder(mon, { returnedItems: [] });
    const encoded = "A%2FB%201%3F%23%C3%A5";
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/v1/orders",
      `GET /api/v1/orders/${encoded}/status`,
      `GET /api/v1/orders/${encoded}/status`,
      `POST /api/v1/orders/${encoded}/cancel`,
      `POST /api/v1/orders/${encoded}/return`,
    ]);
  });

  it("a base URL with a path prefix keeps it", async () => {
    const server = await serve((req, res) => sendJson(res, 200, status("P-1")));
    await clientFor(`${server.url}/svea/`, { pollGapMs: 0 }).getOrderStatus("P-1");
    expect(server.requests[0]!.url).toBe("/svea/api/v1/orders/P-1/status");
  });

  it("the Completed fixture passes through getOrderStatus unchanged", async () => {
    const completed = loadSveaInstoreFixture("order-status-response.completed") as { merchantOrderNumber: string };
    const server = await serve((_req, res) => sendJson(res, 200, completed));
    await expect(clientFor(server.url).getOrderStatus(completed.merchantOrderNumber)).resolves.toEqual(completed);
  });
});
