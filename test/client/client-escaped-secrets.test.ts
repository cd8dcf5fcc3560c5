// A server that echoes a secret inside JSON writes it escaped: `\u00E4` for "ä" (.NET's default encoder, Svea's
// platform, escapes every non-ASCII character and `+ & < > ' "`), `\"` for a quote. The escaped text must be cut out of
// errors as the plain secret is.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createRedactor } from "../../plugin/svea-client/redact-secrets.js";
import { clientFor, PASSWORD, rejectionOf, serve, exampleOrder } from "./support/client-test-setup.js";
import { sendText } from "./support/test-http-server.js";

/** Every non-ASCII character and the HTML-sensitive ones as \uXXXX, the way System.Text.Json writes them by default. */
const dotNetEscaped = (text: string) =>
  [...text].map((ch) => (/^[A-Za-z0-9 !#$%()*,\-./:;=?@[\]^_{|}~]$/.test(ch) ? ch : Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")}`).join(""))).join("");

/** The password's plain ASCII tail: seen anywhere, part of the password leaked. */
const TAIL = PASSWORD.slice(2);

describe("a secret echoed JSON-escaped", () => {
  it("is cut out of the error the client throws (message, excerpt, JSON, inspect)", async () => {
    const escaped = dotNetEscaped(PASSWORD);
    expect(escaped).not.toContain(PASSWORD);
    const server = await serve((_req, res) => sendText(res, 500, `{"title":"Internal error","detail":"login as merchant with ${escaped} failed"}`));
    const e = await rejectionOf(clientFor(server.url, { retry: { maxAttempts: 1 } }).createOrder(exampleOrder()));
    expect(e.code).toBe("unavailable");
    for (const text of [e.message, e.stack, e.excerpt, JSON.stringify(e), inspect(e, { depth: 5 })]) expect(String(text)).not.toContain(TAIL);
    expect(e.excerpt).toContain("[redacted]");
  });

  it("is cut out whatever its characters' escapes: \\uXXXX in either case, \\\" and \\\\, mixed with plain ones", () => {
    const secret = 'ab"c\\dé+€😀-xyz';
    const redact = createRedactor([secret]);
    const forms = [JSON.stringify(secret).slice(1, -1), dotNetEscaped(secret), dotNetEscaped(secret).toLowerCase().replace(/xyz$/, "xyz"), 'ab\\u0022c\\\\d\\u00e9+€😀-xyz'];
    for (const form of forms) expect(redact(`before ${form} after`), form).toBe("before [redacted] after");
    // Text that only looks like part of it stays.
    expect(redact("abc xyz")).toBe("abc xyz");
  });
});
