// The customer pays on their phone: the mock's checkout page, its outcomes and the SMS inbox at phone sizes in a real
// Chromium (touch, 2-3× pixels), in Swedish and English: text that fits, the viewport tag and language, named
// controls, a refused method tied to its field and announced, tap targets big enough, and paying by keyboard alone.
import type { Browser, BrowserContext, Page } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKOUT_MESSAGES, type CheckoutLang } from "../../mock-svea/pages/checkout-messages.js";
import { launchChromium } from "../browser/launch-chromium.js";
import { controlsOf, expectPhoneReadyHead, expectVisibleFocus, focusRingOf, PHONES, tapTargetOf, textThatDoesNotFit, touchContext, type Screen } from "../browser/small-screen-checks.js";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

const LANGS: readonly CheckoutLang[] = ["sv", "en"];
const TAP = 44;

let mock: TestMock;
let browser: Browser;
// One touch screen and page per phone size, shared by the file's tests (each test goes to its own address).
const phones = new Map<string, { context: BrowserContext; page: Page }>();
beforeAll(async () => {
  mock = await startTestMock();
  browser = await launchChromium();
  for (const screen of PHONES) {
    const context = await touchContext(browser, screen);
    phones.set(screen.name, { context, page: await context.newPage() });
  }
});
afterAll(async () => {
  await browser?.close();
  await mock?.close();
});

/** An order as a shop sends it: a long shop name, a long article name and a price in the tens of thousands. */
async function createOrder(overrides: Record<string, unknown> = {}): Promise<{ n: string; link: string }> {
  const body = orderRequest({
    merchantName: "Kafé Björk & Söner Ekologiska Specialiteter AB",
    mobilePhoneNumber: "+46701234567",
    orderItems: [
      { articleNumber: "K-1", name: "Ekologiskt mellanrostat bryggkaffe 500 g", quantity: 250, unitPrice: 14950, vatPercent: 1200, unit: "st" },
      { articleNumber: "E-1", name: "Espressomaskin Rocket Appartamento", quantity: 100, unitPrice: 1849900, vatPercent: 2500, unit: "st" },
    ],
    ...overrides,
  });
  const res = await request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { n: String(body.merchantOrderNumber), link: res.body.instoreUiUri };
}

function onPhone<T>(screen: Screen, use: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const { context, page } = phones.get(screen.name)!;
  return use(page, context);
}

/** What every phone page must pass: its head, its text fitting the screen, and every control named. */
async function expectReadableOnPhone(page: Page, context: BrowserContext, screen: Screen, lang: string): Promise<void> {
  await expectPhoneReadyHead(page, lang);
  expect(await textThatDoesNotFit(page, screen.width)).toEqual([]);
  const unnamed = (await controlsOf(context, page)).filter((c) => !c.name);
  expect(unnamed).toEqual([]);
}

/** The other language's texts that must not show on a page in this one (the few both share are left out). */
function otherLanguageTexts(lang: CheckoutLang): string[] {
  const mine = new Set<string>(Object.values(CHECKOUT_MESSAGES[lang]));
  const other = CHECKOUT_MESSAGES[lang === "sv" ? "en" : "sv"];
  return Object.values(other).filter((text) => !mine.has(text) && text.length > 4);
}

async function expectOneLanguage(page: Page, lang: CheckoutLang): Promise<void> {
  // Text in another language is fine where it is marked (lang on its element); unmarked text must be the page's.
  const unmarked = (await page.evaluate(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.parentElement?.closest("[lang]")?.getAttribute("lang") === "${lang}") out.push(node.textContent ?? "");
    return out.join(" ");
  })()`)) as string;
  for (const text of otherLanguageTexts(lang)) expect(unmarked).not.toContain(text);
  expect(await page.textContent("header p")).toBe(CHECKOUT_MESSAGES[lang].mockNotice);
}

describe("the checkout page on a phone", { timeout: 60_000 }, () => {
  for (const screen of PHONES) {
    it(`${screen.name}: fits, in the page's language, every control named, pay and decline big enough to tap, in Swedish and English`, async () => {
      for (const lang of LANGS) {
        const { link } = await createOrder();
        await onPhone(screen, async (page, context) => {
          await page.goto(`${link}?lang=${lang}`);
          await expectReadableOnPhone(page, context, screen, lang);
          await expectOneLanguage(page, lang);
          // Stacked on a phone, the rows stay a table to a screen reader, each amount named by its column.
          const t = CHECKOUT_MESSAGES[lang];
          expect(await page.getByRole("cell", { name: `${t.quantity}: 2.5 st`, exact: true }).count()).toBe(1);
          expect(await page.getByRole("cell", { name: `${t.rowTotal}: 18499.00 SEK`, exact: true }).count()).toBe(1);
          for (const button of ["#pay", "#decline"]) {
            const box = await tapTargetOf(page, button);
            expect(box.width, `${button} width`).toBeGreaterThanOrEqual(TAP);
            expect(box.height, `${button} height`).toBeGreaterThanOrEqual(TAP);
          }
          // Each payment method is chosen by tapping its row: the label holds the radio.
          for (const method of ["invoice", "card", "partPayment"]) {
            const row = await tapTargetOf(page, `label:has(input[value="${method}"])`);
            expect(row.height, `${method} row height`).toBeGreaterThanOrEqual(TAP);
          }
        });
      }
    });

    it(`${screen.name}: paid with the keyboard alone: Tab to the methods, an arrow to card, Tab to pay, Enter; focus always shows`, async () => {
      const lang = screen.width === 375 ? "en" : "sv";
      const { n, link } = await createOrder();
      await onPhone(screen, async (page) => {
        await page.goto(`${link}?lang=${lang}`);
        await page.keyboard.press("Tab");
        const invoice = await focusRingOf(page);
        expect(invoice.value).toBe("invoice");
        expectVisibleFocus(invoice);
        await page.keyboard.press("ArrowDown");
        const card = await focusRingOf(page);
        expect(card.value).toBe("card");
        expectVisibleFocus(card);
        await page.keyboard.press("Tab");
        const pay = await focusRingOf(page);
        expect(pay.id).toBe("pay");
        expectVisibleFocus(pay);
        await page.keyboard.press("Tab");
        const decline = await focusRingOf(page);
        expect(decline.id).toBe("decline");
        expectVisibleFocus(decline);
        await page.keyboard.press("Shift+Tab");
        await Promise.all([page.waitForURL(`${link}?lang=${lang}`), page.keyboard.press("Enter")]);
        expect(await page.getAttribute("#outcome", "data-outcome")).toBe("paid");
        // The language the customer chose stays after paying.
        expect(await page.textContent("#outcome")).toBe(CHECKOUT_MESSAGES[lang].paid);
      });
      expect(mock.deps.repo.find(DEMO.id, n)).toMatchObject({ orderStatus: "Completed", paymentType: "Card" });
    });
  }
});

describe("a refused payment method on a phone", { timeout: 60_000 }, () => {
  for (const lang of LANGS) {
    it(`${lang}: the form comes back with the error in words, tied to the methods and announced; nothing is paid`, async () => {
      const screen = PHONES[0]!;
      const t = CHECKOUT_MESSAGES[lang];
      const finnish = { countryCode: "FI", currency: "EUR", orderItems: [{ articleNumber: "K-1", name: "Kahvi", quantity: 100, unitPrice: 350, vatPercent: 1350, unit: "pcs" }] };
      const { n, link } = await createOrder(lang === "sv" ? {} : finnish);
      await onPhone(screen, async (page, context) => {
        await page.goto(link);
        // A form a browser extension or an old tab changed: a method the checkout does not offer.
        await page.evaluate(`Object.assign(document.querySelector('input[value="card"]'), { value: "bitcoin", checked: true })`);
        const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/pay"), { timeout: 10_000 }), page.waitForURL(/\/pay$/, { timeout: 10_000 }), page.click("#pay")]);
        expect(answer.status()).toBe(400);
        expect(await page.locator("#method-error").count()).toBe(1);
        await expectReadableOnPhone(page, context, screen, lang);
        await expectOneLanguage(page, lang);
        expect(await page.textContent("#method-error")).toBe(t.methodRefused);
        // Announced where the focus lands as the page loads (the chosen method, described by the error), not as an alert.
        expect(await page.getAttribute("#method-error", "role")).toBeNull();
        expect(await page.evaluate(`[document.activeElement?.getAttribute("value"), document.activeElement?.getAttribute("aria-describedby")]`)).toEqual(["invoice", "method-error"]);
        const radios = (await controlsOf(context, page)).filter((c) => c.role === "radio");
        expect(radios.map((r) => r.name)).toEqual([t.invoice, t.card, t.partPayment]);
        for (const radio of radios) {
          expect(radio.invalid).toBe(true);
          expect(radio.description).toBe(t.methodRefused);
        }
        // The customer can still pay: the form is whole again, invoice chosen.
        expect(await page.isChecked('input[value="invoice"]')).toBe(true);
        await Promise.all([page.waitForURL(link), page.click("#pay")]);
        expect(await page.getAttribute("#outcome", "data-outcome")).toBe("paid");
      });
      expect(mock.deps.repo.find(DEMO.id, n)).toMatchObject({ orderStatus: "Completed", paymentType: "Invoice" });
    });
  }
});

describe("what the customer sees when the link can no longer be paid, on a phone", { timeout: 60_000 }, () => {
  it("paid, declined, expired, canceled and an unknown link: fit at every phone size, in Swedish and English", async () => {
    const paid = await createOrder({ confirmationUri: "https://shop.example/thanks" });
    await request(mock.url).post(`${new URL(paid.link).pathname}/pay`).type("form").send({ method: "card" }).expect(303);
    const declined = await createOrder();
    await request(mock.url).post(`${new URL(declined.link).pathname}/decline`).expect(303);
    const canceled = await createOrder();
    await request(mock.url).post(`/api/v1/orders/${canceled.n}/cancel`).set("Authorization", basic(DEMO)).expect(200);
    const expired = await createOrder({ minutesUntilLinkExpires: 1 });
    mock.clock.advance(60_000);
    const links = { paid: paid.link, declined: declined.link, canceled: canceled.link, expired: expired.link, notFound: `${mock.url}/checkout/no-such-token` };
    for (const screen of PHONES) {
      for (const lang of LANGS) {
        for (const [outcome, link] of Object.entries(links)) {
          await onPhone(screen, async (page, context) => {
            await page.goto(`${link}?lang=${lang}`);
            expect(await page.getAttribute("#outcome", "data-outcome")).toBe(outcome);
            expect(await page.textContent("#outcome")).toBe(CHECKOUT_MESSAGES[lang][outcome as keyof (typeof CHECKOUT_MESSAGES)["sv"]]);
            await expectReadableOnPhone(page, context, screen, lang);
            await expectOneLanguage(page, lang);
          });
        }
      }
    }
  });
});

describe("the mock's SMS inbox on a phone", { timeout: 60_000 }, () => {
  it("fits at every phone size with its links whole and named", async () => {
    await createOrder();
    await createOrder({ mobilePhoneNumber: "+46701234568", merchantOrderNumber: `LONG-ORDER-NUMBER-${process.pid}-01234`.slice(0, 32) });
    for (const screen of PHONES) {
      await onPhone(screen, async (page, context) => {
        await page.goto(`${mock.url}/__admin/inbox`);
        await expectReadableOnPhone(page, context, screen, "en");
        const links = await page.locator("#sms a").evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
        expect(links.length).toBeGreaterThanOrEqual(2);
        for (const [text, href] of links) expect(text).toBe(href);
      });
    }
  });
});
