// A paid order's page shown after a refused save: its "Credit the rows" table names each credit input by its index
// (`credit.<i>`), which the clerk API reads as an index into the STORED order's rows. The table once listed the rows
// the clerk typed into the refused form, so with a row cleared or moved the row credited at Svea was another than the
// row shown beside the quantity. The table lists the stored rows, whatever the refused form holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("the credit rows table on a refused save's page", () => {
  it("credits the row the page shows beside the quantity typed, not another row of the stored order", async () => {
    const id = "ord-8101";
    // Row 1 "Kaffe mellanrost 500 g" (12 %), row 2 "Kaffekopp vit" (25 %).
    const order = orderFor(id);
    const saved = await story.save(order, "en");
    expect(saved.accepted, JSON.stringify(saved.errors)).toBe(true);
    const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
    expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" })).status).toBe(200);
    await eventually(() => story.view(id), (v) => v?.state === "paid", story.clock);

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
