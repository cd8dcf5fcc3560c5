// Every clerk page under each failure a shop can meet: the order book failing, the plugin throwing, answering outside the
// contract or stopped until a restart. The clerk gets a page in their language that says what happened and whether
// anything changed, with the focus on the message, and the failure is logged once (not by the API and the page both).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { OffsetClock } from "../../common/offset-clock.js";
import { hostMessage, type HostMessageKey } from "../../host/host-messages.js";
import type { HostOrderStore } from "../../host/host-order-store.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { uiMessage } from "../../host/ui/ui-messages.js";
import type { Locale } from "../../plugin/host-contract/host-contract-types.js";
import { capturingLogger, fakePayOrder, fakePayPluginDir, postForm, putJson } from "../host/host-test-helpers.js";

type Fault = "throw" | "contract" | "stopped" | "view";

interface Running {
  host: ReferenceHost;
  /** The fixture plugin's fault from now on (its settings object is the test's). */
  fault(fault: Fault | undefined): void;
  /** Log lines at warn or above since the last call. */
  newFailureLines(): Record<string, unknown>[];
}

let running: ReferenceHost | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(): Promise<Running> {
  const settings: Record<string, unknown> = { apiKey: "secret-api-key-123" };
  const logs = capturingLogger();
  const host = await startReferenceHost({
    pluginDir: fakePayPluginDir,
    settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => Object.assign(settings, { publicBaseUrl: pluginBaseUrl }),
    dataFile: null,
    clock: new ManualClock(),
    logger: logs.logger,
    schedules: "manual",
  });
  running = host;
  expect((await putJson(`${host.url}/api/orders/o1`, fakePayOrder("o1"))).status).toBe(201);
  let seen = logs.lines().length;
  return {
    host,
    fault: (fault) => {
      if (fault) settings.fault = fault;
      else delete settings.fault;
    },
    newFailureLines: () => {
      const lines = logs.lines();
      const fresh = lines.slice(seen).filter((l) => (l.level as number) >= 40);
      seen = lines.length;
      return fresh;
    },
  };
}

const post = postForm;

const orderFields = (overrides: Record<string, string> = {}) => ({
  number: "101",
  currency: "SEK",
  paymentMethod: "fake-pay",
  "customer.name": "Anna",
  "customer.mobilePhone": "0701234567",
  "customer.countryCode": "SE",
  "rows.0.name": "Kaffe",
  "rows.0.quantity": "3",
  "rows.0.unitPrice": "50.00",
  "rows.0.vatPercent": "25",
  formToken: `t-${Math.random()}`,
  ...overrides,
});

/** What a clerk page says: the failure page's message, or the refusal panel's heading and first refusal. */
interface PageSays {
  status: number;
  contentType: string | null;
  lang: string | undefined;
  /** The element the page script focuses: page-error, refusals, notice-errors. */
  focused: string | undefined;
  code: string | undefined;
  message: string | undefined;
  heading: string | undefined;
  changed: string | undefined;
  html: string;
}

async function read(response: Response): Promise<PageSays> {
  const html = await response.text();
  const focusable = /<section [^>]*id="(page-error|refusals|notice-errors)"[^>]*tabindex="-1"/.exec(html);
  const failure = /<p id="(?:host|plugin)-error" data-code="([^"]+)">([^<]*)<\/p>/.exec(html);
  const refusal = /<li class="notice-error" [^>]*data-refusal="([^"]+)"[^>]*>([^<]*)</.exec(html);
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    lang: /<html lang="([^"]+)"/.exec(html)?.[1],
    focused: focusable?.[1],
    code: failure?.[1] ?? refusal?.[1],
    message: unescape(failure?.[2] ?? refusal?.[2]),
    heading: unescape(/<h2 id="(?:page-error|refusals)-heading">([^<]*)</.exec(html)?.[1]),
    changed: unescape(/<p id="page-error-change"[^>]*>([^<]*)</.exec(html)?.[1]),
    html,
  };
}

const unescape = (text: string | undefined) => text?.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

/** Nothing a clerk should not see: the internals in the failures' messages, a stack, JSON. */
function expectNoInternals(page: PageSays): void {
  expect(page.contentType).toBe("text/html; charset=UTF-8");
  expect(page.html).not.toMatch(/EIO|\/secret\/|secretpw|ECONNREFUSED|\bat [\w.]+ \(|"type":"about:blank"/);
}

const PLUGIN_FAULTS: { fault: Fault; code: HostMessageKey; logged: string }[] = [
  { fault: "throw", code: "plugin-failed", logged: "plugin call failed" },
  { fault: "contract", code: "plugin-contract-violation", logged: "plugin answer violates the host contract" },
  { fault: "stopped", code: "plugin-restart-required", logged: "plugin call refused: the plugin has stopped and the host must be restarted" },
];

describe("the clerk pages when the order book fails", () => {
  it.each(["sv", "en"] as const)("answers every page and action with a page in the clerk's language (%s) that says nothing changed, logged once", async (locale) => {
    const { host, newFailureLines } = await start();
    const requests: [string, () => Promise<Response>][] = [
      ["GET /", () => fetch(`${host.url}/?locale=${locale}`)],
      ["GET /orders/new", () => fetch(`${host.url}/orders/new?locale=${locale}`)],
      ["GET /orders/o1", () => fetch(`${host.url}/orders/o1?locale=${locale}`)],
      ["GET /picking", () => fetch(`${host.url}/picking?locale=${locale}`)],
      ["POST /orders", () => post(`${host.url}/orders?locale=${locale}`, orderFields({ number: "2001" }))],
      ["POST /orders/o1", () => post(`${host.url}/orders/o1?locale=${locale}`, orderFields())],
      ["POST delete", () => post(`${host.url}/orders/o1/delete?locale=${locale}`, { confirm: "yes", formToken: "d1" })],
      ["POST check-payment", () => post(`${host.url}/orders/o1/check-payment?locale=${locale}`, { formToken: "c1" })],
      ["POST credit", () => post(`${host.url}/orders/o1/credit?locale=${locale}`, { amount: "10", formToken: "k1" })],
    ];
    const store = host.store as unknown as Record<keyof HostOrderStore, unknown>;
    const kept = { ...store };
    for (const [name, request] of requests) {
      // The database gone: every call of the order book fails, with internals in its message.
      for (const method of ["get", "list", "save", "restore", "markDeleted", "withOrderLock"] as const) {
        store[method] = async () => {
          throw new Error("connect ECONNREFUSED 127.0.0.1:5432 (secretpw)");
        };
      }
      const page = await read(await request());
      Object.assign(store, kept);
      expectNoInternals(page);
      expect({ name, status: page.status, lang: page.lang, focused: page.focused, code: page.code, message: page.message, changed: page.changed }).toEqual({
        name,
        status: 500,
        lang: locale,
        focused: "page-error",
        code: "host-error",
        message: hostMessage(locale, "host-error"),
        changed: uiMessage(locale, "failure-nothing-changed"),
      });
      expect(newFailureLines().map((l) => l.msg)).toEqual(["request failed"]);
    }
    expect((await host.store.get("o1"))?.order.rows[0]?.quantity).toBe("1");
  });
});

describe("the clerk pages when the plugin fails", () => {
  it.each(PLUGIN_FAULTS.flatMap((f) => (["sv", "en"] as const).map((locale) => ({ ...f, locale }))))(
    "the picking list shows the clerk API's own code and words ($code, $locale) as a page, logged once",
    async ({ fault, code, logged, locale }) => {
      const { host, fault: setFault, newFailureLines } = await start();
      // The stopped plugin still reads: its picking filter answers; the others fail.
      setFault(fault);
      const page = await read(await fetch(`${host.url}/picking?locale=${locale}`));
      expectNoInternals(page);
      if (fault === "stopped") {
        expect([page.status, page.focused]).toEqual([200, undefined]);
        expect(newFailureLines()).toEqual([]);
        return;
      }
      expect({ status: page.status, lang: page.lang, focused: page.focused, code: page.code, message: page.message, changed: page.changed }).toEqual({
        status: fault === "throw" ? 500 : 502,
        lang: locale,
        focused: "page-error",
        code,
        message: hostMessage(locale, code),
        changed: uiMessage(locale, "failure-nothing-changed"),
      });
      expect(newFailureLines().map((l) => l.msg)).toEqual([logged]);
    },
  );

  it.each(PLUGIN_FAULTS.flatMap((f) => (["sv", "en"] as const).map((locale) => ({ ...f, locale }))))(
    "a save the plugin fails in ($code, $locale) shows the order's page: saved as typed, the plugin's state not asked again, logged once",
    async ({ fault, code, logged, locale }) => {
      const { host, fault: setFault, newFailureLines } = await start();
      setFault(fault);
      const page = await read(await post(`${host.url}/orders/o1?locale=${locale}`, orderFields()));
      setFault(undefined);
      expectNoInternals(page);
      expect({ status: page.status, lang: page.lang, focused: page.focused, heading: page.heading, code: page.code, message: page.message }).toEqual({
        status: 422,
        lang: locale,
        focused: "refusals",
        heading: uiMessage(locale, "refused-saved-plugin-failed"),
        code,
        message: hostMessage(locale, code),
      });
      expect(unescape(/<p id="refusals-intro">([^<]*)</.exec(page.html)?.[1])).toBe(uiMessage(locale, "refused-saved-plugin-failed-intro"));
      expect(unescape(/<p id="payment-state">([^<]*)</.exec(page.html)?.[1])).toBe(uiMessage(locale, "payment-unknown"));
      // The host wrote the order ahead of the plugin: it is stored as the clerk typed it, and the page says so.
      expect((await host.store.get("o1"))?.order.rows[0]?.quantity).toBe("3");
      expect(newFailureLines().map((l) => l.msg)).toEqual([logged]);
    },
  );

  it.each(PLUGIN_FAULTS)("a new order the plugin fails in ($code) is shown as the stored order's page, whose next save settles it", async ({ fault, code }) => {
    const { host, fault: setFault, newFailureLines } = await start();
    setFault(fault);
    const page = await read(await post(`${host.url}/orders?locale=en`, orderFields({ number: "2001" })));
    setFault(undefined);
    expect({ status: page.status, heading: page.heading, code: page.code }).toEqual({ status: 422, heading: uiMessage("en", "refused-saved-plugin-failed"), code });
    expect(newFailureLines()).toHaveLength(1);
    // Not the new-order form (whose next post would make a second order, refused as taking the number): the stored one's.
    expect(page.html).toContain('<form method="post" action="/orders/ord-2001" id="order-form">');
    expect(page.html).toContain("<h1>Order 2001</h1>");
    const token = /name="formToken" value="([^"]+\.save)"/.exec(page.html)?.[1];
    const again = await post(`${host.url}/orders/ord-2001?locale=en`, orderFields({ number: "2001", formToken: token! }));
    expect([again.status, again.headers.get("location")?.split("?")[0]]).toEqual([303, "/orders/ord-2001"]);
    expect((await host.store.list()).filter((r) => r.order.number === "2001")).toHaveLength(1);
    expect((await host.store.get("ord-2001"))?.payment?.state).toBe("waiting");
  });

  it.each(PLUGIN_FAULTS.flatMap((f) => (["delete", "check-payment"] as const).map((action) => ({ ...f, action }))))(
    "a $action the plugin fails in ($code) shows the order's page with the refusal, logged once",
    async ({ fault, code, logged, action }) => {
      const { host, fault: setFault, newFailureLines } = await start();
      setFault(fault);
      const page = await read(await post(`${host.url}/orders/o1/${action}?locale=sv`, { confirm: "yes", formToken: `${action}-1` }));
      setFault(undefined);
      expectNoInternals(page);
      expect({ status: page.status, lang: page.lang, focused: page.focused, heading: page.heading, code: page.code, message: page.message }).toEqual({
        status: 409,
        lang: "sv",
        focused: "refusals",
        heading: uiMessage("sv", "action-refused"),
        code,
        message: hostMessage("sv", code),
      });
      expect(newFailureLines().map((l) => l.msg)).toEqual([logged]);
      expect((await host.store.get("o1"))?.deletedAt).toBeNull();
    },
  );

  it("a page that fails after its action was sent says the action may have changed something", async () => {
    const { host, fault: setFault, newFailureLines } = await start();
    // The plugin refuses the save (no mobile number), then fails to give the order's payment view for the page.
    setFault("view");
    const page = await read(await post(`${host.url}/orders/o1?locale=en`, orderFields({ "customer.mobilePhone": "" })));
    setFault(undefined);
    expectNoInternals(page);
    expect({ status: page.status, focused: page.focused, code: page.code, changed: page.changed }).toEqual({
      status: 500,
      focused: "page-error",
      code: "plugin-failed",
      changed: uiMessage("en", "failure-after-action"),
    });
    expect(/data-changed="([^"]+)"/.exec(page.html)?.[1]).toBe("unknown");
    expect(newFailureLines().map((l) => l.msg)).toEqual(["plugin call failed"]);
  });
});

describe("the sandbox clock when the mock Svea does not answer", () => {
  let admin: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => (admin ? admin.close(done) : done(undefined)));
    admin = undefined;
  });

  /** A mock admin API that moves its clock and then fails its sweep (`sweeps`: false), or answers nothing at all (a closed port). */
  async function mockAdmin(sweeps: boolean): Promise<string> {
    let now = Date.now();
    admin = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        if (request.url === "/__admin/clock/advance") now += (JSON.parse(body) as { ms: number }).ms;
        const answer = request.url === "/__admin/sweep" && !sweeps ? [500, { title: "sweep broke" }] : [200, { now: new Date(now).toISOString(), expired: [] }];
        response.writeHead(answer[0] as number, { "content-type": "application/json" }).end(JSON.stringify(answer[1]));
      });
    });
    await new Promise<void>((ready) => admin!.listen(0, "127.0.0.1", ready));
    return `http://127.0.0.1:${(admin.address() as AddressInfo).port}/__admin`;
  }

  async function sandboxHost(mockAdminUrl: string) {
    const logs = capturingLogger();
    const clock = new OffsetClock();
    running = await startReferenceHost({
      pluginDir: fakePayPluginDir,
      settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => ({ apiKey: "secret-api-key-123", publicBaseUrl: pluginBaseUrl }),
      dataFile: null,
      clock,
      logger: logs.logger,
      schedules: "manual",
      sandbox: { mockAdminUrl },
    });
    return { host: running, clock, failures: () => logs.lines().filter((l) => (l.level as number) >= 40) };
  }

  /** The advance's outcome as the order list shows it after the redirect, focused. */
  async function advance(host: ReferenceHost, locale: Locale) {
    const posted = await post(`${host.url}/sandbox/advance?locale=${locale}`, { hours: "2" });
    expect(posted.status).toBe(303);
    const html = await (await fetch(`${host.url}${posted.headers.get("location")}&locale=${locale}`)).text();
    return {
      focused: /<section [^>]*id="(notice-errors)"[^>]*tabindex="-1"/.exec(html)?.[1],
      notice: unescape(/<li class="notice-error" data-notice="([^"]+)"><span class="severity">[^<]*<\/span>([^<]*)</.exec(html)?.slice(1).join(" | ")),
      mockClock: unescape(/<p id="sandbox-now">([^<]*)</.exec(html)?.[1]),
    };
  }

  it.each(["sv", "en"] as const)("says in the clerk's language (%s) that the host's clock did not move, and logs it once", async (locale) => {
    const url = await mockAdmin(true);
    await new Promise((done) => admin!.close(done));
    admin = undefined;
    const { host, clock, failures } = await sandboxHost(url);
    const before = clock.now();
    const shown = await advance(host, locale);
    expect(shown.focused).toBe("notice-errors");
    expect(shown.notice).toMatch(new RegExp(`^sandbox-failed \\| ${escapeRegExp(uiMessage(locale, "sandbox-failed", { reason: "POST /clock/advance: fetch failed" }))}$`));
    expect(shown.mockClock).toContain(uiMessage(locale, "sandbox-mock-silent"));
    expect(clock.now() - before).toBeLessThan(60_000);
    expect(failures()).toEqual([expect.objectContaining({ clocksMoved: false, reason: "POST /clock/advance: fetch failed" })]);
  });

  it("says the clocks moved but the schedules did not run when the mock's sweep fails after its clock moved", async () => {
    // The mock's clock starts no earlier than this; the host follows it to the mock's instant after the advance (not
    // to its own start plus 2 h: the host started a little after the mock's clock was read).
    const mockFrom = Date.now();
    const { host, clock, failures } = await sandboxHost(await mockAdmin(false));
    const before = clock.now();
    const shown = await advance(host, "en");
    expect(shown.notice).toBe(`sandbox-failed-after-move | ${uiMessage("en", "sandbox-failed-after-move", { hours: 2, reason: "POST /sweep: 500 sweep broke" })}`);
    expect(clock.now()).toBeGreaterThanOrEqual(mockFrom + 2 * 3_600_000);
    expect(clock.now() - before).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(failures()).toEqual([expect.objectContaining({ clocksMoved: true })]);
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
