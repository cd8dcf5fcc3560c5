// Two clerks create a new order at the same moment from /orders/new, on the file and the PostgreSQL order book. Both
// forms carry the next free number (1001), and the page picks the readable id `ord-1001` and checks "number taken"
// before either order is stored. The page's create once went to the clerk API's PUT with no precondition: the second
// took the first order, stored a moment before, as its `previous` and replaced it, and both clerks were told "saved".
// The create now sends `If-None-Match: *`, which the PUT refuses (412 order-exists) when an order is stored under the id;
// the page then picks a fresh id and checks the number again, and refuses the second clerk's order with what was typed.
import { describe, expect, it } from "vitest";
import { fakePayOrder, postForm, putJson } from "../host/host-test-helpers.js";
import { useHostOnOrderBook } from "./host-on-order-book.js";

const start = useHostOnOrderBook();

const decode = (s: string) => s.replaceAll("&quot;", '"').replaceAll("&amp;", "&");

const fields = (token: string, customer: string, article: string) => ({
  formToken: token,
  number: "1001",
  currency: "SEK",
  paymentMethod: "fake-pay",
  "customer.name": customer,
  "customer.mobilePhone": "0701234567",
  "customer.countryCode": "SE",
  "rows.0.name": article,
  "rows.0.quantity": "1",
  "rows.0.unitPrice": "100.00",
  "rows.0.vatPercent": "25",
});

describe.each(["memory", "pg"] as const)("two new orders created at the same moment, order book %s", (book) => {
  it("never lets the second clerk's new order replace the first one's: the second is refused, its input kept", async () => {
    const h = await start({}, book);
    const tokenOf = async () => {
      const html = await (await fetch(`${h.url}/orders/new?locale=en`)).text();
      return decode(/name="formToken" value="([^"]+\.save)"/.exec(html)![1]!);
    };
    // Both clerks open the new-order form (both show number 1001), then press Save at the same moment.
    const [tokenA, tokenB] = [await tokenOf(), await tokenOf()];
    const [a, b] = await Promise.all([
      postForm(`${h.url}/orders?locale=en`, fields(tokenA, "Anna Andersson", "Kaffe")),
      postForm(`${h.url}/orders?locale=en`, fields(tokenB, "Bertil Berg", "Te")),
    ]);
    const orders = await h.store.list();
    expect(orders).toHaveLength(1);
    const [saved, refused] = a.status === 303 ? [a, b] : [b, a];
    expect([saved.status, refused.status]).toEqual([303, 422]);
    const kept = orders[0]!.order;
    expect(saved.headers.get("location")).toMatch(new RegExp(`^/orders/${kept.id}(\\?|$)`));
    // The refused clerk is told the number is taken now, on the new-order form with everything they typed.
    const html = await refused.text();
    expect([...html.matchAll(/data-refusal="([^"]+)"/g)].map((m) => m[1]), html.slice(html.indexOf("<main"), html.indexOf("<main") + 1500)).toEqual(["order-number-taken"]);
    const theirs = kept.customer.name === "Anna Andersson" ? ["Bertil Berg", "Te"] : ["Anna Andersson", "Kaffe"];
    expect(html).toContain(`value="${theirs[0]}"`);
    expect(html).toContain(`value="${theirs[1]}"`);
  });

  it("the clerk API's create (If-None-Match: *) over a stored or deleted order: 412 order-exists, nothing changed", async () => {
    const h = await start({}, book);
    const first = fakePayOrder("ord-77", { number: "77" });
    expect((await putJson(`${h.url}/api/orders/ord-77`, first, { "if-none-match": "*" })).status).toBe(201);
    const again = await putJson(`${h.url}/api/orders/ord-77?locale=en`, fakePayOrder("ord-77", { number: "78" }), { "if-none-match": "*" });
    expect(again.status).toBe(412);
    expect(((await again.json()) as { code: string }).code).toBe("order-exists");
    expect((await h.store.get("ord-77"))!.order.number).toBe("77");
    // A deleted order keeps its id: a create under it is refused too, rather than answered as a save of a deleted order.
    expect((await fetch(`${h.url}/api/orders/ord-77`, { method: "DELETE" })).status).toBe(200);
    expect((await putJson(`${h.url}/api/orders/ord-77`, first, { "if-none-match": "*" })).status).toBe(412);
    // A tag list that does not name the stored version lets the save go on, as RFC 9110 says.
    const other = fakePayOrder("ord-78", { number: "78" });
    expect((await putJson(`${h.url}/api/orders/ord-78`, other)).status).toBe(201);
    expect((await putJson(`${h.url}/api/orders/ord-78`, other, { "if-none-match": '"not-its-version"' })).status).toBe(200);
  });
});
