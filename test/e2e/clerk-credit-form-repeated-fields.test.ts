// A credit form field sent twice (a hand-made post, a broken page script) is refused naming the field: its two values
// were joined with a comma, which a Swedish page reads as a decimal, so amount=100&amount=50 credited 100,50 SEK.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, orderFor, startStory, type Story } from "./story-harness.js";

let story: Story;
beforeAll(async () => {
  story = await startStory({ enforcePollInterval: false });
});
afterAll(async () => {
  await story?.close();
});

async function savedAndPaid(id: string): Promise<void> {
  const saved = await story.save(orderFor(id), "sv");
  const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
  expect((await story.admin("POST", `/orders/${story.mock.merchant.id}/${mon}/complete`, { paymentMethod: "invoice" })).status).toBe(200);
  await eventually(() => story.view(id), (v) => v?.state === "paid", story.clock);
}
const tokenOf = (html: string, form: string) => new RegExp(`name="formToken" value="([^"]+\\.${form})"`).exec(html)?.[1];
const postForm = (path: string, fields: readonly (readonly [string, string])[]) =>
  fetch(`${story.host.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: story.host.url },
    body: new URLSearchParams(fields.map(([name, value]): [string, string] => [name, value])),
  });

describe("a credit form field sent twice", () => {
  for (const [field, form, fields, named] of [
    ["amount", "credit-amount", [["amount", "100"], ["amount", "50"], ["vatPercent", "25"]], "Belopp att kreditera"],
    ["vatPercent", "credit-amount", [["amount", "10"], ["vatPercent", "6"], ["vatPercent", "25"]], "Momssats för beloppet"],
    ["credit.0", "credit-rows", [["mode", "rows"], ["credit.0", "1"], ["credit.0", "5"]], "Rad 1: Antal att kreditera"],
  ] as const) {
    it(`is refused naming ${field}, and nothing is credited`, async () => {
      const id = `ord-twice-${field.replace(".", "-")}`;
      await savedAndPaid(id);
      const page = await (await fetch(`${story.host.url}/orders/${id}?locale=sv`)).text();
      const res = await postForm(`/orders/${id}/credit?locale=sv`, [["formToken", tokenOf(page, form)!], ...fields]);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain("skickades två gånger");
      expect(html).toContain(named);
      expect((await story.view(id))?.afterPayment?.creditedAmount ?? "0.00").toBe("0.00");
    });
  }
});
