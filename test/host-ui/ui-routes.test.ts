// The sandbox UI over plain HTTP, as a browser without JavaScript uses it: post, redirect, get; refusals; locale; the sandbox clock only against a mock.
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { OffsetClock } from "../../common/offset-clock.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import { capturingLogger, fakePayOrder, fakePayPluginDir, putJson } from "../host/host-test-helpers.js";
import { uiMessage } from "../../host/ui/ui-messages.js";

const settings = ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({ apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl });

let host: ReferenceHost | undefined;
let mock: MockSveaServer | undefined;
afterEach(async () => {
  await host?.close();
  await mock?.close();
  host = mock = undefined;
});

async function startHost(options: { sandbox?: boolean; timeZone?: string } = {}): Promise<ReferenceHost> {
  if (options.sandbox) mock = await startMockSvea({ port: 0, dataFile: null, clock: new OffsetClock(), logger: false, sweepSchedule: false });
  host = await startReferenceHost({
    pluginDir: fakePayPluginDir,
    settings,
    dataFile: null,
    clock: options.sandbox ? new OffsetClock() : new ManualClock(),
    logger: capturingLogger().logger,
    schedules: "manual",
    ...(mock ? { sandbox: { mockAdminUrl: mock.adminUrl } } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  return host;
}

/** A form post as a browser sends it from the host's own page (same Origin). */
const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin, ...headers },
    body: new URLSearchParams(fields),
  });

const orderFields = (overrides: Record<string, string> = {}) => ({
  number: "1001",
  currency: "SEK",
  paymentMethod: "fake-pay",
  "customer.name": "Anna <b>Andersson</b>",
  "customer.mobilePhone": "0701234567",
  "customer.countryCode": "SE",
  "rows.0.name": "Kaffe",
  "rows.0.quantity": "2",
  "rows.0.unitPrice": "50.00",
  "rows.0.vatPercent": "25",
  ...overrides,
});

describe("sandbox UI routes", () => {
  it("saves by post/redirect/get: the plugin's notices show once, the order is stored with its exact total, and user text is escaped", async () => {
    const h = await startHost();
    const saved = await post(`${h.url}/orders?locale=en`, orderFields());
    expect(saved.status).toBe(303);
    const location = saved.headers.get("location")!;
    expect(location).toMatch(/^\/orders\/ord-1001\?flash=[\w-]+$/);
    expect((await h.store.get("ord-1001"))?.order.total).toBe("100.00");

    const page = await fetch(`${h.url}${location}`, { headers: { "accept-language": "en" } });
    const html = await page.text();
    expect(html).toContain('data-notice="link-sent"');
    expect(html).toContain("Anna &lt;b&gt;Andersson&lt;/b&gt;");
    expect(html).not.toContain("<b>Andersson</b>");
    expect(html).toContain('data-state="waiting"');
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(html).toContain(`<script nonce="${/nonce-([^']+)/.exec(csp)?.[1]}">`);
    // Handed out once: a reload does not repeat the notices.
    expect(await (await fetch(`${h.url}${location}`)).text()).not.toContain('data-notice="link-sent"');
  });

  it("lists each order's notices under the time of the save that gave them, so an old notice is not read as news", async () => {
    const h = await startHost();
    await post(`${h.url}/orders`, orderFields());
    // The ManualClock stands at 2026-01-01 09:00 UTC: 10:00 on a Swedish shop's clock (the default zone).
    expect((await h.store.get("ord-1001"))!.savedAt).toBe("2026-01-01T09:00:00.000Z");
    const minute = "2026-01-01 10:00 CET";
    const en = await (await fetch(`${h.url}/?locale=en`)).text();
    expect(en).toContain(">Notices at the last save</th>");
    expect(en).toContain(`<small class="saved-at">Saved ${minute}</small>`);
    expect(en).toContain('data-notice="link-sent"');
    const sv = await (await fetch(`${h.url}/?locale=sv`)).text();
    expect(sv).toContain(">Meddelanden vid senaste sparandet</th>");
    expect(sv).toContain(`Sparad ${minute}`);
    // Given in the language of that save (Swedish, the default): marked as such on an English page, not on a Swedish one.
    const notice = /<td class="last-save-cell">.*?<li [^>]*data-notice="link-sent">(.*?)<\/li>/s;
    expect(notice.exec(en)?.[1]).toMatch(/^<span class="sr-only">Info: <\/span><span lang="sv">[^<]+<\/span>$/);
    expect(notice.exec(sv)?.[1]).not.toContain("lang=");
  });

  it("shows times on the clock of the time zone the host is given, in both languages alike", async () => {
    const h = await startHost({ timeZone: "America/New_York" });
    await post(`${h.url}/orders`, orderFields());
    for (const locale of ["sv", "en"]) expect(await (await fetch(`${h.url}/?locale=${locale}`)).text()).toContain("2026-01-01 04:00 GMT−5</small>");
  });

  it("shows a refusal with the field at fault and the clerk's input, with status 422, and stores nothing", async () => {
    const h = await startHost();
    const refused = await post(`${h.url}/orders?locale=sv`, orderFields({ "customer.mobilePhone": "" }));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('data-field="customer.mobilePhone"');
    expect(html).toContain("Kunden saknar mobilnummer.");
    expect(html).toContain('value="Kaffe"');
    const unreadable = await post(`${h.url}/orders?locale=en`, orderFields({ "rows.0.unitPrice": "fifty" }));
    expect(unreadable.status).toBe(422);
    const unreadableHtml = await unreadable.text();
    expect(unreadableHtml).toContain('data-field="rows.0.unitPrice"');
    // The total beside a refusal is the total of what was typed, or none when an amount cannot be read.
    expect(html).toContain('<strong id="order-total" data-changed="– (räknas ut när ordern sparas)">100,00 SEK</strong>');
    expect(unreadableHtml).toContain('<strong id="order-total" data-changed="– (worked out when the order is saved)">– (correct the amounts above)</strong>');
    // The language links of a page answering a post lead to a page a GET reaches, not to the post's address, and
    // show what was typed again.
    expect(unreadableHtml).toContain('id="lang-sv"');
    const svLink = /href="(\/orders\/new\?refused=[\w-]+&amp;locale=sv)"[^>]*id="lang-sv"/.exec(unreadableHtml)?.[1];
    expect(svLink).toBeDefined();
    const inSwedish = await fetch(`${h.url}${svLink!.replace("&amp;", "&")}`);
    expect(inSwedish.status).toBe(200);
    const inSwedishHtml = await inSwedish.text();
    expect(inSwedishHtml).toContain('value="fifty"');
    expect(inSwedishHtml).toContain("Rad 1: À-pris: &quot;fifty&quot; är inget tal");
    expect(await h.store.list()).toEqual([]);
  });

  it("makes one order of a new-order form posted twice (a double click): the repeat is sent to the same order, told nothing was done again", async () => {
    const h = await startHost();
    const form = await (await fetch(`${h.url}/orders/new?locale=en`)).text();
    const token = /name="formToken" value="([^"]+\.save)"/.exec(form)?.[1];
    expect(token).toBeDefined();
    const [first, second] = await Promise.all([post(`${h.url}/orders?locale=en`, orderFields({ formToken: token! })), post(`${h.url}/orders?locale=en`, orderFields({ formToken: token! }))]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const paths = [first, second].map((res) => res.headers.get("location")!.split("?")[0]);
    expect(paths).toEqual(["/orders/ord-1001", "/orders/ord-1001"]);
    expect((await h.store.list()).map((r) => r.order.id)).toEqual(["ord-1001"]);
    const pages = await Promise.all([first, second].map(async (res) => (await fetch(`${h.url}${res.headers.get("location")}`)).text()));
    expect(pages.filter((html) => html.includes('data-notice="form-already-sent"'))).toHaveLength(1);
    for (const html of pages) expect(html).toContain('data-notice="link-sent"');
  });

  it("shows a Swedish clerk the decimals of a saved order with the comma they typed", async () => {
    const h = await startHost();
    const saved = await post(`${h.url}/orders?locale=sv`, orderFields({ "rows.0.quantity": "1,5", "rows.0.unitPrice": "49,90" }));
    expect(saved.status).toBe(303);
    expect((await h.store.get("ord-1001"))?.order.rows[0]).toMatchObject({ quantity: "1.5", unitPrice: "49.90" });
    const sv = await (await fetch(`${h.url}/orders/ord-1001?locale=sv`)).text();
    expect(sv).toContain('id="row-0-quantity" value="1,5"');
    expect(sv).toContain('id="row-0-unitPrice" value="49,90"');
    const en = await (await fetch(`${h.url}/orders/ord-1001?locale=en`)).text();
    expect(en).toContain('id="row-0-unitPrice" value="49.90"');
  });

  it("sends a reload of a refused post's address (a GET) to the page it showed, not to a bare 404", async () => {
    const h = await startHost();
    for (const [path, to] of [["/orders/ord-1/credit", "/orders/ord-1"], ["/orders/ord-1/delete", "/orders/ord-1"], ["/orders", "/orders/new"]] as const) {
      const res = await fetch(`${h.url}${path}`, { redirect: "manual" });
      expect([path, res.status, res.headers.get("location")]).toEqual([path, 303, to]);
    }
  });

  it("shows an order the plugin has nothing to say about (paid in cash) in a neutral colour, not the paid green", async () => {
    const h = await startHost();
    expect((await post(`${h.url}/orders?locale=sv`, orderFields({ paymentMethod: "cash" }))).status).toBe(303);
    const list = await (await fetch(`${h.url}/?locale=sv`)).text();
    expect(list).toMatch(/data-state="none" data-colour="neutral"/);
    expect(list).not.toMatch(/data-state="none" data-colour="normal"/);
  });

  it("refuses a second order with a number already taken", async () => {
    const h = await startHost();
    expect((await post(`${h.url}/orders`, orderFields())).status).toBe(303);
    const again = await post(`${h.url}/orders?locale=en`, orderFields());
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("The order number 1001 is already taken");
  });

  it("a refused edit of an order's number keeps the order's own number in the heading, and says the number is taken as a sentence", async () => {
    const h = await startHost();
    await post(`${h.url}/orders`, orderFields());
    await post(`${h.url}/orders`, orderFields({ number: "1002" }));
    for (const [locale, heading, message] of [
      ["en", "Order 1001", "The order number 1002 is already taken"],
      ["sv", "Order 1001", "Ordernumret 1002 finns redan"],
    ] as const) {
      const refused = await post(`${h.url}/orders/ord-1001?locale=${locale}`, orderFields({ number: "1002" }));
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe(heading);
      expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toContain(heading);
      expect(html).toContain(message);
      // The clerk's input stays in the form.
      expect(html).toMatch(/<input id="number" name="number" type="text" value="1002"/);
    }
  });

  it("deletes through the plugin and keeps the row, and remembers the clerk's language in a cookie", async () => {
    const h = await startHost();
    await post(`${h.url}/orders`, orderFields());
    // Without the page's box ticked (a post not from the page) nothing is deleted, and the refusal names the box.
    const unconfirmed = await post(`${h.url}/orders/ord-1001/delete?locale=en`, {});
    expect(unconfirmed.status).toBe(422);
    const unconfirmedHtml = await unconfirmed.text();
    expect(unconfirmedHtml).toContain('data-refusal="delete-confirmation-required"');
    expect(unconfirmedHtml).toContain('<a href="#delete-confirm">I want to delete the order</a>');
    expect(unconfirmedHtml).toMatch(/id="delete-confirm"[^>]*aria-invalid="true"/);
    expect((await h.store.get("ord-1001"))?.deletedAt).toBeNull();
    // A box sent twice, "no" and then "yes", is no confirmation either.
    const twice = await fetch(`${h.url}/orders/ord-1001/delete`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: h.url },
      body: "confirm=no&confirm=yes",
    });
    expect(twice.status).toBe(422);
    expect((await h.store.get("ord-1001"))?.deletedAt).toBeNull();
    const deleted = await post(`${h.url}/orders/ord-1001/delete`, { confirm: "yes" });
    expect(deleted.status).toBe(303);
    expect((await h.store.get("ord-1001"))?.deletedAt).not.toBeNull();

    const english = await fetch(`${h.url}/?locale=en`);
    const cookie = english.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).toBe("clerk-locale=en");
    const list = await (await fetch(`${h.url}/`, { headers: { cookie, "accept-language": "sv" } })).text();
    expect(list).toContain('<h1 id="orders-heading">Orders</h1>');
    expect(list).toContain("(deleted)");
  });

  it("shows the plugin's refusal to delete a paid order, and keeps the order", async () => {
    const h = await startHost();
    await post(`${h.url}/orders`, orderFields());
    await fetch(`${h.pluginBaseUrl}/pay/ord-1001`, { method: "POST" });
    const refused = await post(`${h.url}/orders/ord-1001/delete?locale=en`, { confirm: "yes" });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('data-refusal="paid-order-delete"');
    // Headed as a refused action, not a refused save; its language links lead back to the order's page.
    expect(html).toContain("The action was not carried out");
    expect(html).not.toContain("The order was not saved");
    expect(html).toMatch(/href="\/orders\/ord-1001\?refused=[\w-]+&amp;locale=sv"[^>]*id="lang-sv"/);
    expect(html).toContain("The order is paid and must be credited.");
    expect(html).toMatch(/data-reference="true">.*4711/s);
    expect((await h.store.get("ord-1001"))?.deletedAt).toBeNull();
  });

  it("refuses a form posted from another site's page", async () => {
    const h = await startHost();
    const forged = await post(`${h.url}/orders?locale=sv`, orderFields(), { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    // Said in the clerk's language on a page of its own, not Hono's bare "Forbidden".
    expect(await forged.text()).toMatch(/id="form-error" data-code="form-foreign-origin">Formuläret kom inte från den här sidan/);
    expect(await h.store.list()).toEqual([]);
  });

  it("refuses a post from another site's page whatever its content type (JSON, none), as the clerk API does, and lets the same post from its own pages in", async () => {
    const h = await startHost();
    await post(`${h.url}/orders`, orderFields());
    const before = await h.store.get("ord-1001");
    const actions = ["/orders/ord-1001/check-payment", "/orders", "/orders/ord-1001", "/orders/ord-1001/delete", "/orders/ord-1001/credit", "/orders/ord-1001/annul", "/orders/ord-1001/deliver", "/sandbox/advance"];
    const foreign: Record<string, string>[] = [
      { "content-type": "application/json", "sec-fetch-site": "cross-site" },
      { "content-type": "application/json", "sec-fetch-site": "same-site" },
      { "content-type": "application/json", origin: "https://evil.example" },
      { "content-type": "application/octet-stream", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    ];
    for (const path of actions) {
      for (const headers of foreign) {
        const res = await fetch(`${h.url}${path}?locale=en`, { method: "POST", redirect: "manual", headers, body: JSON.stringify({ confirm: "yes", formToken: "t" }) });
        expect([path, headers, res.status], "refused before the action ran").toEqual([path, headers, 403]);
        expect(await res.text()).toMatch(/id="form-error" data-code="form-foreign-origin">The form did not come from this site and was not accepted\./);
      }
    }
    expect(await h.store.get("ord-1001")).toEqual(before);
    // The host's own page (same origin), and a server that sends no Origin, still check a payment.
    for (const headers of [{ "sec-fetch-site": "same-origin", origin: h.url }, {}] as Record<string, string>[]) {
      const res = await fetch(`${h.url}/orders/ord-1001/check-payment`, { method: "POST", redirect: "manual", headers: { "content-type": "application/json", ...headers }, body: "{}" });
      expect(res.status).toBe(303);
    }
  });

  it("refuses, in words and without a 500, a form it cannot read, one too large, and an amount too large to add up", async () => {
    const h = await startHost();
    for (const body of ["x", "--zz\r\nbroken"]) {
      const broken = await fetch(`${h.url}/orders?locale=en`, {
        method: "POST",
        headers: { "content-type": "multipart/form-data", origin: h.url },
        body,
      });
      expect(broken.status).toBe(400);
      expect(await broken.text()).toMatch(/id="form-error" data-code="form-unreadable">The form could not be read and was not saved\./);
    }
    const huge = await post(`${h.url}/orders?locale=en`, orderFields({ "rows.0.name": "x".repeat(300 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain("The form is too large (at most 262144 bytes) and was not saved.");
    const large = await post(`${h.url}/orders?locale=en`, orderFields({ "rows.0.unitPrice": `1${"0".repeat(400)}` }));
    expect(large.status).toBe(422);
    const largeHtml = await large.text();
    expect(largeHtml).toContain('data-field="rows.0.unitPrice"');
    expect(largeHtml).toContain("&quot;10000000000000000000…&quot; is too large");
    expect(await h.store.list()).toEqual([]);
  });

  it("closes the connection after a 413 (the body was never read), so a client's next request on a kept-alive connection is not lost", async () => {
    const h = await startHost();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body: string, contentType: string, method = "POST") =>
      new Promise<{ status: number | undefined; connection: string | undefined }>((done, fail) => {
        const req = http.request(`${h.url}${path}`, { method, agent, headers: { "content-type": contentType, origin: h.url, "content-length": Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on("end", () => done({ status: res.statusCode, connection: res.headers.connection }));
        });
        req.on("error", fail);
        req.end(body);
      });
    try {
      for (let i = 0; i < 3; i++) {
        expect(await send("/orders?locale=en", `rows.0.name=${"a".repeat(1_000_000)}`, "application/x-www-form-urlencoded")).toEqual({ status: 413, connection: "close" });
        expect((await send("/orders/nope/delete?locale=en", "confirm=yes", "application/x-www-form-urlencoded")).status).toBe(404);
        expect(await send("/api/orders/x", JSON.stringify({ pad: "a".repeat(2_000_000) }), "application/json", "PUT")).toEqual({ status: 413, connection: "close" });
        expect((await send("/healthz", "", "text/plain", "GET")).status).toBe(200);
      }
    } finally {
      agent.destroy();
    }
  });

  it("keeps a stored payment method and currency its lists do not offer: the page shows them selected, and a save of nothing changes neither", async () => {
    const h = await startHost();
    expect((await putJson(`${h.url}/api/orders/o7`, fakePayOrder("o7", { paymentMethod: "swish", currency: "USD" }))).status).toBe(201);
    const html = await (await fetch(`${h.url}/orders/o7?locale=en`)).text();
    const selectedIn = (id: string) => [...(new RegExp(`<select id="${id}"[^>]*>(.*?)</select>`, "s").exec(html)?.[1] ?? "").matchAll(/<option value="([^"]*)" selected="">/g)].map((m) => m[1]);
    expect(selectedIn("currency")).toEqual(["USD"]);
    expect(selectedIn("paymentMethod")).toEqual(["swish"]);
    // What the browser sends for the form as shown (every field as rendered), the clerk having changed nothing.
    const saved = await post(`${h.url}/orders/o7?locale=en`, orderFields({ number: "107", currency: "USD", paymentMethod: "swish", "rows.0.quantity": "1", "rows.0.unitPrice": "100.00" }));
    expect(saved.status).toBe(303);
    const stored = (await h.store.get("o7"))!.order;
    expect([stored.paymentMethod, stored.currency, stored.total]).toEqual(["swish", "USD", "100.00"]);
  });

  it("names the currency when a form posts one it does not know, not the row's price", async () => {
    const h = await startHost();
    const refused = await post(`${h.url}/orders?locale=en`, orderFields({ currency: "XXQ" }));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toMatch(/Currency: .*XXQ/);
    expect(html).not.toMatch(/Unit price: "50.00" is not a number/);
    expect(await h.store.get("ord-1001")).toBeUndefined();
  });

  it("offers the next order number past the highest, however many orders the book holds", async () => {
    const h = await startHost();
    const many = Array.from({ length: 130_000 }, (_, i) => ({ order: fakePayOrder(`m${i}`, { number: String(2001 + i) }), savedAt: "2026-12-01T00:00:00.000Z", lastNotices: [], deletedAt: null }));
    const list = h.store.list.bind(h.store);
    h.store.list = async () => [...(await list()), ...(many as unknown as Awaited<ReturnType<typeof list>>)];
    const page = await fetch(`${h.url}/orders/new?locale=en`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="132001"');
  });

  it("shows the order rule's refusal of a field (the clerk API's order-invalid) as the form's own: by the field's label, without a bare 'The order is invalid.' item", async () => {
    const h = await startHost();
    const refused = await post(`${h.url}/orders?locale=en`, orderFields({ "customer.name": "Anna\u0000" }));
    expect(refused.status).toBe(422);
    const items = [...(await refused.text()).matchAll(/<li class="notice-error" id="refusal-\d+"[^>]*>(.*?)<\/li>/gs)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/^Name: must .+ \(Field: Name\)$/);
  });

  it("a save from a stale tab of an order deleted meanwhile names the order by the number the clerk knows, not its internal id", async () => {
    const h = await startHost();
    await post(`${h.url}/orders`, orderFields({ number: "R3-50" }));
    const id = "ord-R3-50";
    expect((await post(`${h.url}/orders/${id}/delete?locale=en`, { confirm: "yes" })).status).toBe(303);
    for (const [locale, message] of [
      ["en", "Order R3-50 has been deleted and cannot be changed."],
      ["sv", "Ordern R3-50 är borttagen och kan inte ändras."],
    ] as const) {
      const stale = await post(`${h.url}/orders/${id}?locale=${locale}`, orderFields({ number: "R3-50" }));
      const html = await stale.text();
      expect(html).toContain(message);
      expect(html).not.toContain(`Order ${id}`);
      expect(html).not.toContain(`Ordern ${id}`);
      // Nothing the clerk typed is at fault: the page does not ask for a correction.
      expect(html).toContain(uiMessage(locale, "refused-not-input-intro"));
      expect(html).not.toContain(uiMessage(locale, "refused-intro"));
    }
  });

  it("refuses a posted payment method the form's list does not offer, naming the field by its label, and stores nothing", async () => {
    const h = await startHost();
    for (const [locale, message] of [
      ["en", 'Payment method: "bitcoin" is not one of the choices'],
      ["sv", 'Betalsätt: "bitcoin" finns inte bland valen'],
    ] as const) {
      const refused = await post(`${h.url}/orders?locale=${locale}`, orderFields({ paymentMethod: "bitcoin" }));
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain('data-field="paymentMethod"');
      expect(html).toContain(message.replaceAll('"', "&quot;"));
    }
    expect(await h.store.get("ord-1001")).toBeUndefined();
    // Nor may an edit switch a stored order to it.
    await post(`${h.url}/orders`, orderFields());
    expect((await post(`${h.url}/orders/ord-1001?locale=en`, orderFields({ paymentMethod: "bitcoin" }))).status).toBe(422);
    expect((await h.store.get("ord-1001"))?.order.paymentMethod).toBe("fake-pay");
  });

  it("answers an address it has no page for with a page in the clerk's language, with the navigation, and the API's with its problem document", async () => {
    const h = await startHost();
    for (const [locale, heading, text] of [
      ["en", "Page not found", "There is no page at /nope."],
      ["sv", "Sidan finns inte", "Det finns ingen sida på /nope."],
    ] as const) {
      const page = await fetch(`${h.url}/nope?locale=${locale}`);
      expect(page.status).toBe(404);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain(`<html lang="${locale}">`);
      expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe(heading);
      expect(html).toContain(`<p id="not-found">${text}</p>`);
      // The layout's navigation, back to the order list.
      expect(html).toMatch(/<nav[^>]*>.*href="\/(\?[^"]*)?"/s);
    }
    const api = await fetch(`${h.url}/api/nope?locale=en`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("has no sandbox clock when the host does not run against the mock", async () => {
    const h = await startHost();
    expect(await (await fetch(`${h.url}/`)).text()).not.toContain('id="sandbox"');
    expect((await post(`${h.url}/sandbox/advance`, { hours: "1" })).status).toBe(404);
  });

  it("moves the mock's and the host's clocks together, then runs the plugin's schedules", async () => {
    const h = await startHost({ sandbox: true });
    const before = Date.now();
    const advanced = await post(`${h.url}/sandbox/advance?locale=en`, { hours: "2" });
    expect(advanced.status).toBe(303);
    const page = await (await fetch(`${h.url}${advanced.headers.get("location")}&locale=en`)).text();
    expect(page).toMatch(/data-notice="sandbox-advanced">.*The clocks moved 2 h ahead\. The mock&#39;s sweep: 0 expired\. The plugin: Tick: tick 1/s);
    const mockNow = Date.parse(((await (await fetch(`${mock!.adminUrl}/clock`)).json()) as { now: string }).now);
    expect(mockNow - before).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(mockNow - before).toBeLessThan(2 * 3_600_000 + 60_000);
    expect(page).toContain("2 h ahead of real time.");

    // The same form posted twice at once (a double click without the page's script): the clocks move once.
    const list = await (await fetch(`${h.url}/?locale=en`)).text();
    const formToken = /<form method="post" action="\/sandbox\/advance"[^>]*>\s*<input type="hidden" name="formToken" value="([^"]+)"/.exec(list)?.[1];
    expect(formToken).toBeDefined();
    const twice = await Promise.all([0, 1].map(() => post(`${h.url}/sandbox/advance?locale=en`, { hours: "1", formToken: formToken! })));
    expect(twice.map((r) => r.status)).toEqual([303, 303]);
    const mockAfter = Date.parse(((await (await fetch(`${mock!.adminUrl}/clock`)).json()) as { now: string }).now);
    expect(mockAfter - before).toBeLessThan(3 * 3_600_000 + 60_000);
    expect(mockAfter - before).toBeGreaterThanOrEqual(3 * 3_600_000);

    // Asked on a Swedish page, the plugin's results are in Swedish too.
    const sv = await post(`${h.url}/sandbox/advance?locale=sv`, { hours: "1" });
    expect(await (await fetch(`${h.url}${sv.headers.get("location")}&locale=sv`)).text()).toMatch(/data-notice="sandbox-advanced">.*Tillägget: Tick: tickning 3/s);

    // Two advances at once (two tabs): the second finds the schedule still running, and says so in the page's words.
    const both = await Promise.all([0, 1].map(() => post(`${h.url}/sandbox/advance?locale=en`, { hours: "1" })));
    const shown = await Promise.all(both.map(async (r) => (await fetch(`${h.url}${r.headers.get("location")}&locale=en`)).text()));
    expect(shown.join("")).toContain("The plugin: Tick: skipped, as its previous run has not finished");
    expect(shown.join("")).not.toContain("already-running");

    const bad = await post(`${h.url}/sandbox/advance?locale=en`, { hours: "-3" });
    expect(await (await fetch(`${h.url}${bad.headers.get("location")}&locale=en`)).text()).toContain("Hours ahead must be a whole number from 1 to 1000.");
  });
});
