// No secret (password, encoded credentials, Authorization header) appears in any error, message or log line.
import { inspect } from "node:util";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createRedactor, safeExcerpt } from "../../plugin/svea-client/redact-secrets.js";
import { createSveaInstoreClient, SveaInstoreError, type SveaClientLogger } from "../../plugin/svea-client/index.js";
import { clientFor, CREDENTIALS_B64, exampleOrder, MERCHANT_ID, PASSWORD, rejectionOf, SECRETS, serve } from "./support/client-test-setup.js";
import { closedPortUrl, sendJson, sendText, type RecordedRequest } from "./support/test-http-server.js";

/** Everything a server could echo back to trick the client into keeping a secret. */
const echo = (req: RecordedRequest) =>
  `Authorization: ${req.headers.authorization} password=${PASSWORD} raw ${PASSWORD} b64 ${CREDENTIALS_B64} {"authorization":"${req.headers.authorization}"}`;

function expectNoSecret(text: string | undefined, what: string) {
  for (const secret of SECRETS) expect(text ?? "", `${what} leaks ${secret === PASSWORD ? "the password" : "the credentials"}`).not.toContain(secret);
  expect((text ?? "").toLowerCase(), `${what} leaks a Basic credential`).not.toMatch(/basic [a-z0-9+/=]{8,}/);
}

function expectErrorClean(e: unknown) {
  expect(e).toBeInstanceOf(SveaInstoreError);
  const err = e as SveaInstoreError;
  for (const [what, text] of [
    ["message", err.message],
    ["stack", err.stack],
    ["JSON", JSON.stringify(err)],
    ["String", String(err)],
    ["inspect", inspect(err, { depth: 5 })],
    ["sv", err.userMessage("sv")],
    ["en", err.userMessage("en")],
    ["excerpt", err.excerpt],
  ] as const)
    expectNoSecret(text, `${err.name} ${what}`);
}

describe("no secret in any error", () => {
  const cases: [string, (req: RecordedRequest, res: import("node:http").ServerResponse) => void, string][] = [
    ["validation (400)", (req, res) => sendJson(res, 400, { title: echo(req), status: 400, detail: echo(req), errors: { [`${PASSWORD}`]: [echo(req)], name: [echo(req)] } }), "validation"],
    ["auth (401)", (req, res) => sendText(res, 401, echo(req)), "auth"],
    ["rate-limited (403)", (req, res) => sendText(res, 403, echo(req)), "rate-limited"],
    ["not-found (404)", (req, res) => sendText(res, 404, echo(req)), "not-found"],
    ["duplicate (409)", (req, res) => sendText(res, 409, echo(req)), "duplicate-order"],
    ["unavailable (500)", (req, res) => sendText(res, 500, echo(req)), "unavailable"],
    ["unavailable (503)", (req, res) => sendText(res, 503, echo(req)), "unavailable"],
    ["unexpected (200, not JSON)", (req, res) => sendText(res, 200, echo(req)), "unexpected-response"],
    ["unexpected (200, wrong shape)", (req, res) => sendJson(res, 200, { merchantOrderNumber: echo(req), paymentOrderId: echo(req) }), "unexpected-response"],
    ["unexpected (418)", (req, res) => sendText(res, 418, echo(req)), "unexpected-response"],
  ];

  it.each(cases)("%s", async (_label, answer, code) => {
    const server = await serve(answer);
    const e = await rejectionOf(clientFor(server.url, { retry: { maxAttempts: 1 } }).createOrder(exampleOrder()));
    expect(e.code).toBe(code);
    expectErrorClean(e);
  });

  it("a 400 that echoes the callbackUri it was sent keeps the link's token out of the error", async () => {
    const token = "Zq9cAllbackT0ken_secret";
    const order = { ...exampleOrder(), callbackUri: `https://shop.example/plugins/svea-instore/callback/A-1/${token}` };
    const server = await serve((req, res) => {
      const uri = String(JSON.parse(req.body).callbackUri);
      const tok = uri.split("/").at(-1)!;
      const twice = encodeURIComponent(encodeURIComponent(uri));
      sendJson(res, 400, {
        title: `bad ${uri}`,
        status: 400,
        detail: `token ${tok} rejected; ${uri.replaceAll("/", "&#x2F;")}; ${twice}`,
        errors: { [uri]: [`${uri} is not reachable`], [`callbackUri.${tok}`]: [tok], callbackUri: [JSON.stringify(uri), encodeURIComponent(uri), uri.replaceAll("/", "\\")] },
      });
    });
    const e = (await rejectionOf(clientFor(server.url, { retry: { maxAttempts: 1 } }).createOrder(order))) as SveaInstoreError;
    expect(e.code).toBe("validation");
    const texts = [e.message, e.excerpt, JSON.stringify(e), inspect(e, { depth: 5 }), e.userMessage("sv"), e.userMessage("en")];
    for (const text of texts) expect(text ?? "").not.toContain(token);
    expect(JSON.stringify(e)).toContain("callback/A-1/[redacted]");
  });

  it("a client-side validation error", async () => {
    const e = await rejectionOf(clientFor("http://127.0.0.1:9").createOrder({ ...exampleOrder(), countryCode: "se" }));
    expect(e.code).toBe("validation");
    expectErrorClean(e);
  });

  it("network failure, timeout and abort", async () => {
    const network = await rejectionOf(clientFor(await closedPortUrl(), { retry: { maxAttempts: 1 } }).getOrderStatus("A1"));
    const silent = await serve(() => undefined);
    const timeout = await rejectionOf(clientFor(silent.url, { timeouts: { status: 100 }, retry: { maxAttempts: 1 } }).getOrderStatus("A1"));
    const aborted = await rejectionOf(clientFor(silent.url).getOrderStatus("A1", { signal: AbortSignal.abort() }));
    expect([network.cause, timeout.cause, aborted.cause]).toEqual(["network", "timeout", "aborted"]);
    for (const e of [network, timeout, aborted]) expectErrorClean(e);
  });

  it("the options error for a bad option never repeats the password", () => {
    let caught: unknown;
    try {
      createSveaInstoreClient({ environment: "custom", baseUrl: "ftp://x", merchantId: MERCHANT_ID, password: PASSWORD });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Error);
    expectNoSecret(`${String(caught)} ${(caught as Error).stack} ${JSON.stringify(caught)}`, "options error");
  });

  it("the client object itself does not show its credentials", () => {
    const client = clientFor("http://127.0.0.1:9");
    expectNoSecret(`${JSON.stringify(client)} ${String(client)} ${inspect(client, { depth: 5, showHidden: false })}`, "client");
  });
});

describe("no secret in any log line", () => {
  it("logs method, path, status, latency and attempt, never headers, for successes and failures", async () => {
    const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
    const record = (level: string) => (obj: Record<string, unknown>, msg?: string) => lines.push({ level, obj, msg });
    const logger: SveaClientLogger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
    let calls = 0;
    const server = await serve((req, res) => (++calls === 1 ? sendText(res, 503, echo(req)) : sendJson(res, 200, { merchantOrderNumber: "A1", orderStatus: "Active", paymentOrderId: 1 })));
    await clientFor(server.url, { logger, pollGapMs: 0 }).getOrderStatus("A1");

    expect(lines.length).toBeGreaterThanOrEqual(3);
    const requestLines = lines.filter((l) => l.msg === "svea instore request");
    expect(requestLines.map((l) => [l.obj.status, l.obj.attempt])).toEqual([
      [503, 1],
      [200, 2],
    ]);
    for (const line of requestLines) {
      expect(line.obj).toMatchObject({ method: "GET", path: "/api/v1/orders/A1/status" });
      expect(typeof line.obj.latencyMs).toBe("number");
    }
    const all = JSON.stringify(lines);
    expectNoSecret(all, "log lines");
    expect(all.toLowerCase()).not.toContain("authorization");
  });

  it("works with a real pino logger, whose output holds no secret", async () => {
    const chunks: string[] = [];
    const logger = pino({ level: "debug" }, { write: (s: string) => void chunks.push(s) });
    const server = await serve((req, res) => sendText(res, 500, echo(req)));
    await rejectionOf(clientFor(server.url, { logger, retry: { maxAttempts: 2 }, pollGapMs: 0 }).getOrderStatus("A1"));
    const output = chunks.join("");
    expect(output).toContain('"path":"/api/v1/orders/A1/status"');
    expect(output).toContain('"status":500');
    expectNoSecret(output, "pino output");
  });
});

describe("redaction", () => {
  const redact = createRedactor(["hunter2", "aHVudGVyMg=="]);
  it.each([
    ["the password hunter2 here", "the password [redacted] here"],
    ["Authorization: Basic Zm9vOmJhcg==", "Authorization: Basic [redacted]"],
    ['{"password":"other-secret","x":1}', '{"password":[redacted],"x":1}'],
    ["token=abc123&y=2", "token=[redacted]&y=2"],
    ["Bearer eyJhbGciOi.abc", "Bearer [redacted]"],
    ['{"authorization":"Basic Zm9vOmJhcg=="}', '{"authorization":"Basic [redacted]"}'],
    ["nothing to hide", "nothing to hide"],
    ['{"callbackUri":"https://shop.example/plugins/svea-instore/callback/A-1/tOk3n_-x?y=1"}', '{"callbackUri":"https://shop.example/plugins/svea-instore/callback/A-1/[redacted]?y=1"}'],
    ["callbackUri must be https: http://x/callback/A-1/tOk3n.", "callbackUri must be https: http://x/callback/A-1/[redacted]"],
    ['"https:\\/\\/x\\/callback\\/A-1\\/tOk3n"', '"https:\\/\\/x\\/callback\\/A-1\\/[redacted]"'],
    ["uri=https%3A%2F%2Fx%2Fcallback%2FA-1%2FtOk3n&z=2", "uri=https%3A%2F%2Fx%2Fcallback%2FA-1%2F[redacted]&z=2"],
  ])("%j → %j", (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it("cuts excerpts to a short single line after redacting", () => {
    const excerpt = safeExcerpt(`line1\nline2\t${"z".repeat(500)} hunter2`, redact);
    expect(excerpt.startsWith("line1 line2 zzz")).toBe(true);
    expect(excerpt.length).toBe(201);
    expect(safeExcerpt(`${"z".repeat(195)}hunter2`, redact)).not.toContain("hunt");
  });
});
