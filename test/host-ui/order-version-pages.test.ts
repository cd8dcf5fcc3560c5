// Order versions on the clerk's pages, on the file and the PostgreSQL order book (reference host ⇄ fake-pay plugin on
// 127.0.0.1): a page's save refused for another reason keeps the version its input was made from (its corrected save is
// still refused when the order changed meanwhile), a save after the plugin failed on this page's own save goes through,
// and a delete from a stale page (or the API's DELETE with a stale If-Match) is refused as a save is.
import { describe, expect, it } from "vitest";
import type { ReferenceHost } from "../../host/reference-host.js";
import { orderVersion } from "../../host/order-version.js";
import { fakePayOrder, postForm, putJson } from "../host/host-test-helpers.js";
import { useHostOnOrderBook } from "./host-on-order-book.js";

const start = useHostOnOrderBook();

const post = postForm;

/** The save form's hidden fields on a page. */
function saveForm(html: string): { version: string | undefined; token: string } {
  const form = html.slice(html.indexOf('id="order-form"'));
  const version = /name="version" value="([^"]+)"/.exec(form)?.[1]?.replaceAll("&quot;", '"');
  const token = /name="formToken" value="([^"]+)"/.exec(form)![1]!;
  return { version, token };
}

const fields = (name: string, quantity = "1") => ({
  number: "10123",
  currency: "SEK",
  paymentMethod: "fake-pay",
  "customer.name": name,
  "customer.mobilePhone": "0701234567",
  "customer.countryCode": "SE",
  "rows.0.name": "Kaffe",
  "rows.0.quantity": quantity,
  "rows.0.unitPrice": "100.00",
  "rows.0.vatPercent": "25",
});

const refusalsOf = (html: string) => [...html.matchAll(/data-refusal="([^"]+)"/g)].map((m) => m[1]);

const stored = async (h: ReferenceHost, id: string) => ((await (await fetch(`${h.url}/api/orders/${id}`)).json()) as { order: { customer: { name: string } } }).order;

describe.each(["memory", "pg"] as const)("order book %s", (book) => {
  it("a plain save from a fresh page is accepted (version stable between read and save)", async () => {
    const h = await start({}, book);
    expect((await putJson(`${h.url}/api/orders/ord-123`, fakePayOrder("ord-123", { number: "10123" }))).status).toBe(201);
    const page = saveForm(await (await fetch(`${h.url}/orders/ord-123?locale=en`)).text());
    expect(page.version).toBeDefined();
    const stored0 = await (await fetch(`${h.url}/api/orders/ord-123`)).json() as { order: Parameters<typeof orderVersion>[0] };
    expect(page.version).toBe(orderVersion(stored0.order));
    const r = await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Bo"), version: page.version!, formToken: page.token });
    expect(r.status).toBe(303);
    // and again from the page after the save
    const page2 = saveForm(await (await fetch(`${h.url}/orders/ord-123?locale=en`)).text());
    const r2 = await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Bo2"), version: page2.version!, formToken: page2.token });
    expect(r2.status).toBe(303);
  });

  it("takes the refused page's save after the plugin failed on this page's own save (the order stored is this save's)", async () => {
    const settings: Record<string, unknown> = {};
    const h = await start(settings, book);
    expect((await putJson(`${h.url}/api/orders/ord-123`, fakePayOrder("ord-123", { number: "10123" }))).status).toBe(201);
    const page = saveForm(await (await fetch(`${h.url}/orders/ord-123?locale=en`)).text());
    settings.fault = "throw";
    const failed = await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Bo Failed"), version: page.version!, formToken: page.token });
    const failedHtml = await failed.text();
    expect(refusalsOf(failedHtml)).toEqual(["plugin-failed"]);
    const refusedPage = saveForm(failedHtml);
    delete settings.fault;
    expect((await stored(h, "ord-123")).customer.name).toBe("Bo Failed"); // written ahead of the hook, kept
    // The clerk saves again from the refused page, as its message says (its next save settles the payment).
    const again = await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Bo Failed"), version: refusedPage.version!, formToken: refusedPage.token });
    expect(again.status, refusalsOf(await again.clone().text()).join()).toBe(303);
  });

  it("keeps a stale page's version through a refusal of its input: the corrected save is refused order-changed, not let over the other clerk's change", async () => {
    const h = await start({}, book);
    expect((await putJson(`${h.url}/api/orders/ord-123`, fakePayOrder("ord-123", { number: "10123", customer: { name: "Anna", countryCode: "SE", mobilePhone: "0701234567" } }))).status).toBe(201);
    const stale = saveForm(await (await fetch(`${h.url}/orders/ord-123?locale=en`)).text());
    // The other clerk (another window) changes the name.
    const other = saveForm(await (await fetch(`${h.url}/orders/ord-123?locale=en`)).text());
    expect((await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Changed By Other"), version: other.version!, formToken: other.token })).status).toBe(303);
    // The stale window changes the quantity, with a typo.
    const typo = await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Anna", "2x"), version: stale.version!, formToken: stale.token });
    expect(typo.status).toBe(422);
    const refused = saveForm(await typo.text());
    expect(refused.version).toBe(stale.version);
    // Corrected, it is refused: the page was opened before the other save.
    const fixed = await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Anna", "2"), version: refused.version!, formToken: refused.token });
    expect(fixed.status).toBe(422);
    const told = await fixed.text();
    expect(refusalsOf(told)).toEqual(["order-changed"]);
    // The host's own words: said again in Swedish on the language link, with no "given in English" note.
    const svLink = /href="(\/orders\/ord-123\?refused=[\w-]+&amp;locale=sv)"/.exec(told)?.[1]?.replaceAll("&amp;", "&");
    const inSwedish = await (await fetch(`${h.url}${svLink}`)).text();
    expect(inSwedish).toContain("Ordern ändrades (i ett annat fönster eller av någon annan) efter att du öppnade den");
    expect(inSwedish).not.toContain('id="refusals-given-in"');
    expect((await stored(h, "ord-123")).customer.name).toBe("Changed By Other");
    // Told, the clerk saves that page again: it replaces the order on purpose.
    const replaced = saveForm(told);
    expect((await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Anna", "2"), version: replaced.version!, formToken: replaced.token })).status).toBe(303);
    expect((await stored(h, "ord-123")).customer.name).toBe("Anna");
  });
});

describe("a delete from a stale page", () => {
  it("is refused when the order changed since the page was opened, as is the API's DELETE with a stale If-Match", async () => {
    const h = await start({}, "memory");
    expect((await putJson(`${h.url}/api/orders/ord-123`, fakePayOrder("ord-123", { number: "10123" }))).status).toBe(201);
    const staleHtml = await (await fetch(`${h.url}/orders/ord-123?locale=en`)).text();
    const other = saveForm(await (await fetch(`${h.url}/orders/ord-123?locale=en`)).text());
    expect((await post(`${h.url}/orders/ord-123?locale=en`, { ...fields("Changed By Other"), version: other.version!, formToken: other.token })).status).toBe(303);
    const del = staleHtml.slice(staleHtml.indexOf('/delete"'));
    const token = /name="formToken" value="([^"]+)"/.exec(del)![1]!;
    const version = /name="version" value="([^"]+)"/.exec(del.slice(0, del.indexOf("</form>")))?.[1]?.replaceAll("&quot;", '"');
    expect(version).toBeDefined();
    const r = await post(`${h.url}/orders/ord-123/delete?locale=en`, { confirm: "yes", formToken: token, version: version! });
    expect(r.status).toBe(409);
    const refusedPage = await r.text();
    expect(refusalsOf(refusedPage)).toEqual(["order-changed"]);
    expect(refusedPage).toContain("so it was not deleted");
    const rec = (await (await fetch(`${h.url}/api/orders/ord-123`)).json()) as { deletedAt: string | null; order: { customer: { name: string } } };
    expect([rec.deletedAt, rec.order.customer.name]).toEqual([null, "Changed By Other"]);
    // Told, the clerk deletes from the refused page (the order as stored now): deleted.
    const again = refusedPage.slice(refusedPage.indexOf('/delete"'));
    const fresh = { token: /name="formToken" value="([^"]+)"/.exec(again)![1]!, version: /name="version" value="([^"]+)"/.exec(again)![1]!.replaceAll("&quot;", '"') };
    expect((await post(`${h.url}/orders/ord-123/delete?locale=en`, { confirm: "yes", formToken: fresh.token, version: fresh.version })).status).toBe(303);
    // API: DELETE with a stale If-Match is not refused either
    expect((await putJson(`${h.url}/api/orders/ord-124`, fakePayOrder("ord-124", { number: "10124" }))).status).toBe(201);
    const d2 = await fetch(`${h.url}/api/orders/ord-124`, { method: "DELETE", headers: { "if-match": '"stale"' } });
    expect(d2.status).toBe(412);
    expect(((await (await fetch(`${h.url}/api/orders/ord-124`)).json()) as { deletedAt: string | null }).deletedAt).toBeNull();
    const etag = (await fetch(`${h.url}/api/orders/ord-124`)).headers.get("etag")!;
    expect((await fetch(`${h.url}/api/orders/ord-124`, { method: "DELETE", headers: { "if-match": etag } })).status).toBe(200);
  });
});
