// The order form drops a row whose fields were all cleared (the page's only way to remove a row) and shows the
// refused form with the rows that are left moved up. The host's own refusals once named a row by the place it was
// POSTED at: a bad price in row 3 after a cleared row 2 was named "Row 3: Unit price", linked to #row-2-unitPrice and
// marked aria-invalid there, while the page showed the bad price in row 2 and row 3 empty. They name the row's place
// among the rows kept.
import { describe, expect, it } from "vitest";
import { postForm } from "../host/host-test-helpers.js";
import { newOrderForm, useHostOnOrderBook } from "./host-on-order-book.js";

const start = useHostOnOrderBook();

const emptyRow = (i: number) => Object.fromEntries(["articleNumber", "name", "quantity", "unit", "unitPrice", "discountPercent", "vatPercent"].map((f) => [`rows.${i}.${f}`, ""]));

describe("a refusal of a row after a cleared row", () => {
  it("names and marks the control that holds the refused value", async () => {
    const host = await start({}, "memory");
    const res = await postForm(`${host.url}/orders?locale=en`, {
      ...emptyRow(0),
      ...newOrderForm(),
      // Row 2 cleared (removed by the clerk).
      ...emptyRow(1),
      ...emptyRow(2),
      "rows.2.name": "Te",
      "rows.2.quantity": "1",
      "rows.2.unitPrice": "12x",
      "rows.2.vatPercent": "25",
      ...emptyRow(3),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    // Where the page shows the bad price the clerk typed.
    const holder = /<input[^>]*id="(row-\d+-unitPrice)"[^>]*value="12x"|<input[^>]*value="12x"[^>]*id="(row-\d+-unitPrice)"/.exec(html);
    const holderId = holder?.[1] ?? holder?.[2];
    expect(holderId).toBeDefined();
    // The control the refusal links to and marks invalid.
    const link = /<li class="notice-error"[^>]*data-field="rows\.\d+\.unitPrice"[^>]*>[\s\S]*?<a href="#([^"]+)">([^<]+)<\/a>/.exec(html);
    expect(link, html.slice(html.indexOf('id="refusals"'), html.indexOf('id="refusals"') + 1500)).not.toBeNull();
    const invalidIds = [...html.matchAll(/<input[^>]*id="(row-\d+-\w+)"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*id="(row-\d+-\w+)"/g)].map((m) => m[1] ?? m[2]);
    expect({ linkedTo: link![1], label: link![2], invalid: invalidIds }).toEqual({ linkedTo: holderId, label: "Row 2: Unit price", invalid: [holderId] });
  });
});
