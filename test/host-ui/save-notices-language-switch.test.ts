// After a save the order's page shows the plugin's notices (e.g. that an SMS with the payment link goes to the
// customer) under the flash key in the address, which the page's language links keep. The key was once used up by the
// first view, so switching language dropped the notices altogether (the order page shows no last-save notices
// otherwise), while a refused save's page switched the same way kept its refusals. Each view now hands its language
// links a fresh key for the same notices (a reload of the address still does not repeat them), and the switched page
// shows them as given, marked as in the language they were given in.
import { describe, expect, it } from "vitest";
import { postForm } from "../host/host-test-helpers.js";
import { newOrderForm, useHostOnOrderBook } from "./host-on-order-book.js";

const start = useHostOnOrderBook();

describe("a saved order's notices and the language links", () => {
  it("still shows the save's notices on the page the language link leads to, and on the way back", async () => {
    const host = await start({}, "memory");
    const saved = await postForm(`${host.url}/orders?locale=sv`, newOrderForm({ "rows.0.quantity": "2" }));
    expect(saved.status).toBe(303);
    const page = await (await fetch(`${host.url}${saved.headers.get("location")!}`, { headers: { cookie: "clerk-locale=sv" } })).text();
    expect(page).toContain('data-notice="link-sent"');
    const linkTo = (html: string, lang: "sv" | "en") => new RegExp(`<a href="([^"]+)"[^>]*id="lang-${lang}"`).exec(html)![1]!.replaceAll("&amp;", "&");
    const english = linkTo(page, "en");
    expect(english).toContain("locale=en");
    const switched = await (await fetch(`${host.url}${english}`)).text();
    expect(switched).toContain('data-notice="link-sent"');
    // Given in Swedish, and said so to a screen reader on the English page.
    const notice = switched.slice(switched.indexOf('data-notice="link-sent"'), switched.indexOf("</li>", switched.indexOf('data-notice="link-sent"')));
    expect(notice).toContain('<span lang="sv">');
    const back = await (await fetch(`${host.url}${linkTo(switched, "sv")}`)).text();
    expect(back).toContain('data-notice="link-sent"');
    expect(back).not.toContain('<span lang="sv">');
    // The address seen once shows them no more (a reload), nor does a language link followed twice.
    expect(await (await fetch(`${host.url}${saved.headers.get("location")!}`)).text()).not.toContain('data-notice="link-sent"');
    expect(await (await fetch(`${host.url}${english}`)).text()).not.toContain('data-notice="link-sent"');
  });
});
