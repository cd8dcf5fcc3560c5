// The "Credit the rows" form of a paid order's page names each credit input by its index (`credit.<i>`), which the
// clerk API reads as a place in the STORED order's rows; the credited row must be the one shown beside the quantity.
//
// 1. A paid order's page shown after a refused save: its "Credit the rows" table names each credit input by its index
// (`credit.<i>`), which the clerk API reads as an index into the STORED order's rows. The table once listed the rows
// the clerk typed into the refused form, so with a row cleared or moved the row credited at Svea was another than the
// row shown beside the quantity. The table lists the stored rows, whatever the refused form holds.
//
// 2. 4cd2727 made the credit-rows table list the STORED order's rows because the clerk API reads `credit.<i>` as a place
// in the stored order's rows. The credit form carried no version of the order it was rendered from, so the same
// disagreement comes back when the stored order changes between the page and the post: another window (or clerk)
// saves the paid order without its first row (the coffee, returned). The clerk, on the page still showing coffee and
// cup, credits one coffee: the API reads credit.0 in the order stored NOW, whose first row is the cup, and Svea
// credits the cup (another amount, another VAT rate) with the clerk told "done". The credit forms now carry the
// order's version, and the clerk API refuses a credit whose If-Match is no longer the stored order's (412 order-changed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { eventually, orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { postForm } from "../host/host-test-helpers.js";

let story: Story;
beforeAll(async () => {
  story = await startStory({ enforcePollInterval: false });
}, 60_000);
afterAll(async () => {
  await story?.close();
});

const decode = (s: string) => s.replaceAll("&quot;", '"').replaceAll("&amp;", "&");

/** Saves `orderFor(id)` (row 1 the coffee at 12 %, row 2 the cup at 25 %) and pays its link; answers the order saved. */
async function paidStoryOrder(id: string): Promise<HostOrder> {
  const order = orderFor(id);
  const saved = await story.save(order, "en");
  expect(saved.accepted, JSON.stringify(saved.errors)).toBe(true);
  const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
  expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" })).status).toBe(200);
  await eventually(() => story.view(id), (v) => v?.state === "paid", story.clock);
  return order;
}

describe("the credit rows table on a refused save's page", () => {
  it("credits the row the page shows beside the quantity typed, not another row of the stored order", async () => {
    const id = "ord-8101";
    // Row 1 "Kaffe mellanrost 500 g" (12 %), row 2 "Kaffekopp vit" (25 %).
    const order = await paidStoryOrder(id);

    // The clerk opens the paid order, removes the first row from the form and (by mistake) empties the order number:
    // the host refuses the save (number required) and shows the page again with what was typed.
    const page = await (await fetch(`${story.host.url}/orders/${id}?locale=en`)).text();
    const form = page.slice(page.indexOf('id="order-form"'));
    const token = decode(/name="formToken" value="([^"]+)"/.exec(form)![1]!);
    const version = decode(/name="version" value="([^"]+)"/.exec(form)![1]!);
    const cup = order.rows[1]!;
    const refused = await postForm(`${story.host.url}/orders/${id}?locale=en`, {
      formToken: token,
      version,
      number: "",
      currency: "SEK",
      paymentMethod: "svea-instore",
      pricesIncludeVat: "true",
      "customer.name": order.customer.name!,
      "customer.mobilePhone": order.customer.mobilePhone!,
      "customer.countryCode": "SE",
      "customer.email": order.customer.email!,
      "customer.postalCode": order.customer.postalCode!,
      "customer.customerType": "private",
      // Row 0 cleared (all fields empty), row 1 the cup as stored.
      "rows.0.rowNumber": "1",
      "rows.0.articleNumber": "",
      "rows.0.name": "",
      "rows.0.quantity": "",
      "rows.0.unit": "",
      "rows.0.unitPrice": "",
      "rows.0.discountPercent": "",
      "rows.0.vatPercent": "",
      "rows.1.rowNumber": "2",
      "rows.1.articleNumber": cup.articleNumber!,
      "rows.1.name": cup.name,
      "rows.1.quantity": String(cup.quantity),
      "rows.1.unit": cup.unit!,
      "rows.1.unitPrice": String(cup.unitPrice),
      "rows.1.discountPercent": String(cup.discountPercent),
      "rows.1.vatPercent": String(cup.vatPercent),
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('id="credit-rows"');

    // The credit table lists the rows as stored (the rows the clerk API's `row` counts in), whatever the refused form
    // holds: row 1 the coffee, row 2 the cup, each beside the input that credits it.
    const table = html.slice(html.indexOf('id="credit-rows"'), html.indexOf("</table>", html.indexOf('id="credit-rows"')));
    const shown = [...table.matchAll(/<tr><th scope="row">(\d+)<\/th><td>([^<]*)<\/td>[\s\S]*?name="(credit\.\d+)"/g)].map((m) => [m[1], m[2], m[3]]);
    expect(shown, table).toEqual([
      ["1", order.rows[0]!.name, "credit.0"],
      ["2", cup.name, "credit.1"],
    ]);

    // The clerk credits one of the cup, in the input the page shows beside it.
    const cupInput = shown.find(([, name]) => name === cup.name)![2]!;
    const creditsForm = html.slice(html.indexOf('id="credit-rows-form"'));
    const creditToken = decode(/name="formToken" value="([^"]+)"/.exec(creditsForm)![1]!);
    const credited = await postForm(`${story.host.url}/orders/${id}/credit?locale=en`, { formToken: creditToken, mode: "rows", [cupInput]: "1" });
    expect(credited.status, await credited.clone().text().then((t) => t.slice(0, 300))).toBe(303);

    // What was credited: the row the page named, i.e. Svea row 2 (the cup), not row 1 (the coffee).
    const view = await story.view(id);
    const creditedRows = view?.afterPayment?.creditedRows ?? [];
    expect(creditedRows.map((r) => r.rowNumber)).toEqual([2]);
  }, 60_000);
});

describe("the credit rows form after the paid order was edited in another window", () => {
  it("never credits another row than the one the page showed beside the quantity (refused as changed, or the right row)", async () => {
    const id = "ord-8102";
    const order = await paidStoryOrder(id);

    // Clerk A opens the paid order's page: row 1 the coffee (credit.0), row 2 the cup (credit.1).
    const html = await (await fetch(`${story.host.url}/orders/${id}?locale=en`)).text();
    const table = html.slice(html.indexOf('id="credit-rows"'), html.indexOf("</table>", html.indexOf('id="credit-rows"')));
    const shown = [...table.matchAll(/<tr><th scope="row">(\d+)<\/th><td>([^<]*)<\/td>[\s\S]*?name="(credit\.\d+)"/g)].map((m) => [m[2], m[3]]);
    expect(shown).toEqual([
      [order.rows[0]!.name, "credit.0"],
      [order.rows[1]!.name, "credit.1"],
    ]);
    const creditsForm = html.slice(html.indexOf('id="credit-rows-form"'));
    const creditToken = decode(/name="formToken" value="([^"]+)"/.exec(creditsForm)![1]!);
    // The form carries the version of the order it was filled from, and the browser sends it with the quantities.
    const version = decode(/name="version" value="([^"]+)"/.exec(creditsForm)![1]!);

    // Meanwhile another window saves the order without the coffee row (the ERP's own edit of a paid order).
    const edited = await story.save({ ...order, rows: [order.rows[1]!] }, "en");
    expect(edited.accepted, JSON.stringify(edited.errors)).toBe(true);

    // Clerk A credits one coffee, in the input the page shows beside the coffee.
    const credited = await postForm(`${story.host.url}/orders/${id}/credit?locale=en`, { formToken: creditToken, version, mode: "rows", "credit.0": "1" });
    const view = await story.view(id);
    const creditedRows = view?.afterPayment?.creditedRows ?? [];
    // Expected: refused (the order changed since the page was shown), nothing credited; or Svea row 1 (the coffee).
    // Actual: 303 "done", Svea row 2 (the cup) credited.
    expect({ status: credited.status, rows: creditedRows.map((r) => r.rowNumber) }).not.toEqual({ status: 303, rows: [2] });
    expect(creditedRows.map((r) => r.rowNumber)).not.toContain(2);
    // Refused as changed, in the page's words, nothing credited at all; the page shows the rows stored now, with their
    // version, and no quantity stands beside the cup that the clerk typed beside the coffee.
    expect(credited.status).toBe(422);
    expect(creditedRows).toEqual([]);
    const page = await credited.text();
    expect(page).toContain('data-refusal="order-changed"');
    expect(page).toContain("nothing was credited and nothing was sent to Svea");
    const refusedTable = page.slice(page.indexOf('id="credit-rows"'), page.indexOf("</table>", page.indexOf('id="credit-rows"')));
    expect(refusedTable).toContain(order.rows[1]!.name);
    expect(refusedTable).not.toContain(order.rows[0]!.name);
    expect(/name="credit\.0"[^>]*value="1"/.test(refusedTable)).toBe(false);

    // Sent again from that page (the order's version now): the cup is credited, as the page now shows it beside credit.0.
    const againForm = page.slice(page.indexOf('id="credit-rows-form"'));
    const again = await postForm(`${story.host.url}/orders/${id}/credit?locale=en`, {
      formToken: decode(/name="formToken" value="([^"]+)"/.exec(againForm)![1]!),
      version: decode(/name="version" value="([^"]+)"/.exec(againForm)![1]!),
      mode: "rows",
      "credit.0": "1",
    });
    expect(again.status).toBe(303);
  }, 60_000);

  it("the clerk API acts on the order stored when a credit comes without If-Match, and refuses a stale If-Match with 412", async () => {
    const id = "ord-8103";
    const order = await paidStoryOrder(id);
    const read = await fetch(`${story.host.url}/api/orders/${id}`);
    const etag = read.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const post = (headers: Record<string, string>) =>
      fetch(`${story.host.url}/api/orders/${id}/credit?locale=en`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ rows: [{ row: 0, quantity: "1" }] }),
      });
    expect((await story.save({ ...order, rows: [order.rows[1]!] }, "en")).accepted).toBe(true);
    const stale = await post({ "if-match": etag });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { code: string }).code).toBe("order-changed");
    expect((await story.view(id))?.afterPayment?.creditedRows ?? []).toEqual([]);
    // No If-Match: as before, the row is read in the order stored now.
    expect((await post({})).status).toBe(200);
  }, 60_000);
});
