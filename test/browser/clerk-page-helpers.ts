// What the clerk-page browser tests share: orders saved (and paid) behind the page's back, and what a screen reader hears.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { repoRoot } from "../e2e/ensure-plugin-built.js";
import type { NpmStart } from "../support/npm-start-process.js";

const api = (world: NpmStart, path: string, init: RequestInit = {}) =>
  fetch(`${world.host}${path}`, { ...init, headers: { "content-type": "application/json", ...(init.headers ?? {}) } });

export const mockAdmin = (world: NpmStart, method: string, path: string, body?: unknown) =>
  fetch(`${world.admin}${path}`, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/**
 * An order saved through the clerk API (fixtures/host/instore-order.json under another id). When asked: `edited`,
 * saved again with its first row only (the first link cancelled, a new one waiting: two links in its history); `paid`
 * at the mock; `deleted` through the API.
 */
export async function savedOrder(world: NpmStart, number: string, options: { paid?: boolean; edited?: boolean; deleted?: boolean } = {}): Promise<string> {
  const fixture = JSON.parse(await readFile(join(repoRoot, "fixtures/host/instore-order.json"), "utf8")) as { rows: unknown[] } & Record<string, unknown>;
  const id = `ord-${number}`;
  expect((await api(world, `/api/orders/${id}`, { method: "PUT", body: JSON.stringify({ ...fixture, id, number }) })).status).toBe(201);
  if (options.edited) {
    const edited = { ...fixture, id, number, rows: fixture.rows.slice(0, 1), total: "119.80" };
    expect((await api(world, `/api/orders/${id}`, { method: "PUT", body: JSON.stringify(edited) })).status).toBe(200);
  }
  if (options.paid) {
    const link = ((await (await api(world, `/api/orders/${id}`)).json()) as { paymentView: { paymentLink: string } }).paymentView.paymentLink;
    const listed = (await (await mockAdmin(world, "GET", "/orders")).json()) as { orders: { merchantId: string; merchantOrderNumber: string; instoreUiUri: string }[] };
    const order = listed.orders.find((o) => o.instoreUiUri === link)!;
    expect((await mockAdmin(world, "POST", `/orders/${order.merchantId}/${order.merchantOrderNumber}/complete`)).status).toBe(200);
    await expect.poll(async () => ((await (await api(world, `/api/orders/${id}`)).json()) as { paymentView: { state: string } }).paymentView.state, { timeout: 10_000 }).toBe("paid");
  }
  if (options.deleted) expect((await api(world, `/api/orders/${id}`, { method: "DELETE" })).status).toBe(200);
  return id;
}

/** An element's accessible name, description and role as Chromium computes them for a screen reader. */
export async function accessibleOf(context: BrowserContext, page: Page, selector: string): Promise<{ name: string; description: string; role: string }> {
  const cdp = await context.newCDPSession(page);
  try {
    const { root } = (await cdp.send("DOM.getDocument", { depth: 0 })) as { root: { nodeId: number } };
    const { nodeId } = (await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector })) as { nodeId: number };
    const { node } = (await cdp.send("DOM.describeNode", { nodeId })) as { node: { backendNodeId: number } };
    const { nodes } = (await cdp.send("Accessibility.getPartialAXTree", { backendNodeId: node.backendNodeId, fetchRelatives: false })) as {
      nodes: { name?: { value: string }; description?: { value: string }; role?: { value: string } }[];
    };
    return { name: nodes[0]?.name?.value ?? "", description: nodes[0]?.description?.value ?? "", role: nodes[0]?.role?.value ?? "" };
  } finally {
    await cdp.detach();
  }
}

/**
 * The new-order form sent over the pages' size limit (a 300 KiB field added to it): the page that refuses it (413,
 * "Formuläret är för stort…"), as the browser shows the post's answer.
 */
export async function tooLargeFormPost(world: NpmStart, page: Page, locale: string): Promise<void> {
  await page.goto(`${world.host}/orders/new?locale=${locale}`);
  await page.evaluate(`(() => {
    const padding = document.createElement("textarea");
    padding.name = "padding";
    padding.hidden = true;
    padding.value = "x".repeat(300 * 1024);
    document.querySelector("#order-form").append(padding);
  })()`);
  const [answer] = await Promise.all([page.waitForNavigation(), page.click("#save")]);
  expect(answer?.status()).toBe(413);
}
