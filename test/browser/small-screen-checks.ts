// What the phone and tablet page tests check on any page: the screens they run at, text that fits (no sideways
// scrolling, nothing cut off or drawn over other text), the viewport tag, named controls, tap targets and visible focus.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

export interface Screen {
  name: string;
  width: number;
  height: number;
  deviceScaleFactor: number;
}

/** Small, middling and large phones: iPhone SE (1st), iPhone 8, iPhone 11 Pro Max sizes. */
export const PHONES: readonly Screen[] = [
  { name: "320×568", width: 320, height: 568, deviceScaleFactor: 2 },
  { name: "375×667", width: 375, height: 667, deviceScaleFactor: 2 },
  { name: "414×896", width: 414, height: 896, deviceScaleFactor: 3 },
];

export const TABLET: Screen = { name: "768×1024", width: 768, height: 1024, deviceScaleFactor: 2 };

/** A touch screen of that size, as a phone's browser shows a page (isMobile honours the viewport tag). */
export function touchContext(browser: Browser, screen: Screen): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: screen.deviceScaleFactor, isMobile: true, hasTouch: true });
}

/**
 * Text that does not fit, in words: the page wider than the screen, a piece of text reaching past the screen's edges,
 * cut off by a box that hides what overflows, or drawn over another piece of text. Empty when all of it can be read.
 * Text only a screen reader gets (clipped to a pixel) and a skip link parked off screen are not shown, so not checked.
 */
export async function textThatDoesNotFit(page: Page, screenWidth: number): Promise<string[]> {
  // Runs in the page (this project's TypeScript has no DOM types, so it is handed over as source).
  return (await page.evaluate(`((width) => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > width) problems.push("the page is " + root.scrollWidth + " px wide on a " + width + " px screen");
    const pieces = [];
    // Text meant for screen readers only (clipped to a pixel) or parked off screen until focused (a skip link) is left out.
    const offScreen = (el) => {
      for (let box = el; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        const edge = box.getBoundingClientRect();
        if ((style.clip !== "auto" && style.position === "absolute") || style.clipPath !== "none") return true;
        if (style.overflowX !== "visible" && (edge.width <= 1 || edge.height <= 1)) return true;
        if ((style.position === "absolute" || style.position === "fixed") && (edge.right <= 0 || edge.bottom <= 0 || edge.left >= width)) return true;
      }
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? "").trim();
      if (!text || offScreen(node.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of Array.from(range.getClientRects())) {
        if (rect.width < 1 || rect.height < 1) continue;
        const at = { text: text.slice(0, 40), rect };
        pieces.push(at);
        if (rect.left < -0.5 || rect.right > width + 0.5) problems.push('"' + at.text + '" reaches ' + Math.round(rect.left) + "–" + Math.round(rect.right) + " px on a " + width + " px screen");
        for (let box = node.parentElement; box && box !== document.body; box = box.parentElement) {
          const style = getComputedStyle(box);
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const edge = box.getBoundingClientRect();
          if (rect.left < edge.left - 0.5 || rect.right > edge.right + 0.5 || rect.top < edge.top - 0.5 || rect.bottom > edge.bottom + 0.5)
            problems.push('"' + at.text + '" is cut off by its <' + box.tagName.toLowerCase() + ">");
        }
      }
    }
    // Two pieces of text overlap when their boxes share more than a pixel each way (line boxes may touch).
    for (let i = 0; i < pieces.length; i++) {
      for (let j = i + 1; j < pieces.length; j++) {
        const a = pieces[i].rect;
        const b = pieces[j].rect;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) problems.push('"' + pieces[i].text + '" overlaps "' + pieces[j].text + '"');
      }
    }
    return problems;
  })(${screenWidth})`)) as string[];
}

export interface AxNode {
  role?: { value: string };
  name?: { value: string };
  description?: { value: string };
  ignored?: boolean;
  properties?: { name: string; value: { value: unknown } }[];
}

export interface Control {
  role: string;
  name: string;
  description: string;
  invalid: boolean;
}

const CONTROL_ROLES = new Set(["button", "checkbox", "combobox", "link", "listbox", "radio", "searchbox", "spinbutton", "textbox", "switch"]);

/** The page as a screen reader meets it: Chromium's accessibility tree, the nodes it leaves out included (`ignored`). */
export async function axNodesOf(context: BrowserContext, page: Page): Promise<AxNode[]> {
  const cdp = await context.newCDPSession(page);
  try {
    return ((await cdp.send("Accessibility.getFullAXTree")) as { nodes: AxNode[] }).nodes;
  } finally {
    await cdp.detach();
  }
}

/** Every control on the page as a screen reader meets it (Chromium's accessibility tree): role, name, description. */
export async function controlsOf(context: BrowserContext, page: Page): Promise<Control[]> {
  return (await axNodesOf(context, page))
    .filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? ""))
    .map((n) => ({
      role: n.role!.value,
      name: (n.name?.value ?? "").trim(),
      description: (n.description?.value ?? "").trim(),
      invalid: n.properties?.some((p) => p.name === "invalid" && p.value.value !== "false") ?? false,
    }));
}

/** The viewport tag a phone needs to lay the page out at its own width, and the page's language. */
export async function expectPhoneReadyHead(page: Page, lang: string): Promise<void> {
  expect(await page.getAttribute('meta[name="viewport"]', "content")).toBe("width=device-width, initial-scale=1");
  expect(await page.getAttribute("html", "lang")).toBe(lang);
}

/** The box a finger must hit, in CSS px. */
export async function tapTargetOf(page: Page, selector: string): Promise<{ width: number; height: number }> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return { width: Math.round(box.width), height: Math.round(box.height) };
}

export interface FocusRing {
  tag: string;
  id: string;
  value: string;
  outline: string;
  width: number;
  shadow: string;
}

/**
 * How the focused element (its tag, id and value) shows its focus: its outline (style and width in px), or its box shadow. A ring at least
 * 2 px wide, in a style that draws, counts as visible.
 */
export async function focusRingOf(page: Page): Promise<FocusRing> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body", id: "", value: "", outline: "none", width: 0, shadow: "none" };
    const style = getComputedStyle(el);
    return { tag: el.tagName.toLowerCase(), id: el.id, value: el.value ?? "", outline: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow };
  })()`)) as FocusRing;
}

export function expectVisibleFocus(ring: FocusRing): void {
  const outlined = ring.outline !== "none" && ring.width >= 2;
  const shadowed = ring.shadow !== "none";
  expect(outlined || shadowed, `focus ring ${JSON.stringify(ring)}`).toBe(true);
}

/** WCAG 2.5.5 (target size, enhanced): what a finger or pointer aims at is at least 44 × 44 CSS px. */
export const TARGET_MIN = 44;

/**
 * The targets on the page smaller than `min` CSS px either way, in words ("a#lang-sv 71×22"): every shown link, button,
 * field and select. Left out, as WCAG 2.5.5 leaves them: a link inside a sentence (its block has text outside it), and
 * a control with a label of at least that size that works it (an equivalent target: a box's label ticks it). Text
 * only a screen reader gets and a skip link parked off screen are not shown, so not measured.
 */
export async function smallTargetsOf(page: Page, min = TARGET_MIN): Promise<string[]> {
  return (await page.evaluate(`((min) => {
    const small = [];
    const big = (rect) => rect.width >= min - 0.01 && rect.height >= min - 0.01;
    const size = (rect) => Math.round(rect.width) + "×" + Math.round(rect.height);
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.getAttribute("type") ? "[type=" + el.getAttribute("type") + "]" : "") +
      (el.id ? "" : ' "' + (el.textContent ?? "").trim().slice(0, 30) + '"');
    const hidden = (el) => {
      for (let box = el; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.display === "none" || style.visibility === "hidden") return true;
        if (style.position === "absolute" && (style.clip !== "auto" || box.getBoundingClientRect().right <= 0)) return true;
      }
      return el.getClientRects().length === 0;
    };
    const blockOf = (el) => {
      let box = el.parentElement;
      while (box && getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
      return box;
    };
    // A link in running text: its block holds words outside any control (a notice's sentence, "(Fält: Mobilnummer)").
    const inSentence = (el) => {
      if (el.tagName !== "A") return false;
      const block = blockOf(el);
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest("a, button, label, select, textarea")) continue;
        if (/[\\p{L}\\p{N}]/u.test(node.textContent ?? "")) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
      if (hidden(el) || inSentence(el)) continue;
      const rect = el.getBoundingClientRect();
      if (big(rect)) continue;
      if (Array.from(el.labels ?? []).some((label) => big(label.getBoundingClientRect()))) continue;
      small.push(name(el) + " " + size(rect));
    }
    return small;
  })(${min})`)) as string[];
}

/** The tables whose box (`.table-scroll`, see host/ui/scroll-box.tsx) scrolls sideways: "history 834 px in 686". */
export async function tablesThatScroll(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll(".table-scroll")]
    .filter((box) => box.scrollWidth > box.clientWidth)
    .map((box) => (box.querySelector("table")?.id ?? "?") + " " + box.scrollWidth + " px in " + box.clientWidth)`)) as string[];
}
