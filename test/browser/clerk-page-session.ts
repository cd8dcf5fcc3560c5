// `npm start` as a user runs it, and one Chromium page on its clerk UI (en-GB, 1280 × 800, clipboard allowed): what the
// page-story tests drive.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { startNpmStart, type NpmStart } from "../support/npm-start-process.js";
import { launchChromium } from "./launch-chromium.js";
import { TABLET, touchContext } from "./small-screen-checks.js";

export interface ClerkPageSession {
  world: NpmStart;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export async function openClerkPageSession(): Promise<ClerkPageSession> {
  const browser = await launchChromium();
  const world = await startNpmStart();
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: world.host });
  return { world, browser, context, page: await context.newPage() };
}

/** Closes the browser and stops `npm start`, which must exit 0 (a clean SIGTERM). */
export async function closeClerkPageSession(session: Partial<ClerkPageSession>): Promise<void> {
  await session.browser?.close();
  if (session.world) expect(await session.world.stop()).toBe(0);
}

/** The test file's one session: opened before its tests run, closed after them. Read its fields inside a test. */
export function clerkPageSessionForFile(): ClerkPageSession {
  const session = {} as ClerkPageSession;
  beforeAll(async () => {
    Object.assign(session, await openClerkPageSession());
  }, 60_000);
  afterAll(() => closeClerkPageSession(session));
  return session;
}

/** A second page on the file's session, on a shop's tablet (768 × 1024, touch): opened before the tests, closed after. */
export function tabletPageForFile(session: ClerkPageSession): { context: BrowserContext; page: Page } {
  const tablet = {} as { context: BrowserContext; page: Page };
  beforeAll(async () => {
    tablet.context = await touchContext(session.browser, TABLET);
    tablet.page = await tablet.context.newPage();
  }, 60_000);
  afterAll(() => tablet.context?.close());
  return tablet;
}
