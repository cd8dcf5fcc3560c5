// What the journals hide: credentials, callback tokens by name or by shape; what they keep: ordinary paths and values.
import { describe, expect, it } from "vitest";
import { redactBody, redactHeaders, redactUrl, redactUrlsInText } from "../../mock-svea/redact.js";

describe("redactUrl", () => {
  it("hides secret query parameters and token-looking values", () => {
    expect(redactUrl("https://erp.example/cb?token=abc&order=17")).toBe("https://erp.example/cb?token=[redacted]&order=17");
    expect(redactUrl("/__admin/orders?pw=hunter2&limit=5&api_key=k&clientSecret=s&monkey=banana")).toBe(
      "/__admin/orders?pw=[redacted]&limit=5&api_key=[redacted]&clientSecret=[redacted]&monkey=banana",
    );
    expect(redactUrl("/x?authorization=a&mypassword=b&pw[]=c&pw;=d&pw%00=e&merchantId=m1")).not.toMatch(/=[abcde](&|$)/);
    expect(redactUrl("/x?merchantId=m1&status=Active")).toBe("/x?merchantId=m1&status=Active");
    expect(redactUrl("/api/password/hunter2/next")).toBe("/api/password/[redacted]/next");
    expect(redactUrl("https://erp.example/cb?HMAC=x&Sig=y")).toBe("https://erp.example/cb?HMAC=[redacted]&Sig=[redacted]");
    expect(redactUrl("https://erp.example/cb?x=9f86d081884c7d659a2feaa0c55ad015")).toBe("https://erp.example/cb?x=[redacted]");
  });

  it("hides path segments after a secret name, long hex runs and random base64url", () => {
    expect(redactUrl("https://erp.example/svea/token/short1/done")).toBe("https://erp.example/svea/token/[redacted]/done");
    expect(redactUrl("https://erp.example/cb/9f86d081884c7d65")).toBe("https://erp.example/cb/[redacted]");
    expect(redactUrl("/checkout/q8-DkX_yQ7xld5zfZmW64y5rMl137ZLUsxdU0JPWydo/pay")).toBe("/checkout/[redacted]/pay");
    expect(redactUrl("https://user:pw@erp.example/cb")).not.toContain("pw");
  });

  it("hides a token longer than any order number even when it holds no digit", () => {
    expect(redactUrl("https://erp.example/p/callback/1001/Kq_vRtXbWmZpLsYdNfHgJc-ExUaQoPiTyReWnMkBvCz")).toBe("https://erp.example/p/callback/1001/[redacted]");
    expect(redactBody({ note: "Kq_vRtXbWmZpLsYdNfHgJc-ExUaQoPiTyReWnMkBvCz" })).toEqual({ note: "[redacted]" });
    // At most 32 characters (Svea's order number limit), or one case only: a name, not a token.
    expect(redactUrl("/api/v1/orders/KaffeOchMuggBestalldAvAnnaIGavle/status?x=1")).toBe("/api/v1/orders/KaffeOchMuggBestalldAvAnnaIGavle/status?x=1");
    expect(redactUrl("https://erp.example/hooks/svea-instore-payment-callback-handler?x=1")).toBe("https://erp.example/hooks/svea-instore-payment-callback-handler?x=1");
  });

  it("never throws on an escape that does not decode: keeps it as sent, and still hides what follows a secret name", () => {
    expect(redactUrl("/api/password/hunter%ZZ2/next?a=%ZZ&b=%C3%A5")).toBe("/api/password/[redacted]/next?a=%ZZ&b=%C3%A5");
    expect(redactUrl("https://erp.example/cb/%E0%A4%A/x?token=%ZZ")).toBe("https://erp.example/cb/%E0%A4%A/x?token=[redacted]");
  });

  it("keeps ordinary paths and order numbers readable", () => {
    expect(redactUrl("/api/v1/orders/web-2026-01-01-000000123/status")).toBe("/api/v1/orders/web-2026-01-01-000000123/status");
    expect(redactUrl("https://erp.example/svea/callback?store=7")).toBe("https://erp.example/svea/callback?store=7");
  });
});

describe("redactUrlsInText", () => {
  const url = "https://erp:p%40ss-word-1@erp.example/svea/callback/17/q8-DkX_yQ7xld5zfZmW64y5rMl137ZLUsxdU0JPWydo?sig=abcdef";

  it("redacts the URLs quoted in a message and keeps the rest of it", () => {
    expect(redactUrlsInText(`Request cannot be constructed from a URL that includes credentials: ${url}`, url)).toBe(
      "Request cannot be constructed from a URL that includes credentials: https://[redacted]@erp.example/svea/callback/17/[redacted]?sig=[redacted]",
    );
    expect(redactUrlsInText("fetch failed", url)).toBe("fetch failed");
  });

  it("hides the URL's secrets however the message wrote them: decoded, cut short, or not as a URL at all", () => {
    const text = redactUrlsInText("bad host in <erp:p@ss-word-1@erp.example> token q8-DkX_yQ7xld5zfZmW64y5rMl137ZLUsxdU0JPWydo, sig abcdef", url);
    expect(text).not.toMatch(/ss-word-1|q8-DkX|abcdef/);
    expect(text).toContain("bad host in");
  });
});

describe("redactHeaders and redactBody", () => {
  it("hides Authorization and cookies whatever their case", () => {
    expect(redactHeaders([["Authorization", "Basic ZGVtbzpwdw=="], ["content-type", "application/json"], ["Cookie", "a=b"]])).toEqual({
      authorization: "[redacted]",
      "content-type": "application/json",
      cookie: "[redacted]",
    });
  });

  it("shows a note in place of what lies deeper than 64 levels, instead of overflowing the stack", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    let shown = redactBody({ deep }) as Record<string, unknown>;
    let levels = 1;
    for (let v: unknown = shown.deep; Array.isArray(v); v = v[0]) levels++;
    expect(levels).toBe(64);
    shown = shown.deep as Record<string, unknown>;
    let bottom: unknown = shown;
    while (Array.isArray(bottom)) bottom = bottom[0];
    expect(bottom).toBe("[nested deeper than 64 levels: not shown]");
  });

  it("redacts URL fields and secret-named fields in a body, recursively", () => {
    const body = { callbackUri: "https://erp.example/cb?sig=abc", termsUri: "https://shop.example/terms", nested: [{ password: "x", name: "Kaffe" }] };
    expect(redactBody(body)).toEqual({ callbackUri: "https://erp.example/cb?sig=[redacted]", termsUri: "https://shop.example/terms", nested: [{ password: "[redacted]", name: "Kaffe" }] });
  });
});
