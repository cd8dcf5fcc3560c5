// Debian's Chromium for the page tests, launched the one way that works here; a machine without it fails the suite with a plain message.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** playwright-core never downloads a browser: without /usr/bin/chromium this throws, and the suite fails saying so. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing: ${CHROMIUM_PATH} does not exist. The browser tests need it; install it with "apt-get install chromium" (.ci/run does).`);
  }
  // playwright-core gives every launch a fresh temporary profile.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
