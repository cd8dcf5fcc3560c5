// Runs every row of the bad-input catalogue against the real plugin hook, the real mock Svea and the real callback route.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostOrder, OrderSaveResult } from "../../plugin/host-contract/host-contract-types.js";
import { callbackToken } from "../../plugin/callback/callback-token.js";
import { startPluginWorld, waitFor, type PluginWorld } from "../reliability/support/activated-plugin.js";
import { basicAuth, rawHttp } from "../reliability/support/raw-http.js";
import { baseOrder, catalogue, type CallbackCase, type MockApiCase, type SaveCase } from "./bad-input-catalogue.js";
import { renderCatalogue } from "./render-catalogue.js";

const catalogueFile = new URL("./CATALOGUE.md", import.meta.url);

/** `orderItems[0].name`, `orderItems.length`, `mobilePhoneNumber` read from what Svea received. */
function at(value: unknown, path: string): unknown {
  return path
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .reduce<unknown>((v, part) => {
      const key = /^\[(\d+)\]$/.exec(part)?.[1] ?? part;
      return v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key];
    }, value);
}

const clerkView = (m: { code: string; field?: string; message: string }) => ({ code: m.code, ...(m.field === undefined ? {} : { field: m.field }), message: m.message });

describe("bad-input catalogue", () => {
  let world: PluginWorld;
  let unconfigured: PluginWorld | undefined;
  let seq = 0;
  beforeAll(async () => {
    world = await startPluginWorld();
  });
  afterAll(async () => {
    await world?.close();
    await unconfigured?.close();
  });

  it("has at least 40 cases, and CATALOGUE.md is the rendering of them", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
    expect(new Set(catalogue.map((r) => r.case)).size).toBe(catalogue.length);
    const rendered = renderCatalogue(catalogue);
    if (process.env.UPDATE_CATALOGUE === "1") writeFileSync(catalogueFile, rendered);
    expect(readFileSync(catalogueFile, "utf8")).toBe(rendered);
  });

  const saveCases = catalogue.filter((r): r is SaveCase => r.layer === "order.save");
  it.each(saveCases.map((r) => [r.case, r] as const))("order.save: %s", async (_name, row) => {
    const w = row.settings ? (unconfigured ??= await startPluginWorld({ settings: row.settings })) : world;
    // Distinct ERP numbers: one number issued twice in one second would make the same merchantOrderNumber.
    const order: HostOrder = { ...structuredClone(baseOrder), id: `bad-${++seq}`, number: `${7000 + seq}` };
    row.change(order);
    const createsBefore = w.mock.deps.repo.orderCount;
    const result: OrderSaveResult = await w.plugin.hooks["order.save"]({ order, locale: row.locale });
    const e = row.expect;
    if ("refused" in e) {
      expect(result.accepted).toBe(false);
      expect(result.accepted ? [] : result.errors.map(clerkView)).toEqual(e.refused);
      // A refusal sends nothing to Svea.
      expect(w.mock.deps.repo.orderCount).toBe(createsBefore);
      return;
    }
    expect(result.accepted, JSON.stringify(result)).toBe(true);
    if (!result.accepted) return;
    if ("notice" in e) expect(result.notices.map(clerkView)).toContainEqual(e.notice);
    else expect(result.notices.map((n) => n.code)).toEqual(e.noticeCodes);
    expect(result.paymentView?.state).toBe("waiting");
    const mon = result.paymentView?.links.at(-1)?.merchantOrderNumber ?? "";
    expect(mon).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    const atSvea = w.mock.deps.repo.find(w.mock.merchant.id, mon);
    expect(atSvea?.orderStatus).toBe("Active");
    for (const [path, value] of Object.entries(e.sveaHolds ?? {})) expect(at(atSvea?.request, path), path).toEqual(value);
  });

  const mockCases = catalogue.filter((r): r is MockApiCase => r.layer === "mock-api");
  it.each(mockCases.map((r) => [r.case, r] as const))("mock Svea API: %s", async (_name, row) => {
    const { request, expect: want } = row;
    const headers: Record<string, string> = {};
    if (request.credentials !== "none")
      headers.authorization = basicAuth(world.mock.merchant.id, request.credentials === "merchant" ? world.mock.merchant.password : "not-the-password");
    if (request.contentType) headers["content-type"] = request.contentType;
    const ordersBefore = world.mock.deps.repo.orderCount;
    const res = await rawHttp(request.method, `${world.mock.url}${request.path}`, headers, request.body);
    expect(res.status).toBe(want.status);
    expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(res.text) as { status: number; detail?: string; errors?: unknown };
    expect(problem.status).toBe(want.status);
    if (want.detail !== undefined) expect(problem.detail).toBe(want.detail);
    if (want.errors !== undefined) expect(problem.errors).toEqual(want.errors);
    expect(res.text).not.toMatch(/\n\s+at /); // no stack trace to a caller
    expect(world.mock.deps.repo.orderCount).toBe(ordersBefore);
  });

  const callbackCases = catalogue.filter((r): r is CallbackCase => r.layer === "callback");
  it.each(callbackCases.map((r) => [r.case, r] as const))("callback route: %s", async (_name, row) => {
    // The customer has paid at Svea, but Svea's own callback is held back: only this request can tell the plugin.
    const orderId = `cb-${++seq}`;
    const saved = await world.plugin.hooks["order.save"]({ order: { ...structuredClone(baseOrder), id: orderId, number: `${8000 + seq}` }, locale: "en" });
    const mon = saved.accepted ? (saved.paymentView?.links.at(-1)?.merchantOrderNumber ?? "") : "";
    expect(mon).not.toBe("");
    await world.mock.deps.faults.add({ kind: "callback-suppressed", merchantOrderNumber: mon });
    const paid = await rawHttp("POST", `${world.mock.adminUrl}/orders/${world.mock.merchant.id}/${mon}/complete`, { "content-type": "application/json" }, "{}");
    expect(paid.status).toBe(200);

    const target = row.request.order === "unknown" ? "unknown-1" : mon;
    const token = {
      valid: callbackToken(world.callbackKey, target),
      forged: "A".repeat(43),
      short: "abc",
      "other-order": callbackToken(world.callbackKey, `${mon}x`),
      "unknown-key": callbackToken("a-key-the-plugin-never-had-0123456789abcdef", target),
    }[row.request.token];
    const headers: Record<string, string> = row.request.contentType ? { "content-type": row.request.contentType } : {};
    const res = await rawHttp("POST", `${world.pluginBaseUrl}/callback/${encodeURIComponent(target)}/${token}`, headers, row.request.body);
    expect(res.status).toBe(row.expect.status);
    expect(JSON.parse(res.text)).toEqual(row.expect.body);

    const paidUpdates = () => world.orders.updates.filter((u) => u.orderId === orderId && u.state === "paid");
    if (row.expect.recorded) {
      // The body is never trusted: the plugin read Svea's status and found the payment.
      expect(await waitFor(paidUpdates, (u) => u.length > 0, world.clock)).toHaveLength(1);
    } else {
      await new Promise((r) => setTimeout(r, 50));
      expect(paidUpdates()).toEqual([]);
      const view = await world.plugin.hooks["order.payment-view"]({ orderIds: [orderId], locale: "en" });
      expect(view.views[0]?.state ?? view).toBe("waiting");
    }
  });
});
