// The reference host over real HTTP with the fake-pay fixture plugin: hooks dispatched, refusals honoured, locale, HTML, shutdown.
import { chmod, mkdir, rmdir } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { HostOrderLockError } from "../../host/host-order-lock-error.js";
import { HostStartupError } from "../../host/host-startup-error.js";
import { startReferenceHost, type ReferenceHost, type ReferenceHostOptions } from "../../host/reference-host.js";
import { hostNotice } from "../../host/host-notices.js";
import { capturingLogger, fakePayOrder, fakePayPluginDir, putJson, rejectionOf, useTempDirs } from "./host-test-helpers.js";

const goodSettings = ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({ apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl });

/** The fake-pay plugin's host, orders in memory, schedules run by hand. */
function startFakePayHost(clock: ManualClock, logger: ReturnType<typeof capturingLogger>["logger"], extra: Partial<ReferenceHostOptions> = {}): Promise<ReferenceHost> {
  return startReferenceHost({ pluginDir: fakePayPluginDir, settings: goodSettings, dataFile: null, clock, logger, schedules: "manual", ...extra });
}

describe("reference host with the fake-pay plugin", () => {
  let host: ReferenceHost;
  let logs: ReturnType<typeof capturingLogger>;
  const clock = new ManualClock();

  beforeEach(async () => {
    logs = capturingLogger();
    host = await startFakePayHost(clock, logs.logger);
  });
  afterEach(async () => {
    await host.close();
  });

  it("listens on 127.0.0.1 and answers /healthz with the plugin's id and version", async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.pluginBaseUrl).toBe(`${host.url}/plugins/fake-pay`);
    const res = await fetch(`${host.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", plugin: { id: "fake-pay", version: "1.0.0" } });
  });

  it("stores an accepted save with its notices and payment view; answers 201 first, 200 after", async () => {
    const first = await putJson(`${host.url}/api/orders/o1?locale=en`, fakePayOrder("o1"));
    expect(first.status).toBe(201);
    const body = (await first.json()) as { notices: { code: string; message: string }[]; paymentView: { state: string; paymentLink: string } };
    expect(body.notices).toEqual([{ code: "link-sent", severity: "info", message: "An SMS goes to the customer." }]);
    expect(body.paymentView.state).toBe("waiting");
    expect(body.paymentView.paymentLink).toBe(`${host.pluginBaseUrl}/pay/o1`);

    const second = await putJson(`${host.url}/api/orders/o1`, fakePayOrder("o1", { total: "100.00" }));
    expect(second.status).toBe(200);
    const stored = await host.store.get("o1");
    expect(stored?.lastNotices.map((n) => n.code)).toEqual(["link-sent"]);
    expect(stored?.payment).toMatchObject({ state: "waiting", paymentLink: `${host.pluginBaseUrl}/pay/o1` });
  });

  it("answers a refused save 422 with the plugin's errors, in the clerk's locale, and stores nothing", async () => {
    const order = fakePayOrder("o2", { customer: { countryCode: "SE", mobilePhone: null } });
    const sv = await putJson(`${host.url}/api/orders/o2`, order, { "accept-language": "sv-SE,sv;q=0.9,en;q=0.5" });
    expect(sv.status).toBe(422);
    expect(await sv.json()).toEqual({
      accepted: false,
      errors: [{ code: "mobile-missing", field: "customer.mobilePhone", message: "Kunden saknar mobilnummer." }],
    });
    const en = await putJson(`${host.url}/api/orders/o2`, order, { "accept-language": "en-GB" });
    expect(((await en.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe("The customer has no mobile number.");
    expect(await host.store.get("o2")).toBeUndefined();
  });

  it("refuses an order that breaks the order schema with 400 naming the field, before any hook runs", async () => {
    const res = await putJson(`${host.url}/api/orders/o3`, { ...fakePayOrder("o3"), currency: "kronor" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { code: string; errors: { path: string; rule: string }[] };
    expect(body.code).toBe("order-invalid");
    expect(body.errors).toContainEqual(expect.objectContaining({ path: "currency", rule: "pattern" }));
    // In the clerk's language, as {path, rule, message} only.
    for (const [locale, message] of [
      ["sv", "måste vara en valutakod med tre versaler, t.ex. SEK"],
      ["en", "must be a three-letter currency code in capitals, such as SEK"],
    ] as const) {
      const said = await putJson(`${host.url}/api/orders/o3?locale=${locale}`, { ...fakePayOrder("o3"), currency: "kronor" });
      expect(((await said.json()) as { errors: unknown[] }).errors).toEqual([{ path: "currency", rule: "pattern", message }]);
    }
    const notJson = await fetch(`${host.url}/api/orders/o3?locale=sv`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: unknown[] }).errors).toEqual([{ path: "", rule: "json", message: "är inte JSON" }]);
    const mismatch = await putJson(`${host.url}/api/orders/o3`, fakePayOrder("other"));
    expect(mismatch.status).toBe(400);
    expect(((await mismatch.json()) as { code: string }).code).toBe("order-id-mismatch");
  });

  it("refuses an Idempotency-Key over 200 characters naming the header, with the rule's words in the clerk's language", async () => {
    await putJson(`${host.url}/api/orders/key-1`, fakePayOrder("key-1"));
    for (const [locale, title, message] of [
      ["sv", "Uppgifterna är ogiltiga.", "får vara högst 200 tecken"],
      ["en", "The input is invalid.", "must be at most 200 characters"],
    ] as const) {
      const res = await fetch(`${host.url}/api/orders/key-1/credit?locale=${locale}`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "k".repeat(201) },
        body: "{}",
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "input-invalid", title, errors: [{ path: "Idempotency-Key", rule: "maxLength", message }] });
    }
  });

  it("passes orders with another payment method straight through and picks them", async () => {
    const res = await putJson(`${host.url}/api/orders/c1`, fakePayOrder("c1", { paymentMethod: "cash" }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { notices: unknown[] }).notices).toEqual([]);
    await putJson(`${host.url}/api/orders/f1`, fakePayOrder("f1"));
    const picking = (await (await fetch(`${host.url}/api/picking-list`)).json()) as { pickable: { id: string }[]; heldBack: { orderId: string; reason: string }[] };
    expect(picking.pickable.map((o) => o.id)).toEqual(["c1"]);
    expect(picking.heldBack).toEqual([{ orderId: "f1", reason: "awaiting-payment", message: "awaiting payment" }]);
  });

  it("lets the plugin's routes under the prefix report a payment, after which the order is pickable and cannot be deleted", async () => {
    await putJson(`${host.url}/api/orders/p1`, fakePayOrder("p1"));
    const paid = await fetch(`${host.pluginBaseUrl}/pay/p1`, { method: "POST" });
    expect(paid.status).toBe(200);
    expect((await host.store.get("p1"))?.payment).toMatchObject({ state: "paid", sveaReference: 4711, paymentMethod: "Card" });

    const picking = (await (await fetch(`${host.url}/api/picking-list`)).json()) as { pickable: { id: string }[] };
    expect(picking.pickable.map((o) => o.id)).toEqual(["p1"]);

    const del = await fetch(`${host.url}/api/orders/p1?locale=en`, { method: "DELETE" });
    expect(del.status).toBe(409);
    expect(await del.json()).toEqual({ accepted: false, errors: [{ code: "paid-order-delete", message: "The order is paid and must be credited." }] });
    expect((await host.store.get("p1"))?.deletedAt).toBeNull();
  });

  it("refuses a payment state update outside the host contract: the order keeps its last state", async () => {
    await putJson(`${host.url}/api/orders/b1`, fakePayOrder("b1"));
    const sent = await fetch(`${host.pluginBaseUrl}/pay-badly/b1`, { method: "POST" });
    expect(await sent.json()).toEqual({ refused: true, code: "plugin-contract-violation" });
    expect((await host.store.get("b1"))?.payment).toMatchObject({ state: "waiting" });
  });

  it("deletes an unpaid order: the plugin cancels, the host keeps the row marked deleted and refuses later saves", async () => {
    await putJson(`${host.url}/api/orders/d1`, fakePayOrder("d1"));
    const del = await fetch(`${host.url}/api/orders/d1`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { paymentView: { state: string } }).paymentView.state).toBe("cancelled");
    expect((await host.store.get("d1"))?.deletedAt).toBe(new Date(clock.now()).toISOString());
    const resave = await putJson(`${host.url}/api/orders/d1`, fakePayOrder("d1"));
    expect(resave.status).toBe(409);
    const picking = (await (await fetch(`${host.url}/api/picking-list`)).json()) as { pickable: unknown[]; heldBack: unknown[] };
    expect(picking).toEqual({ pickable: [], heldBack: [] });
    expect((await fetch(`${host.url}/api/orders/nope`, { method: "DELETE" })).status).toBe(404);
  });

  it("lists orders with one batched payment view each, and shows one order with its view", async () => {
    await putJson(`${host.url}/api/orders/l1`, fakePayOrder("l1"));
    await putJson(`${host.url}/api/orders/l2`, fakePayOrder("l2", { paymentMethod: "invoice" }));
    const list = (await (await fetch(`${host.url}/api/orders?locale=en`)).json()) as { orders: { order: { id: string }; paymentView: { label: string } | null }[] };
    expect(list.orders.map((o) => [o.order.id, o.paymentView?.label ?? null])).toEqual([
      ["l1", "Awaiting payment"],
      ["l2", null],
    ]);
    const one = await fetch(`${host.url}/api/orders/l1`);
    expect(((await one.json()) as { paymentView: { label: string } }).paymentView.label).toBe("Väntar på betalning");
    const missing = await fetch(`${host.url}/api/orders/zz?locale=en`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { title: string }).title).toBe("Order zz does not exist.");
  });

  it("runs check-payment through the plugin", async () => {
    await putJson(`${host.url}/api/orders/k1`, fakePayOrder("k1"));
    const res = await fetch(`${host.url}/api/orders/k1/check-payment`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { paymentView: { state: string } }).paymentView.state).toBe("waiting");
  });

  it("answers a hook input the plugin refuses as outside the contract (HookInputError) with a 400 naming the field and rule, not a 500 to try again", async () => {
    await putJson(`${host.url}/api/orders/bad-input-1`, fakePayOrder("bad-input-1"));
    const res = await fetch(`${host.url}/api/orders/bad-input-1/check-payment?locale=en`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "input-invalid",
      title: "The input is invalid.",
      errors: [{ path: "order.rows", rule: "minItems", message: "must have at least one entry" }],
    });
  });

  it("runs a declared command with the clerk's locale, 404s an unknown one, and 502s an answer outside the contract", async () => {
    await putJson(`${host.url}/api/orders/m1`, fakePayOrder("m1"));
    const ok = await fetch(`${host.url}/api/commands/count-links?locale=en`, { method: "POST" });
    expect(await ok.json()).toEqual({ ok: true, message: "en:1", data: { count: 1 } });
    const unknown = await fetch(`${host.url}/api/commands/format-disk?locale=en`, { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { title: string }).title).toBe("There is no command format-disk.");
    const broken = await fetch(`${host.url}/api/commands/break-contract`, { method: "POST" });
    expect(broken.status).toBe(502);
    expect(((await broken.json()) as { code: string }).code).toBe("plugin-contract-violation");
  });

  it("renders the order list as escaped HTML with state, copyable link, notices, and a CSP nonce", async () => {
    await putJson(`${host.url}/api/orders/h1`, fakePayOrder("h1"));
    const res = await fetch(`${host.url}/?locale=en`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /nonce-([^']+)/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    expect(html).toContain("Anna &lt;b&gt;Andersson&lt;/b&gt;");
    expect(html).not.toContain("<b>Andersson</b>");
    expect(html).toContain('data-state="waiting"');
    expect(html).toContain("Awaiting payment");
    expect(html).toContain(`data-copy="${host.pluginBaseUrl}/pay/h1"`);
    expect(html).toContain('data-notice="link-sent"');
    expect(html).toContain(`<script nonce="${nonce}">`);

    await fetch(`${host.pluginBaseUrl}/pay/h1`, { method: "POST" });
    const paidHtml = await (await fetch(`${host.url}/`)).text();
    expect(paidHtml).toMatch(/<span data-reference="true">.*4711<\/span>/);
    expect(paidHtml).not.toContain("data-copy=");
    expect(paidHtml).toContain("Betald");
  });

  it("keeps the plugin's answer when the order book fails to keep the save's notices after the plugin acted, with a warning, logged once", async () => {
    const store = host.store;
    const save = store.save.bind(store);
    let saves = 0;
    // The write ahead of the plugin succeeds; the notices' write after it fails as a database that went away would.
    store.save = async (order, notices) => {
      if (++saves === 2) throw new Error("Connection terminated unexpectedly");
      return save(order, notices);
    };
    const res = await putJson(`${host.url}/api/orders/nb1?locale=en`, fakePayOrder("nb1"));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { accepted: boolean; notices: { code: string; message: string }[] };
    expect(body.accepted).toBe(true);
    expect(body.notices.at(-1)).toEqual({ code: "notices-not-kept-order-book", severity: "warning", message: hostNotice("en", "notices-not-kept-order-book").message });
    expect((await store.get("nb1"))?.order.id).toBe("nb1");
    const failures = logs.lines().filter((l) => (l.level as number) >= 50);
    expect(failures).toEqual([expect.objectContaining({ msg: "the order book failed to keep a save's notices after the plugin acted" })]);
  });

  it("answers an unexpected host failure 500 host-error in the clerk's language, as a page on the clerk's pages, logs it, and shows no detail", async () => {
    host.store.get = async () => {
      throw new Error("EIO: disk failed at /var/lib/erp/orders.json");
    };
    for (const [locale, title] of [
      ["en", "The host could not complete the request."],
      ["sv", "Värden kunde inte slutföra förfrågan."],
    ] as const) {
      const res = await fetch(`${host.url}/api/orders/o1?locale=${locale}`);
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ type: "about:blank", status: 500, code: "host-error", title });
      expect(text).not.toMatch(/EIO|orders\.json|at /);
    }
    // The clerk's page for the order: the same words on a page, not the API's problem document in the browser.
    const page = await fetch(`${host.url}/orders/o1?locale=en`);
    expect([page.status, page.headers.get("content-type")]).toEqual([500, "text/html; charset=UTF-8"]);
    const html = await page.text();
    expect(/<p id="host-error" data-code="host-error">([^<]*)<\/p>/.exec(html)?.[1]).toBe("The host could not complete the request.");
    expect(html).not.toMatch(/EIO|orders\.json/);
    const failures = logs.lines().filter((l) => l.msg === "request failed");
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatchObject({ path: "/api/orders/o1", requestId: expect.any(String), err: { message: expect.stringContaining("EIO") } });
    expect(failures[2]).toMatchObject({ path: "/orders/o1", requestId: expect.any(String), err: { message: expect.stringContaining("EIO") } });
  });

  it("lends the plugin the host's storage", async () => {
    await putJson(`${host.url}/api/orders/s1`, fakePayOrder("s1"));
    const stored = await host.store.pluginStorage.read<Record<string, { state: string }>>("fake-pay");
    expect(stored?.s1?.state).toBe("waiting");
  });

  it("redacts the secrets the plugin logs, and deactivates the plugin on close", async () => {
    const activating = logs.lines().find((l) => l.msg === "fake-pay activating");
    expect(activating?.settings).toEqual({ password: "[redacted]" });
    expect(JSON.stringify(logs.lines())).not.toContain("secret-api-key-123");
    await host.close();
    expect(logs.lines().some((l) => l.msg === "fake-pay deactivated")).toBe(true);
    await expect(fetch(`${host.url}/healthz`)).rejects.toThrow();
  });
});

/** One request with exactly these headers (fetch would not send another Host): status, content type and body. */
function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("reference host: requests from other sites and for other names", () => {
  let host: ReferenceHost;

  beforeEach(async () => {
    host = await startFakePayHost(new ManualClock(), capturingLogger().logger, { allowedHosts: ["shop.example", "till.example:8443"] });
  });
  afterEach(async () => {
    await host.close();
  });

  it("refuses a clerk API call a browser makes from another site's page, whatever its content type, and changes nothing", async () => {
    await putJson(`${host.url}/api/orders/x1`, fakePayOrder("x1"));
    const before = await host.store.get("x1");
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "text/plain" },
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", "content-type": "application/json" },
      { origin: "null", "content-type": "application/json" },
      // Another port on the same name, and origins that only look like the host's own.
      { origin: "http://127.0.0.1:1" },
      { origin: `${host.url}/` },
      { origin: host.url.replace("http://", "http://user@") },
      { origin: host.url.replace("http://", "https://").replace(/:\d+$/, "") },
    ];
    for (const headers of foreign) {
      for (const [method, path, body] of [
        ["DELETE", "/api/orders/x1", undefined],
        ["PUT", "/api/orders/x1", JSON.stringify(fakePayOrder("x1", { total: "1.00" }))],
        ["POST", "/api/orders/x1/check-payment", "{}"],
      ] as const) {
        const res = await rawRequest(`${host.url}${path}?locale=en`, method, headers, body);
        expect([res.status, res.type, JSON.parse(res.body).code]).toEqual([403, "application/problem+json; charset=utf-8", "cross-site-request"]);
        expect(JSON.parse(res.body).title).toMatch(/^The request came from another site/);
      }
    }
    expect(await host.store.get("x1")).toEqual(before);
  });

  it("lets in the host's own pages (same origin, an allowed name) and servers, which send no Origin", async () => {
    const port = new URL(host.url).port;
    const own: Record<string, string>[] = [
      { origin: host.url, "sec-fetch-site": "same-origin" },
      { host: `localhost:${port}`, origin: `http://localhost:${port}` },
      // Behind a proxy that forwards its name and serves https.
      { host: "shop.example", origin: "https://shop.example" },
      // A same-origin page with Referrer-Policy no-referrer posts Origin: null; Sec-Fetch-Site decides.
      { origin: "null", "sec-fetch-site": "same-origin" },
      {},
    ];
    for (const headers of own) {
      const res = await rawRequest(`${host.url}/api/orders/y1`, "PUT", { ...headers, "content-type": "application/json" }, JSON.stringify(fakePayOrder("y1")));
      expect(res.status, JSON.stringify(headers)).toBeLessThan(300);
    }
  });

  it("refuses pages and API for a name that is not the host's (DNS rebinding), but lets Svea's callbacks reach the plugin at any name", async () => {
    await putJson(`${host.url}/api/orders/z1`, fakePayOrder("z1"));
    const port = new URL(host.url).port;
    for (const [method, path] of [["GET", "/"], ["GET", "/api/orders"], ["DELETE", "/api/orders/z1"], ["POST", "/orders/z1/delete"]] as const) {
      const res = await rawRequest(`${host.url}${path}`, method, { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` });
      expect([res.status, JSON.parse(res.body).code]).toEqual([403, "host-not-allowed"]);
      expect(JSON.parse(res.body).title).toContain(`attacker.example:${port}`);
    }
    expect((await host.store.get("z1"))?.deletedAt).toBeNull();
    for (const name of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "shop.example", `shop.example:${port}`, "till.example:8443"])
      expect((await rawRequest(`${host.url}/api/orders`, "GET", { host: name })).status, name).toBe(200);
    expect((await rawRequest(`${host.url}/api/orders`, "GET", { host: "till.example:9000" })).status).toBe(403);
    const paid = await rawRequest(`${host.pluginBaseUrl}/pay/z1`, "POST", { host: "public.shop.example" });
    expect(paid.status).toBe(200);
  });

  it("answers a path under the plugin's prefix that none of its routes has with the plugin's 404, not a page", async () => {
    for (const [method, path] of [["POST", "/nope"], ["PUT", "/pay/z1"], ["POST", "/pay/z1/extra"]] as const) {
      const res = await rawRequest(`${host.pluginBaseUrl}${path}`, method, { origin: "https://svea.example" });
      expect([res.status, res.type.startsWith("text/html")], path).toEqual([404, false]);
    }
  });
});

describe("reference host start-up", () => {
  const tempDir = useTempDirs("host-modes-");

  it("warns when the orders' folder can be entered by other users, and not when it is owner-only", async () => {
    for (const [mode, warned] of [[0o755, true], [0o700, false]] as const) {
      const dir = join(await tempDir(), "data");
      await mkdir(dir, { mode });
      await chmod(dir, mode);
      const logs = capturingLogger();
      const host = await startReferenceHost({ pluginDir: fakePayPluginDir, settings: goodSettings, dataFile: join(dir, "host-orders.json"), clock: new ManualClock(), logger: logs.logger, schedules: "manual" });
      await host.close();
      const warning = logs.lines().find((l) => typeof l.msg === "string" && l.msg.startsWith("the orders' folder can be entered by other users"));
      expect([mode.toString(8), warning?.mode]).toEqual([mode.toString(8), warned ? "0755" : undefined]);
    }
  });

  it("a save or delete whose order lock the PostgreSQL order book could not have, or lost, answers 503 with the lock's code in the clerk's language and one warning line", async () => {
    const logs = capturingLogger();
    const host = await startReferenceHost({ pluginDir: fakePayPluginDir, settings: goodSettings, dataFile: null, clock: new ManualClock(), logger: logs.logger, schedules: "manual" });
    try {
      for (const [code, locale, method, title] of [
        ["order-busy", "en", "PUT", "The order is being saved or deleted on another host node right now (or a node that stopped answering still holds its lock in the database), so the change was not made. Nothing was changed. Try again in a moment."],
        ["order-lock-lost", "sv", "DELETE", "Orderns lås i databasen förlorades medan ändringen gjordes (databasen startades om eller anslutningen bröts), så ändringen avbröts: det som hann sparas kan stå kvar, och betaltillägget kan ha hunnit göra något hos Svea. Öppna ordern för att se dess läge och spara eller ta bort den igen."],
      ] as const) {
        host.store.withOrderLock = (orderId) => Promise.reject(new HostOrderLockError(orderId, code));
        const res = await fetch(`${host.url}/api/orders/lock-1?locale=${locale}`, {
          method,
          headers: { "content-type": "application/json" },
          ...(method === "PUT" ? { body: JSON.stringify(fakePayOrder("lock-1")) } : {}),
        });
        expect([res.status, res.headers.get("content-type")]).toEqual([503, "application/problem+json; charset=utf-8"]);
        expect(await res.json()).toMatchObject({ code, title });
      }
      const lines = logs.lines().filter((l) => (l.level as number) >= 40);
      expect(lines.map((l) => [l.level, l.code, l.orderId])).toEqual([[40, "order-busy", "lock-1"], [40, "order-lock-lost", "lock-1"]]);
      for (const line of lines) expect(line).not.toHaveProperty("err");
    } finally {
      await host.close();
    }
  });

  it("a save its order file refuses (the disk full, say) is one error line naming the file and the error code, no stack; nothing is kept", async () => {
    const dir = await tempDir();
    const file = join(dir, "host-orders.json");
    const logs = capturingLogger();
    const host = await startReferenceHost({ pluginDir: fakePayPluginDir, settings: goodSettings, dataFile: file, clock: new ManualClock(), logger: logs.logger, schedules: "manual" });
    try {
      // lowdb writes through a temporary file beside the data file: a folder in its place makes every write fail.
      const obstacle = join(dir, ".host-orders.json.tmp");
      await mkdir(obstacle);
      for (const locale of ["sv", "en"] as const) {
        const res = await putJson(`${host.url}/api/orders/full-1?locale=${locale}`, fakePayOrder("full-1"));
        expect(res.status).toBe(503);
        const body = (await res.json()) as { code: string; title: string };
        expect(body.code).toBe("order-file-unwritable");
        expect(body.title).toBe(
          locale === "sv"
            ? "Ordern kunde inte sparas: värdens orderfil gick inte att skriva (t.ex. full disk). Inget ändrades. Åtgärda felet (se loggen) och spara igen."
            : "The order could not be saved: the host's order file could not be written (e.g. a full disk). Nothing was changed. Fix the fault (see the log) and save again.",
        );
      }
      const errors = logs.lines().filter((l) => (l.level as number) >= 50);
      expect(errors).toHaveLength(2);
      for (const line of errors) {
        expect(line).toMatchObject({ file, code: "EISDIR", msg: "the host's order file could not be written; the change was not made (free the disk space or fix the cause; the file is as it was)" });
        expect(line).not.toHaveProperty("err");
        expect(JSON.stringify(line)).not.toMatch(/stack|\n\s+at /);
      }
      expect(await host.store.get("full-1")).toBeUndefined();
      // The disk takes writes again: the same save goes through.
      await rmdir(obstacle);
      expect((await putJson(`${host.url}/api/orders/full-1?locale=en`, fakePayOrder("full-1"))).status).toBe(201);

      // The plugin's own write through the storage the host lends it fails the same way: the same one line, not the
      // dispatcher's "plugin call failed" with the stack. (The order itself was written ahead of the hook.)
      const storage = host.store.pluginStorage;
      const update = storage.update.bind(storage);
      storage.update = async (key, fn) => {
        await mkdir(obstacle).catch(() => undefined);
        return update(key, fn);
      };
      // By then the order was written ahead of the hook and the plugin may have sent a link: not "nothing changed".
      const during = await putJson(`${host.url}/api/orders/full-2?locale=en`, fakePayOrder("full-2"));
      expect(during.status).toBe(503);
      expect(await during.json()).toMatchObject({
        code: "order-saved-link-may-be-sent",
        title:
          "The order is saved, but the host's order file could not be written while the payment plugin was working (e.g. a full disk), so the payment's state may be missing here. The payment link may already have been sent to the customer. Fix the fault (see the log) and save the order again: that sends no second link.",
      });
      expect((await host.store.get("full-2"))?.order.id).toBe("full-2");
      const more = logs.lines().filter((l) => (l.level as number) >= 50).slice(2);
      expect(more).toEqual([expect.objectContaining({ file, code: "EISDIR", path: "/api/orders/full-2", answer: "order-saved-link-may-be-sent" })]);
      expect(JSON.stringify(more)).not.toMatch(/stack|plugin call failed/);
    } finally {
      await host.close();
    }
  });

  it("fails with a clear error naming the bad setting, and releases its port", async () => {
    const error = await rejectionOf(startReferenceHost({
      pluginDir: fakePayPluginDir,
      settings: { apiKey: "short" },
      dataFile: null,
      logLevel: "silent",
      schedules: "manual",
    }));
    expect(error).toBeInstanceOf(HostStartupError);
    const startup = error as HostStartupError;
    expect(startup.code).toBe("invalid-settings");
    expect(startup.message).toBe("The settings of plugin fake-pay are invalid:\n  - apiKey: must be at least 8 characters");
    expect(startup.settingErrors.map((e) => e.setting)).toEqual(["apiKey"]);
  });

  it("refuses a clerk-page time zone that is no IANA zone, naming the option", async () => {
    const error = await rejectionOf(startReferenceHost({ pluginDir: fakePayPluginDir, settings: goodSettings, dataFile: null, logLevel: "silent", schedules: "manual", timeZone: "Europe/Stokholm" }));
    expect(error).toBeInstanceOf(HostStartupError);
    expect((error as HostStartupError).code).toBe("time-zone-invalid");
    expect((error as HostStartupError).messages).toEqual({
      en: 'timeZone must be an IANA time zone such as Europe/Stockholm, not "Europe/Stokholm"',
      sv: 'timeZone måste vara en IANA-tidszon, t.ex. Europe/Stockholm, inte "Europe/Stokholm"',
    });
    expect((error as HostStartupError).message).toBe(
      'timeZone must be an IANA time zone such as Europe/Stockholm, not "Europe/Stokholm"\n  sv: timeZone måste vara en IANA-tidszon, t.ex. Europe/Stockholm, inte "Europe/Stokholm"',
    );
  });

  it("refuses a schedule whose settings override is not a cron expression", async () => {
    const error = await rejectionOf(startReferenceHost({
      pluginDir: fakePayPluginDir,
      settings: { apiKey: "secret-api-key-123", publicBaseUrl: "http://127.0.0.1:1", schedules: { tick: { cron: "every night" } } },
      dataFile: null,
      logLevel: "silent",
    }));
    expect((error as HostStartupError).code).toBe("schedule-invalid");
    expect((error as HostStartupError).message).toContain("every night");
  });
});
