// Every outgoing request is checked against the strict schema and the order-total rule; a violation sends nothing.
import { describe, expect, it } from "vitest";
import type { CreateOrderRequest } from "../../common/svea-instore-types.js";
import { SveaValidationError } from "../../plugin/svea-client/index.js";
import { clientFor, exampleOrder, rejectionOf, serve } from "./support/client-test-setup.js";
import { sendJson } from "./support/test-http-server.js";

async function countingServer() {
  return serve((_req, res) => sendJson(res, 500, { title: "should never be reached", status: 500 }));
}

const mutate = (change: (r: any) => void): CreateOrderRequest => {
  const request = exampleOrder() as any;
  change(request);
  return request;
};

describe("requests that break a rule are refused before any network call", () => {
  it.each<[string, CreateOrderRequest, string, string]>([
    ["a 41-character row name", mutate((r) => (r.orderItems[0].name = "x".repeat(41))), "orderItems[0].name", "maxLength"],
    ["an unknown extra property", mutate((r) => (r.discountCode = "X")), "discountCode", "additionalProperties"],
    ["a fractional quantity", mutate((r) => (r.orderItems[1].quantity = 1.5)), "orderItems[1].quantity", "type"],
    ["no rows", mutate((r) => (r.orderItems = [])), "orderItems", "minItems"],
    ["a lower-case country", mutate((r) => (r.countryCode = "se")), "countryCode", "pattern"],
    ["NationalId without IsCompany", mutate((r) => (r.presetValues = [{ attributeName: "NationalId", value: "1" }])), "presetValues", "contains"],
    ["both discounts on a row", mutate((r) => (r.orderItems[0].discountAmount = 1)), "orderItems[0]", "not"],
    ["a negative order total", mutate((r) => (r.orderItems = [{ name: "Rabatt", quantity: 100, unitPrice: -100, vatPercent: 2500, unit: "st" }])), "orderItems", "orderTotal"],
  ])("createOrder with %s", async (_label, request, path, rule) => {
    const server = await countingServer();
    const e = await rejectionOf(clientFor(server.url).createOrder(request));
    expect(e).toBeInstanceOf(SveaValidationError);
    expect(e).toMatchObject({ code: "validation", sentToSvea: false, status: undefined, retryable: false });
    expect(e.fieldErrors.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toContain(`${path} ${rule}`);
    expect(e.message).toContain(path);
    expect(e.messages.sv).toContain(path);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["getOrderStatus", (c: ReturnType<typeof clientFor>) => c.getOrderStatus("x".repeat(33))],
    ["cancelOrder", (c: ReturnType<typeof clientFor>) => c.cancelOrder("")],
    ["returnOrder", (c: ReturnType<typeof clientFor>) => c.returnOrder("x".repeat(33), { returnedItems: [] })],
  ])("%s with an impossible merchantOrderNumber", async (_label, act) => {
    const server = await countingServer();
    const e = await rejectionOf(act(clientFor(server.url)));
    expect(e).toBeInstanceOf(SveaValidationError);
    expect(e.fieldErrors[0]).toMatchObject({ path: "merchantOrderNumber" });
    expect(server.requests).toHaveLength(0);
  });

  it.each<[string, unknown, string, string]>([
    ["a bad row", { returnedItems: [{ name: "A", quantity: 0, unitPrice: 1, vatPercent: 0, unit: "st" }] }, "returnedItems[0].quantity", "minimum"],
    ["an extra property", { returnedItems: [], all: true }, "all", "additionalProperties"],
    ["a negative return total", { returnedItems: [{ name: "A", quantity: 100, unitPrice: -1, vatPercent: 0, unit: "st" }] }, "returnedItems", "orderTotal"],
  ])("returnOrder with %s", async (_label, body, path, rule) => {
    const server = await countingServer();
    const e = await rejectionOf(clientFor(server.url).returnOrder("A1", body as never));
    expect(e.fieldErrors).toContainEqual(expect.objectContaining({ path, rule }));
    expect(server.requests).toHaveLength(0);
  });
});
