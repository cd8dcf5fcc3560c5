// What the clerk's pages say when the host's order file cannot be written (a full disk), in a real Chromium against
// the reference host, the compiled plugin on the host's lent storage and the mock Svea: each answer reads as what
// happened (saved or not, a link sent or not), in Swedish and English, in the panel that gets the focus. As root the
// folder is a small tmpfs filled for real (ENOSPC); otherwise writes are made to fail.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hostMessage } from "../../host/host-messages.js";
import { hostNotice } from "../../host/host-notices.js";
import type { Locale } from "../../plugin/host-contract/host-contract-types.js";
import { fullDisk, type FullDisk } from "../support/full-disk.js";
import { orderFor, startStory, type Story } from "../e2e/story-harness.js";
import { launchChromium } from "./launch-chromium.js";

let browser: Browser;
let page: Page;
let story: Story;
let disk: FullDisk;
let file: string;

beforeAll(async () => {
  browser = await launchChromium();
  disk = await fullDisk("svea-clerk-full-");
  file = join(disk.dir, "host-orders.json");
  story = await startStory({ dataFile: file, enforcePollInterval: false });
  page = await (await browser.newContext()).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await story?.close();
  await disk?.close();
});

// Each test fills the disk when it needs to; the next starts with space.
afterEach(() => disk.free());

/** What the focused panel says: its heading, its intro (null without one), and each line with its code. */
async function focusedPanel(): Promise<{ focused: string | null; heading: string | null; intro: string | null; lines: { code: string | null; text: string }[] }> {
  const focused = await page.evaluate("document.activeElement?.id ?? null");
  const panel = page.locator(`#${String(focused)}`);
  const items = panel.locator("li");
  const lines = [];
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    lines.push({ code: (await item.getAttribute("data-refusal")) ?? (await item.getAttribute("data-notice")), text: (await item.innerText()).trim() });
  }
  const intro = panel.locator("#refusals-intro");
  return { focused: focused as string | null, heading: await panel.locator("h2").innerText(), intro: (await intro.count()) > 0 ? await intro.innerText() : null, lines };
}

/** Opens an order's page, changes a row's quantity (so the save makes a new link), and presses Save. */
async function saveChanged(orderId: string, locale: Locale, quantity: string): Promise<void> {
  await page.goto(`${story.host.url}/orders/${orderId}?locale=${locale}`);
  await page.fill("#row-0-quantity", quantity);
  await page.click("#save");
  await page.waitForLoadState();
}

describe("the clerk's pages on a full disk", { timeout: 60_000 }, () => {
  it("a save the file refuses before anything happened says the order was not saved and nothing was sent", async () => {
    for (const [locale, id] of [["sv", "fd-1"], ["en", "fd-2"]] as const) {
      expect((await story.save(orderFor(id))).status).toBe(201);
      await disk.fill(file);
      await saveChanged(id, locale, "5");
      expect(await focusedPanel()).toEqual({
        focused: "refusals",
        heading: locale === "sv" ? "Ordern sparades inte" : "The order was not saved",
        intro: locale === "sv" ? "Inget skickades till Svea. Rätta och spara igen:" : "Nothing was sent to Svea. Correct and save again:",
        lines: [{ code: "order-file-unwritable", text: hostMessage(locale, "order-file-unwritable") }],
      });
      await disk.free();
    }
  });

  it("a save whose plugin's write is refused after the link was sent says the order is saved and the link may be sent, not that nothing was", async () => {
    const storage = story.host.store.pluginStorage;
    const update = storage.update.bind(storage);
    try {
      for (const [locale, id] of [["sv", "fd-3"], ["en", "fd-4"]] as const) {
        expect((await story.save(orderFor(id))).status).toBe(201);
        const sent = (await story.sms()).length;
        let filled = false;
        // The disk fills once Svea has texted the customer the new link: the plugin's record of it is refused.
        storage.update = async (key, fn) => {
          if (!filled && (await story.sms()).length > sent) {
            filled = true;
            await disk.fill(file);
          }
          return update(key, fn);
        };
        await saveChanged(id, locale, "3");
        expect(filled).toBe(true);
        expect(await focusedPanel()).toEqual({
          focused: "refusals",
          heading: locale === "sv" ? "Ordern är sparad, men betalningens läge kunde inte sparas" : "The order is saved, but the payment's state could not be kept",
          intro: null,
          lines: [{ code: "order-saved-link-may-be-sent", text: hostMessage(locale, "order-saved-link-may-be-sent") }],
        });
        storage.update = update;
        await disk.free();
      }
    } finally {
      storage.update = update;
    }
  });

  it("a save whose notices the file refuses shows the plugin's notices with the warning that they are shown only now", async () => {
    const store = story.host.store;
    const save = store.save.bind(store);
    try {
      for (const [locale, id] of [["sv", "fd-5"], ["en", "fd-6"]] as const) {
        expect((await story.save(orderFor(id))).status).toBe(201);
        let saves = 0;
        store.save = async (order, notices) => {
          if (++saves === 2) await disk.fill(file);
          return save(order, notices);
        };
        await saveChanged(id, locale, "4");
        const shown = await focusedPanel();
        expect([shown.focused, shown.heading]).toEqual(["notices", locale === "sv" ? "Meddelanden" : "Notices"]);
        expect(shown.lines.map((l) => l.code)).toEqual(["link-reissued", expect.any(String), "notices-not-kept"]);
        expect(shown.lines.at(-1)?.code).toBe("notices-not-kept");
        expect(shown.lines.at(-1)?.text).toContain(hostNotice(locale, "notices-not-kept").message);
        store.save = save;
        await disk.free();
      }
    } finally {
      store.save = save;
    }
  });

  it("a refused save whose putting back the file refuses shows the refusal and the warning that the file holds the refused version", async () => {
    const store = story.host.store;
    const restore = store.restore.bind(store);
    try {
      for (const [locale, id] of [["sv", "fd-9"], ["en", "fd-10"]] as const) {
        expect((await story.save(orderFor(id))).status).toBe(201);
        store.restore = async (written, previous) => {
          await disk.fill(file);
          return restore(written, previous);
        };
        await page.goto(`${story.host.url}/orders/${id}?locale=${locale}`);
        await page.fill("#customer-mobilePhone", "12345");
        await page.click("#save");
        await page.waitForLoadState();
        const refused = await focusedPanel();
        expect([refused.focused, refused.heading]).toEqual(["refusals", locale === "sv" ? "Ordern sparades inte" : "The order was not saved"]);
        expect(refused.lines.map((l) => l.code)).toEqual(["mobile-invalid"]);
        const warning = page.locator('#notices [data-notice="order-not-restored"]');
        expect(await warning.count()).toBe(1);
        expect(await warning.innerText()).toContain(hostNotice(locale, "order-not-restored").message);
        // Shown again in the other language (the page's language link), the warning stays, as it was given.
        await page.click(locale === "sv" ? "#lang-en" : "#lang-sv");
        await page.waitForLoadState();
        expect(await page.locator('#notices [data-notice="order-not-restored"]').count()).toBe(1);
        expect(await page.locator('#notices [data-notice="order-not-restored"]').innerText()).toContain(hostNotice(locale, "order-not-restored").message);
        store.restore = restore;
        await disk.free();
      }
    } finally {
      store.restore = restore;
    }
  });

  it("a delete whose marking the file refuses says the order is not deleted and the link may be cancelled", async () => {
    const store = story.host.store;
    const markDeleted = store.markDeleted.bind(store);
    try {
      for (const [locale, id] of [["sv", "fd-7"], ["en", "fd-8"]] as const) {
        expect((await story.save(orderFor(id))).status).toBe(201);
        store.markDeleted = async (orderId, notices) => {
          await disk.fill(file);
          return markDeleted(orderId, notices);
        };
        await page.goto(`${story.host.url}/orders/${id}?locale=${locale}`);
        const confirm = page.locator("#delete-confirm");
        if ((await confirm.count()) > 0) await confirm.check();
        await page.click("#delete");
        await page.waitForLoadState();
        expect(await focusedPanel()).toEqual({
          focused: "refusals",
          heading: locale === "sv" ? "Åtgärden genomfördes inte" : "The action was not carried out",
          intro: null,
          lines: [{ code: "order-not-deleted-link-may-be-cancelled", text: hostMessage(locale, "order-not-deleted-link-may-be-cancelled") }],
        });
        store.markDeleted = markDeleted;
        await disk.free();
      }
    } finally {
      store.markDeleted = markDeleted;
    }
  });
});
