// The clerk's story in the sandbox UI, in a real Chromium against `npm start`: every step asserts on what the page shows.
import { mkdir, mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../e2e/ensure-plugin-built.js";
import { clerkPageSessionForFile } from "./clerk-page-session.js";

// SAVE_SCREENSHOTS=1 refreshes the README's pictures under docs/; otherwise they go to a temporary folder (still taken and checked).
const screenshotDir = process.env.SAVE_SCREENSHOTS === "1" ? join(repoRoot, "docs") : await mkdtemp(join(tmpdir(), "sandbox-ui-shots-"));

const session = clerkPageSessionForFile();

/** Every form control's accessible name, as the browser computes it for a screen reader: none may be empty. */
async function unlabelledControls(): Promise<string[]> {
  const controls = session.page.locator("main input:not([type=hidden]), main select, main button, main textarea");
  const unnamed: string[] = [];
  for (let i = 0; i < (await controls.count()); i++) {
    const control = controls.nth(i);
    const snapshot = await control.ariaSnapshot();
    // The snapshot reads `- role "name"`; a control without a name shows its role alone.
    if (!/^- '?[\w-]+ "[^"]+"/.test(snapshot) && (await control.isVisible())) unnamed.push(`${snapshot} (id ${await control.getAttribute("id")})`);
  }
  return unnamed;
}

/** The ids of what Tab reaches from the top of the page, in order (a control without an id shows as its tag and text). */
async function tabOrder(max = 120): Promise<string[]> {
  // From the skip link, the page's first control: a blur alone would leave the walk's start where focus was put after
  // a post (the notices).
  await session.page.focus("a.skip");
  const reached: string[] = ["skip"];
  for (let i = 0; i < max; i++) {
    await session.page.keyboard.press("Tab");
    const id = (await session.page.evaluate("(() => { const e = document.activeElement; return e ? e.id || e.tagName + ':' + (e.textContent || '').trim().slice(0, 40) : null; })()")) as string | null;
    // Past the last control focus leaves the page (body) or wraps to the first: either ends the walk.
    if (!id || id.startsWith("BODY") || id === reached[0]) break;
    reached.push(id);
  }
  return reached;
}

const orderRow = (number: string) => session.page.locator(`#orders tr[data-order-number="${number}"]`);

/** Fills the order form the way a clerk does, by the visible labels. */
async function fillOrder(fields: { name: string; mobile: string; rows: { name: string; quantity: string; price: string; vat: string }[] }) {
  await session.page.getByLabel("Name", { exact: true }).fill(fields.name);
  await session.page.getByLabel("Mobile number").fill(fields.mobile);
  for (const [i, row] of fields.rows.entries()) {
    await session.page.getByLabel(`Row ${i + 1}: Description`).fill(row.name);
    await session.page.getByLabel(`Row ${i + 1}: Quantity`).fill(row.quantity);
    await session.page.getByLabel(`Row ${i + 1}: Unit price`).fill(row.price);
    await session.page.getByLabel(`Row ${i + 1}: VAT %`).fill(row.vat);
  }
}

async function createOrder(fields: Parameters<typeof fillOrder>[0]): Promise<string> {
  await session.page.goto(`${session.world.host}/`);
  await session.page.click("#nav-new-order");
  const number = await session.page.getByLabel("Order number").inputValue();
  await fillOrder(fields);
  await session.page.click("#save");
  await session.page.waitForURL(new RegExp(`/orders/ord-${number}\\?flash=`));
  return number;
}

/** The SMS rows the mock's inbox page shows for one order number (the inbox lists merchant / merchantOrderNumber). */
async function inboxTexts(number: string): Promise<string[]> {
  const inbox = await session.context.newPage();
  try {
    await inbox.goto(session.world.inbox);
    return await inbox.locator("#sms tbody tr").filter({ hasText: new RegExp(`/ ${number}-`) }).allTextContents();
  } finally {
    await inbox.close();
  }
}

/** Reloads the order page until its payment state is `state`: the mock's callback reaches the host a moment after the customer pays. */
async function reloadUntilState(path: string, state: string): Promise<string | null> {
  let seen: string | null = null;
  for (let i = 0; i < 50 && seen !== state; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100));
    await session.page.goto(`${session.world.host}${path}`);
    seen = await session.page.getAttribute("#payment-state .state", "data-state");
  }
  return seen;
}

describe("the sandbox UI in Chromium", () => {
  let paid = "";
  let edited = "";
  let deleted = "";

  it("opens on the order list, in the clerk's language, with the sandbox clock", async () => {
    await session.page.goto(session.world.host);
    expect(await session.page.textContent("h1")).toBe("Orders");
    expect(await session.page.textContent("#sandbox h2")).toBe("Sandbox: the clock");
    await session.page.click("#lang-sv");
    expect(await session.page.textContent("h1")).toBe("Ordrar");
    await session.page.click("#lang-en");
    expect(await session.page.getAttribute("html", "lang")).toBe("en");
  });

  it("shows the plugin's refusal, naming the field, and sends nothing", async () => {
    await session.page.goto(`${session.world.host}/orders/new`);
    await fillOrder({ name: "Fel Nummer", mobile: "12", rows: [{ name: "Kaffe", quantity: "1", price: "49.00", vat: "12" }] });
    await session.page.click("#save");
    expect(await session.page.locator("#refusals").isVisible()).toBe(true);
    // Focus moves to the refusals, so a keyboard or screen-reader user starts there rather than at the skip link.
    expect(await session.page.evaluate("document.activeElement && document.activeElement.id")).toBe("refusals");
    const refusal = session.page.locator('#refusals li[data-field="customer.mobilePhone"]');
    expect(await refusal.count()).toBe(1);
    expect(await refusal.textContent()).toContain("12");
    expect(await session.page.getByLabel("Name", { exact: true }).inputValue()).toBe("Fel Nummer");
    // The refusal names the field by its label and links to it; the field says it is invalid and points back.
    const link = refusal.locator("a");
    expect(await link.textContent()).toBe("Mobile number");
    expect(await link.getAttribute("href")).toBe("#customer-mobilePhone");
    const field = session.page.locator("#customer-mobilePhone");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await field.getAttribute("aria-describedby"))!;
    expect(await session.page.locator(`#${describedBy}`).getAttribute("data-field")).toBe("customer.mobilePhone");
    expect(await session.page.locator("#customer-name").getAttribute("aria-invalid")).toBeNull();
  });

  it("1. creates an order: the SMS notice shows, the list shows it waiting with a copyable link, and the SMS is in the mock's inbox", async () => {
    paid = await createOrder({
      name: "Karin Lindqvist",
      mobile: "070-123 45 67",
      rows: [
        { name: "Kaffe mellanrost 500 g", quantity: "2", price: "59.90", vat: "12" },
        { name: "Kaffekopp vit", quantity: "4", price: "49.00", vat: "25" },
      ],
    });
    expect(await session.page.locator('#notices [data-notice="sms-will-be-sent"]').count()).toBe(1);
    expect(await session.page.textContent("#order-total")).toBe("315.80 SEK");
    expect(await session.page.getAttribute("#payment-state .state", "data-state")).toBe("waiting");

    await session.page.goto(session.world.host);
    const row = orderRow(paid);
    expect(await row.locator(".payment-cell .state").getAttribute("data-colour")).toBe("own");
    expect(await row.locator(".payment-cell .state-label").textContent()).toBe("Waiting for payment");
    const link = (await row.locator("[data-payment-link]").getAttribute("href"))!;
    expect(link).toMatch(new RegExp(`^${session.world.mock}/checkout/`));
    expect(await row.getByRole("button", { name: `Copy link, order ${paid}` }).count()).toBe(1);
    // Once copied the button's name says so too ("Copied, order N"): held by its data-copy, not its name.
    const copy = row.locator("[data-copy]");
    await copy.focus();
    await session.page.keyboard.press("Enter");
    await expect.poll(() => copy.textContent()).toBe("Copied");
    expect(await session.page.evaluate("navigator.clipboard.readText()")).toBe(link);

    const sms = await inboxTexts(paid);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toContain("+46701234567");
    expect(sms[0]).toContain(link);
  });

  it("2. the customer opens the link and pays: the order turns paid with Svea's reference, and shows in picking", async () => {
    await session.page.goto(`${session.world.host}/orders/ord-${paid}`);
    const [checkout] = await Promise.all([session.context.waitForEvent("page"), session.page.click("#open-checkout")]);
    await checkout.waitForLoadState();
    expect(await checkout.textContent("#order-total")).toBe("315.80 SEK");
    await checkout.screenshot({ path: join(screenshotDir, "sandbox-checkout-page.png"), fullPage: true });
    await checkout.check('input[value="card"]');
    await checkout.click("#pay");
    await checkout.waitForSelector("#outcome");
    expect(await checkout.getAttribute("#outcome", "data-outcome")).toBe("paid");
    await checkout.close();

    expect(await reloadUntilState(`/orders/ord-${paid}`, "paid")).toBe("paid");
    expect(await session.page.getAttribute("#payment-state .state", "data-colour")).toBe("normal");
    expect(await session.page.textContent("#payment-state .state-label")).toBe("Paid");
    expect(await session.page.locator("#payment-reference [data-reference]").textContent()).toMatch(/\d+$/);
    expect(await session.page.locator("#payment-reference [data-copy]").count()).toBe(0);

    await session.page.goto(`${session.world.host}/picking`);
    expect(await session.page.locator(`#pickable tr[data-order-id="ord-${paid}"]`).count()).toBe(1);
    expect(await session.page.locator(`#held-back tr[data-order-id="ord-${paid}"]`).count()).toBe(0);
  });

  it("3. editing an unpaid order sends a new SMS, and the history shows the old link cancelled", async () => {
    edited = await createOrder({ name: "Olle Berg", mobile: "+46709876543", rows: [{ name: "Te", quantity: "1", price: "35.00", vat: "12" }] });
    await session.page.goto(`${session.world.host}/picking`);
    const held = session.page.locator(`#held-back tr[data-order-id="ord-${edited}"]`);
    expect(await held.count()).toBe(1);
    expect((await held.locator("td").last().textContent())?.length).toBeGreaterThan(0);

    await session.page.goto(`${session.world.host}/orders/ord-${edited}`);
    await session.page.getByLabel("Row 1: Quantity").fill("3");
    // Svea is slow to create the new link, and the clerk clicks Save again meanwhile, on the page still showing: the
    // page sends the form once (its script), so the clerk sees what that one save did.
    const fault = await fetch(`${session.world.admin}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "delay", endpoint: "create", delayMs: 1_500 }) });
    expect(fault.status).toBe(201);
    const posts: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => void (request.method() === "POST" && posts.push(request.url()));
    session.page.on("request", onRequest);
    // The second click as the clerk's own, in the page still shown (Playwright's click would wait for the next page).
    await session.page.evaluate(`(() => { const save = document.getElementById("save"); save.click(); setTimeout(() => save.click(), 300); })()`);
    await session.page.waitForURL(/flash=/);
    // Past when a second post, had one been sent, would have been answered.
    await session.page.waitForLoadState("networkidle");
    session.page.off("request", onRequest);
    expect(posts).toEqual([`${session.world.host}/orders/ord-${edited}`]);
    expect(await session.page.locator('#notices [data-notice="link-reissued"]').count()).toBe(1);
    expect(await session.page.locator('#notices [data-notice="sms-will-be-sent"]').count()).toBe(1);
    expect(await session.page.textContent("#order-total")).toBe("105.00 SEK");
    const history = session.page.locator("#history tbody tr");
    expect(await history.count()).toBe(2);
    expect(await history.nth(0).getAttribute("data-link-state")).toBe("cancelled");
    expect(await history.nth(0).locator(".state-label").textContent()).toBe("Cancelled");
    expect(await history.nth(0).locator("td[data-reason]").textContent()).toBe("Replaced when the order changed");
    expect(await history.nth(1).getAttribute("data-link-state")).toBe("waiting");
    // The history names a state in the same words as the order's payment state above it.
    expect(await history.nth(1).locator(".state-label").textContent()).toBe(await session.page.textContent("#payment-state .state-label"));
    expect(await history.nth(1).locator(".state-label").textContent()).toBe("Waiting for payment");
    // Only the waiting link is offered as a link: the cancelled one is dead, and must not be copied to a customer.
    expect(await history.nth(0).locator("a").count()).toBe(0);
    expect(await history.nth(1).locator("a").count()).toBe(1);
    expect(await inboxTexts(edited)).toHaveLength(2);
    expect(await unlabelledControls()).toEqual([]);
    const reached = await tabOrder();
    for (const id of ["nav-new-order", "lang-sv", "open-checkout", "check-payment", "customer-mobilePhone", "row-0-quantity", "save", "delete"]) expect(reached).toContain(id);
    await session.page.screenshot({ path: join(screenshotDir, "sandbox-order-page.png"), fullPage: true });

    await session.page.click("#check-payment");
    await session.page.waitForURL(/flash=/);
    expect(await session.page.locator("#notices li").count()).toBeGreaterThan(0);
    expect(await session.page.getAttribute("#payment-state .state", "data-state")).toBe("waiting");
  });

  it("4. deleting an order shows it black", async () => {
    deleted = await createOrder({ name: "Ada Ek", mobile: "0702223344", rows: [{ name: "Kaka", quantity: "2", price: "20.00", vat: "12" }] });
    // One click does not delete: the browser asks for the confirmation box first, and nothing is posted.
    const before = session.page.url();
    await session.page.click("#delete");
    expect(await session.page.locator("#delete-confirm").evaluate((box) => (box as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).toBe(true);
    expect(session.page.url()).toBe(before);
    expect(await session.page.getAttribute("#payment-state .state", "data-state")).toBe("waiting");
    await session.page.check("#delete-confirm");
    await session.page.click("#delete");
    await session.page.waitForURL(new RegExp(`/orders/ord-${deleted}`));
    expect(await session.page.locator("#deleted-note").count()).toBe(1);
    expect(await session.page.getAttribute("#payment-state .state", "data-colour")).toBe("black");
    expect(await session.page.textContent("#payment-state .state-label")).toBe("Cancelled");
    await session.page.goto(session.world.host);
    expect(await orderRow(deleted).locator(".payment-cell .state").getAttribute("data-colour")).toBe("black");
    expect(await orderRow(deleted).locator("th").textContent()).toContain("(deleted)");
  });

  it("5. advancing the sandbox clock and sweeping turns a waiting link grey", async () => {
    await session.page.goto(session.world.host);
    await session.page.getByLabel("Hours ahead").fill("49");
    await session.page.click("#sandbox-advance");
    await session.page.waitForURL(/flash=/);
    const advanced = await session.page.locator('#notices [data-notice="sandbox-advanced"]').textContent();
    expect(advanced).toContain("49 h");
    // The plugin's jobs by their manifest labels, each message a sentence of its own.
    expect(advanced).toMatch(/The plugin: Mark expired payment links: .+\. Reconcile payment links with Svea: .+\.$/);
    // The plugin's results in the page's language too, not the plugin's default (Swedish).
    expect(advanced).toMatch(/Payment links checked: \d+;.*Orders with open work: \d+;/);
    expect(advanced).not.toContain(".;");
    expect(await session.page.textContent("#sandbox-now")).toContain("49 h ahead of real time");
    const state = orderRow(edited).locator(".payment-cell .state");
    expect(await state.getAttribute("data-colour")).toBe("grey");
    expect(await state.locator(".state-label").textContent()).toBe("Payment link expired");
    expect(await orderRow(edited).locator("[data-copy]").count()).toBe(0);
    expect(await orderRow(paid).locator(".payment-cell .state").getAttribute("data-colour")).toBe("normal");

    // One more order after the sweep, so the list shows every colour the design card names but red.
    await createOrder({ name: "Nils Holm", mobile: "0731234567", rows: [{ name: "Bulle", quantity: "6", price: "12.50", vat: "12" }] });
    await session.page.goto(session.world.host);
    const shot = join(screenshotDir, "sandbox-order-list.png");
    await mkdir(screenshotDir, { recursive: true });
    await session.page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    expect((await stat(join(screenshotDir, "sandbox-checkout-page.png"))).size).toBeGreaterThan(10_000);
  });

  it("6. after payment the clerk credits part of the order, then annuls it after confirming, and picking holds it back", async () => {
    const number = await createOrder({ name: "Lars Ek", mobile: "0705556677", rows: [{ name: "Stol", quantity: "2", price: "100.00", vat: "25" }] });
    const path = `/orders/ord-${number}`;
    expect(await session.page.locator("#after-payment").count()).toBe(0);
    const [checkout] = await Promise.all([session.context.waitForEvent("page"), session.page.click("#open-checkout")]);
    await checkout.waitForLoadState();
    await checkout.check('input[value="invoice"]');
    await checkout.click("#pay");
    await checkout.waitForSelector("#outcome");
    await checkout.close();
    expect(await reloadUntilState(path, "paid")).toBe("paid");
    expect(await session.page.textContent("#after-payment-label")).toBe("Nothing credited, delivered or annulled yet.");
    // The sandbox shop lets Svea deliver at payment: there is nothing for the clerk to deliver, so no Deliver button.
    expect(await session.page.locator("#credit").count()).toBe(1);
    expect(await session.page.locator("#deliver").count()).toBe(0);

    // A decimal comma is refused in words, naming the field; nothing is credited.
    await session.page.getByLabel("Amount to credit, incl. VAT (SEK)").fill("40,00");
    await session.page.click("#credit");
    expect(await session.page.textContent("#refusals h2")).toBe("The action was not carried out");
    expect(await session.page.locator('#refusals li[data-field="amount"]').textContent()).toContain('Amount to credit, incl. VAT (SEK): "40,00" is not a number (write e.g. 59.90)');
    expect(await session.page.textContent("#after-payment-label")).toBe("Nothing credited, delivered or annulled yet.");
    // What the clerk typed stays in the form, to be corrected.
    expect(await session.page.inputValue("#credit-amount")).toBe("40,00");

    await session.page.getByLabel("Amount to credit, incl. VAT (SEK)").fill("40.00");
    await session.page.click("#credit");
    await session.page.waitForURL(/flash=/);
    expect(await session.page.textContent("#after-payment-label")).toMatch(/40\.00 SEK.*200\.00 SEK/);

    // More chairs than the row holds: refused, naming the row's own credit input (linked, and marked invalid).
    await session.page.getByLabel("Row 1: Quantity to credit").fill("3");
    await session.page.click("#credit-rows-submit");
    const rowRefusal = session.page.locator('#refusals li[data-field="credit.0"]');
    expect(await rowRefusal.locator("a").textContent()).toBe("Row 1: Quantity to credit");
    expect(await rowRefusal.locator("a").getAttribute("href")).toBe("#credit-row-0");
    expect(await session.page.getAttribute("#credit-row-0", "aria-invalid")).toBe("true");
    expect(await session.page.inputValue("#credit-row-0")).toBe("3");
    expect(await session.page.textContent("#after-payment-label")).toMatch(/40\.00 SEK.*200\.00 SEK/);

    // One of the two chairs, by its row: 100.00 more.
    await session.page.getByLabel("Row 1: Quantity to credit").fill("1");
    await session.page.click("#credit-rows-submit");
    await session.page.waitForURL(/flash=/);
    expect(await session.page.textContent("#after-payment-label")).toMatch(/140\.00 SEK.*200\.00 SEK/);
    expect(await session.page.textContent('#credit-rows td[data-credited-row="0"]')).toBe("1.00");

    // The clerk takes the credited chair off the order: 100.00 SEK, while Svea stands at 60.00 after both credits.
    // A save changes nothing at Svea, and the page says what is left to settle.
    await session.page.getByLabel("Row 1: Quantity", { exact: true }).fill("1");
    await session.page.click("#save");
    await session.page.waitForURL(/flash=/);
    expect(await session.page.locator('#notices [data-notice="paid-order-total-higher"]').textContent()).toContain(
      "it now totals 100.00 SEK, but at Svea it stands at 60.00 SEK. The difference of 40.00 SEK is not paid",
    );
    expect(await session.page.getAttribute("#payment-state .state", "data-state")).toBe("paid");

    // Annulling asks for the confirmation first and says what would happen; confirmed, it is done.
    await session.page.click("#annul");
    expect(await session.page.locator("#refusals li[data-refusal]").getAttribute("data-refusal")).toBe("annul-confirmation-required");
    expect(await session.page.locator("#notices li").count()).toBeGreaterThan(0);
    expect(await unlabelledControls()).toEqual([]);
    await session.page.getByLabel("I want to annul the whole order").check();
    await session.page.click("#annul");
    await session.page.waitForURL(/flash=/);
    expect(await session.page.locator("#credit").count()).toBe(0);
    expect(await session.page.textContent("#after-payment-label")).toMatch(/200\.00 SEK/);
    // Still paid at Svea, but the page says it was annulled, in black; a paid order offers no Delete.
    expect(await session.page.textContent("#payment-state .state-label")).toBe("Paid, then annulled");
    expect(await session.page.getAttribute("#payment-state .state", "data-colour")).toBe("black");
    expect(await session.page.locator("#delete").count()).toBe(0);
    await session.page.goto(`${session.world.host}/picking`);
    expect(await session.page.locator(`#held-back tr[data-order-id="ord-${number}"]`).count()).toBe(1);
  });

  it("speaks Swedish to the hooks when the clerk switches to sv", async () => {
    await session.page.goto(`${session.world.host}/?locale=sv`);
    expect(await orderRow(paid).locator(".payment-cell .state-label").textContent()).toBe("Betald");
    // Amounts with the Swedish decimal comma, as the plugin's own texts write them.
    expect(await orderRow(paid).locator("td.num").textContent()).toBe("315,80 SEK");
    expect(await orderRow(edited).locator(".payment-cell .state-label").textContent()).toBe("Betallänken har gått ut");
    await session.page.goto(`${session.world.host}/picking`);
    expect(await session.page.textContent("h1")).toBe("Plocklista");
    await session.page.goto(`${session.world.host}/?locale=en`);
  });
});
