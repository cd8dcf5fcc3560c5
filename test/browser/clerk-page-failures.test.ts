// What a clerk sees in a real Chromium when the plugin fails or the mock Svea does not answer: the page's message gets
// the focus, and what it is described by says what happened and whether anything changed, in the clerk's language.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OffsetClock } from "../../common/offset-clock.js";
import { hostMessage } from "../../host/host-messages.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { uiMessage } from "../../host/ui/ui-messages.js";
import { freePort } from "../support/free-port.js";
import { capturingLogger, fakePayOrder, fakePayPluginDir, putJson } from "../host/host-test-helpers.js";
import { accessibleOf } from "./clerk-page-helpers.js";
import { launchChromium } from "./launch-chromium.js";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let host: ReferenceHost | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext();
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** The host with the fake-pay plugin; `settings.fault` makes it fail (see the fixture). */
async function start(settings: Record<string, unknown>, port?: number): Promise<ReferenceHost> {
  host = await startReferenceHost({
    pluginDir: fakePayPluginDir,
    settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => Object.assign(settings, { apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl }),
    dataFile: null,
    clock: new OffsetClock(),
    logger: capturingLogger().logger,
    schedules: "manual",
    ...(port ? { sandbox: { mockAdminUrl: `http://127.0.0.1:${port}/__admin` } } : {}),
  });
  return host;
}

const focused = async () => {
  const id = (await page.evaluate("document.activeElement?.id ?? null")) as string | null;
  return { id, ...(id ? await accessibleOf(context, page, `#${id}`) : {}) };
};

describe("the clerk's pages when something fails", { timeout: 60_000 }, () => {
  it("the picking list with the plugin failing: the failure's words and that nothing changed, focused, in Swedish", async () => {
    const settings: Record<string, unknown> = { fault: "throw" };
    const h = await start(settings);
    await page.goto(`${h.url}/picking?locale=sv`);
    expect(await focused()).toMatchObject({
      id: "page-error",
      name: uiMessage("sv", "notices-errors"),
      description: `${hostMessage("sv", "plugin-failed")} ${uiMessage("sv", "failure-nothing-changed")}`,
    });
  });

  it("a save the plugin fails in: the order's page says it is saved and the plugin did not finish, focused, in English", async () => {
    const settings: Record<string, unknown> = {};
    const h = await start(settings);
    expect((await putJson(`${h.url}/api/orders/o1`, fakePayOrder("o1"))).status).toBe(201);
    await page.goto(`${h.url}/orders/o1?locale=en`);
    await page.fill("#row-0-quantity", "4");
    settings.fault = "contract";
    await page.click("#save");
    await page.waitForLoadState();
    expect(await focused()).toMatchObject({
      id: "refusals",
      name: uiMessage("en", "refused-saved-plugin-failed"),
      description: `${uiMessage("en", "refused-saved-plugin-failed-intro")} ${hostMessage("en", "plugin-contract-violation")}`,
    });
    expect(await page.inputValue("#row-0-quantity")).toBe("4");
    expect(await page.innerText("#payment-state")).toBe(uiMessage("en", "payment-unknown"));
  });

  it("the sandbox clock with the mock Svea not answering: the notice says the host's clock did not move, focused", async () => {
    // A port nothing listens on: the mock Svea's admin API that does not answer.
    const h = await start({}, await freePort());
    await page.goto(`${h.url}/?locale=en`);
    expect(await page.innerText("#sandbox-now")).toContain(uiMessage("en", "sandbox-mock-silent"));
    await page.fill("#sandbox-hours", "3");
    await page.click("#sandbox-advance");
    await page.waitForLoadState();
    const { id, description } = await focused();
    expect(id).toBe("notice-errors");
    expect(description).toContain(uiMessage("en", "sandbox-failed", { reason: "POST /clock/advance: fetch failed" }));
  });
});
