// Input a fuzzer sends, end to end: bodies nested thousands of levels deep, order ids that are names of Object's own
// members, commands with bodies that are not what they take. Each is refused naming the field (or handled as an
// ordinary id) before anything reaches Svea, and nothing the customer could pay is left without an order.
import { afterEach, describe, expect, it } from "vitest";
import { orderFor, startStory, type Story } from "./story-harness.js";

const stories: Story[] = [];
async function story(): Promise<Story> {
  const s = await startStory();
  stories.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(stories.splice(0).map((s) => s.close()));
});

/** The JSON text `[[[ … ]]]`, nested `levels` deep (written as text: JSON.stringify itself overflows on such data). */
const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("hostile input (end to end)", () => {
  it("a body nested thousands of levels deep is refused naming where, before Svea is called, and nothing is stored", async () => {
    const s = await story();
    for (const levels of [2_000, 20_000]) {
      const order = orderFor("deep-1");
      const body = JSON.stringify({ ...order, customer: { ...order.customer, x: "X" } }).replace('"X"', nested(levels));
      const res = await fetch(`${s.host.url}/api/orders/deep-1?locale=en`, { method: "PUT", headers: { "content-type": "application/json" }, body });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { code: string; errors: { path: string; rule: string; message: string }[] };
      expect(problem.code).toBe("order-invalid");
      expect(problem.errors).toEqual([{ path: `customer.x${"[0]".repeat(62)}`, rule: "maxDepth", message: "must not nest deeper than 64 levels" }]);
    }
    expect(await s.requests()).toEqual([]);
    expect(await s.sms()).toEqual([]);
    expect(await s.host.store.get("deep-1")).toBeUndefined();
  });

  it("order ids that name Object's own members are ordinary ids: stored, listed, read back, and no other id is disturbed", async () => {
    const s = await story();
    for (const [id, number] of [["__proto__", "7001"], ["constructor", "7002"], ["toString", "7003"]] as const) {
      const saved = await s.save(orderFor(id, { number }));
      expect(saved.status, id).toBe(201);
      expect(saved.paymentView?.state).toBe("waiting");
      expect((await s.host.store.get(id))?.order.number).toBe(number);
    }
    const list = (await (await fetch(`${s.host.url}/api/orders`)).json()) as { orders: { order: { id: string } }[] };
    expect(list.orders.map((o) => o.order.id).sort()).toEqual(["__proto__", "constructor", "toString"]);
    // An id nobody saved is still not found, whatever Object.prototype holds.
    for (const id of ["order", "hasOwnProperty", "valueOf"]) expect((await fetch(`${s.host.url}/api/orders/${id}`)).status, id).toBe(404);
    expect((await s.sms()).length).toBe(3);
  });

  it("a command's body must be an object whose args is an object; anything else is refused before the command runs", async () => {
    const s = await story();
    const command = (body: string, contentType = "application/json") =>
      fetch(`${s.host.url}/api/commands/expire-links?locale=en`, { method: "POST", headers: { "content-type": contentType }, body });
    const cases: [string, string, { path: string; rule: string }][] = [
      ["{bad json", "application/json", { path: "", rule: "json" }],
      ["[1,2]", "text/plain", { path: "", rule: "jsonObject" }],
      ['{"args":"not-an-object"}', "application/json", { path: "args", rule: "type" }],
    ];
    for (const [body, contentType, error] of cases) {
      const res = await command(body, contentType);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining(error)]);
    }
    expect((await command('{"args":{}}')).status).toBe(200);
    expect((await command("")).status).toBe(200);
  });

  it("a method or path the clerk API lacks is a problem document (404), not the pages' 'form from another site' page", async () => {
    const s = await story();
    // A plain server-side client (no Origin, no Sec-Fetch-Site, no content type): what an ERP's script sends.
    for (const [method, path] of [["PATCH", "/api/orders/ord-1"], ["POST", "/api/orders"], ["DELETE", "/api/orders/"], ["GET", "/api/nope"]] as const) {
      const res = await fetch(`${s.host.url}${path}?locale=sv`, { method });
      expect([method, path, res.status, res.headers.get("content-type")]).toEqual([method, path, 404, "application/problem+json; charset=utf-8"]);
      expect(await res.json()).toMatchObject({ code: "api-route-unknown", title: `Klient-API:t har ingen ${method} ${path}.` });
    }
  });
});
