// A page save the host answers as refused although it stored the clerk's order (written ahead of the plugin): 503
// `order-saved-link-may-be-sent` (the plugin's write through the lent storage failed, the link may be with the
// customer) or a plugin refusal with the notice `order-not-restored` (the file could not be put back: it holds the
// refused version). Both pages tell the clerk to fix the fault and save again. The page once kept the version the input
// was made from (the order as it was before this very save), so that save was refused as "changed meanwhile", which
// nobody did; and a new order's save answered so showed the new-order form, whose save again made no order (the number
// was taken by the one stored). The page goes on from the order stored: its version, and a new order's own page.
import { mkdir, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { orderVersion } from "../../host/order-version.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { capturingLogger, fakePayOrder, fakePayPluginDir, postForm, putJson, useTempDirs } from "../host/host-test-helpers.js";

const tempDir = useTempDirs("save-again-after-stored-refusal-");
let host: ReferenceHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const decode = (s: string) => s.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
/** The save form's action, hidden version (absent on the new-order form) and token. */
function saveForm(html: string): { action: string; version?: string; token: string } {
  const form = html.slice(html.indexOf('id="order-form"'));
  const version = /name="version" value="([^"]+)"/.exec(form)?.[1];
  return {
    action: decode(/action="([^"]+)"/.exec(html.slice(html.lastIndexOf("<form", html.indexOf('id="order-form"'))))![1]!),
    ...(version ? { version: decode(version) } : {}),
    token: decode(/name="formToken" value="([^"]+)"/.exec(form)![1]!),
  };
}

const fields = (form: { version?: string; token: string }, quantity: string, mobilePhone = "0701234567") => ({
  formToken: form.token,
  ...(form.version ? { version: form.version } : {}),
  number: "10123",
  currency: "SEK",
  paymentMethod: "fake-pay",
  "customer.name": "Anna Andersson",
  "customer.mobilePhone": mobilePhone,
  "customer.countryCode": "SE",
  "rows.0.name": "Kaffe",
  "rows.0.quantity": quantity,
  "rows.0.unitPrice": "100.00",
  "rows.0.vatPercent": "25",
});

/** A host on an order file in a temp dir; `obstruct` makes the file's next write fail (its temp file's name taken). */
async function start() {
  const dir = await tempDir();
  const obstacle = join(dir, ".host-orders.json.tmp");
  host = await startReferenceHost({
    pluginDir: fakePayPluginDir,
    settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({ apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl }),
    dataFile: join(dir, "host-orders.json"),
    clock: new ManualClock(),
    logger: capturingLogger().logger,
    schedules: "manual",
  });
  return { host, obstruct: () => mkdir(obstacle).catch(() => undefined), free: () => rmdir(obstacle) };
}

/** The disk fills while the plugin works on the save: its write through the lent storage fails. */
async function withPluginWriteFailing<T>(h: ReferenceHost, obstruct: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const storage = h.store.pluginStorage;
  const update = storage.update.bind(storage);
  storage.update = async (key, fn) => {
    await obstruct();
    return update(key, fn);
  };
  try {
    return await work();
  } finally {
    storage.update = update;
  }
}

const refusalsOf = (html: string) => [...html.matchAll(/data-refusal="([^"]+)"/g)].map((m) => m[1]);

/** The clerk saves again from the refused page, as it says: the version that page carried, and what the save answered. */
async function saveAgain(h: ReferenceHost, html: string) {
  const again = saveForm(html);
  const second = await postForm(`${h.url}${again.action}?locale=en`, fields(again, "2"));
  return { pageVersion: again.version, status: second.status, refusals: refusalsOf(second.status === 303 ? "" : await second.text()) };
}

describe("the page after a refused save that stored the clerk's order", () => {
  it("order-saved-link-may-be-sent: carries the version of the order it stored, so the save the page asks for goes through", async () => {
    const { host: h, obstruct, free } = await start();
    const id = "ord-123";
    expect((await putJson(`${h.url}/api/orders/${id}`, fakePayOrder(id, { number: "10123", customer: { name: "Anna Andersson", countryCode: "SE", mobilePhone: "0701234567" } }))).status).toBe(201);
    const first = saveForm(await (await fetch(`${h.url}/orders/${id}?locale=en`)).text());
    const refused = await withPluginWriteFailing(h, obstruct, () => postForm(`${h.url}/orders/${id}?locale=en`, fields(first, "2")));
    await free();
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(refusalsOf(html)).toEqual(["order-saved-link-may-be-sent"]);
    const stored = await h.store.get(id);
    expect(stored?.order.rows[0]?.quantity).toBe("2");

    // The disk is free; the clerk saves again from that page.
    expect(await saveAgain(h, html)).toEqual({ pageVersion: orderVersion(stored!.order), status: 303, refusals: [] });
  });

  it("order-not-restored: carries the version of the refused order the file holds, so the corrected save goes through", async () => {
    const { host: h, obstruct, free } = await start();
    const id = "ord-124";
    expect((await putJson(`${h.url}/api/orders/${id}`, fakePayOrder(id, { number: "10123", customer: { name: "Anna Andersson", countryCode: "SE", mobilePhone: "0701234567" } }))).status).toBe(201);
    const first = saveForm(await (await fetch(`${h.url}/orders/${id}?locale=en`)).text());
    // The clerk empties the mobile number (the plugin refuses), and the disk fills as the host puts the order back.
    const restore = h.store.restore.bind(h.store);
    h.store.restore = async (written, previous) => {
      await obstruct();
      return restore(written, previous);
    };
    const refused = await postForm(`${h.url}/orders/${id}?locale=en`, fields(first, "2", ""));
    h.store.restore = restore;
    await free();
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(refusalsOf(html)).toEqual(["mobile-missing"]);
    expect(html).toContain('data-notice="order-not-restored"');
    const stored = await h.store.get(id);
    expect(stored?.order.customer.mobilePhone ?? null).toBeNull();

    expect(await saveAgain(h, html)).toEqual({ pageVersion: orderVersion(stored!.order), status: 303, refusals: [] });
  });

  it("a new order answered order-saved-link-may-be-sent: the page is the stored order's, and its save goes through", async () => {
    const { host: h, obstruct, free } = await start();
    const first = saveForm(await (await fetch(`${h.url}/orders/new?locale=en`)).text());
    const refused = await withPluginWriteFailing(h, obstruct, () => postForm(`${h.url}/orders?locale=en`, fields(first, "1")));
    await free();
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(refusalsOf(html)).toEqual(["order-saved-link-may-be-sent"]);
    const orders = await h.store.list();
    expect(orders).toHaveLength(1);
    const stored = orders[0]!;
    const again = saveForm(html);
    expect({ action: again.action, version: again.version }).toEqual({ action: `/orders/${stored.order.id}`, version: orderVersion(stored.order) });

    const second = await postForm(`${h.url}${again.action}?locale=en`, fields(again, "1"));
    const body = second.status === 303 ? "" : await second.text();
    expect({ status: second.status, refusals: refusalsOf(body), orders: (await h.store.list()).length }).toEqual({ status: 303, refusals: [], orders: 1 });
  });
});
