// Crash safety with SIGKILL: the mock during a burst of creates, the host between the two Svea calls of a re-issue and between recording and processing a callback.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startMockSvea, type MockSveaServer } from "../../mock-svea/start-mock-svea.js";
import type { PaymentView } from "../../plugin/host-contract/host-contract-types.js";
import { ensurePluginBuilt } from "../e2e/ensure-plugin-built.js";
import { orderFor } from "../e2e/story-harness.js";
import { startChild, type Child } from "./support/child-process.js";
import { basicAuth, rawHttp } from "./support/raw-http.js";

const mockCli = fileURLToPath(new URL("../../dist/mock-svea/cli.js", import.meta.url));
const hostChild = fileURLToPath(new URL("./support/host-child.mjs", import.meta.url));
const exampleRequest = JSON.parse(await readFile(new URL("../../fixtures/svea-instore/create-order-request.example.json", import.meta.url), "utf8")) as Record<string, unknown>;

async function until<T>(read: () => Promise<T> | T, done: (v: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("crash safety (SIGKILL)", () => {
  let dir: string;
  const children: Child[] = [];
  beforeEach(async () => {
    await ensurePluginBuilt();
    dir = await mkdtemp(join(tmpdir(), "svea-crash-"));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill9();
    await rm(dir, { recursive: true, force: true });
  });

  it("the mock killed during a burst of creates restarts with a parseable store holding every create it acknowledged", async () => {
    const dataFile = join(dir, "mock-svea.json");
    const startMock = async () => {
      const child = await startChild(mockCli, ["--port", "0", "--data", dataFile, "--no-poll-limit"], {}, (l) => l.startsWith("mock: "));
      children.push(child);
      return { child, url: child.firstLine.slice("mock: ".length).trim() };
    };
    const first = await startMock();
    const merchant = JSON.parse(await readFile(new URL("../../fixtures/mock-svea/merchants.json", import.meta.url), "utf8")) as { merchants: { id: string; password: string }[] };
    const auth = basicAuth(merchant.merchants[0]!.id, merchant.merchants[0]!.password);
    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; i < 40 && !killed; i++) {
        const mon = `burst-${w}-${i}`;
        sent++;
        try {
          const res = await rawHttp("POST", `${first.url}/api/v1/orders`, { authorization: auth, "content-type": "application/json" }, JSON.stringify({ ...exampleRequest, merchantOrderNumber: mon }));
          if (res.status === 200) acknowledged.push(mon);
        } catch {
          // the kill cut this request off: not acknowledged
        }
        if (acknowledged.length >= 150 && !killed) {
          killed = true;
          await first.child.kill9();
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    // The store left files behind, and its snapshot (when one was written) parses as JSON; the restart below reads the rest.
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(0);
    if (files.includes("mock-svea.json")) expect(() => JSON.parse(readFileSync(join(dir, "mock-svea.json"), "utf8"))).not.toThrow();
    const second = await startMock();
    const missing: string[] = [];
    for (const mon of acknowledged) {
      const res = await rawHttp("GET", `${second.url}/api/v1/orders/${mon}/status`, { authorization: auth });
      if (res.status !== 200) missing.push(`${mon}:${res.status}`);
    }
    expect(missing).toEqual([]);
    expect(sent).toBeGreaterThan(acknowledged.length - 1);
  });

  describe("the host with the plugin", () => {
    let mock: MockSveaServer;
    let port = 0;
    const callbackKey = randomBytes(32).toString("base64url");
    beforeEach(async () => {
      mock = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false, enforcePollInterval: false });
      port = 0;
    });
    afterEach(async () => mock.close());

    const startHost = async () => {
      const child = await startChild(
        hostChild,
        [],
        {
          CRASH_DATA_DIR: dir,
          CRASH_HOST_PORT: String(port),
          CRASH_MOCK_URL: mock.url,
          CRASH_MERCHANT_ID: mock.merchant.id,
          CRASH_MERCHANT_PASSWORD: mock.merchant.password,
          CRASH_CALLBACK_KEY: callbackKey,
        },
        (l) => l.startsWith("{"),
      );
      children.push(child);
      const address = JSON.parse(child.firstLine) as { url: string };
      port = Number(new URL(address.url).port);
      return { child, url: address.url };
    };
    const clerk = async (url: string, method: string, path: string, body?: unknown) => {
      const res = await rawHttp(method, `${url}${path}`, { "content-type": "application/json" }, body === undefined ? undefined : JSON.stringify(body));
      return JSON.parse(res.text) as { paymentView?: PaymentView; ok?: boolean; message?: string };
    };
    const atSvea = (prefix: string) =>
      mock.deps.repo
        .list({})
        .filter((o) => o.merchantOrderNumber.startsWith(prefix))
        .reverse()
        .map((o) => o.orderStatus);
    const noSecretsIn = (child: Child) => {
      const text = child.output.join("\n");
      expect(text).not.toContain(mock.merchant.password);
      expect(text).not.toContain(callbackKey);
    };

    it("killed between the cancel and the create of a re-issue: the restart settles it, leaving one Active link the order knows as waiting", async () => {
      const host = await startHost();
      const saved = await clerk(host.url, "PUT", "/api/orders/k-1?locale=en", orderFor("k-1"));
      const old = saved.paymentView?.links.at(-1)?.merchantOrderNumber ?? "";
      expect(saved.paymentView?.state).toBe("waiting");
      // Hold the create open at Svea; kill the host once the cancel is done and the create has arrived.
      mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: 1_500 });
      const changed = orderFor("k-1", { rows: [{ rowNumber: 1, name: "Kaffe", quantity: "3", unit: "st", unitPrice: "59.90", vatPercent: "12" }], total: "179.70" });
      const resave = clerk(host.url, "PUT", "/api/orders/k-1?locale=en", changed).catch(() => undefined);
      await until(() => mock.deps.faults.list().endpoint.length, (n) => n === 0, "the delayed create");
      expect(mock.deps.repo.find(mock.merchant.id, old)?.orderStatus).toBe("Canceled");
      await host.child.kill9();
      await resave;
      // Svea finishes the create it was holding: a link the dead host never heard about.
      await until(() => atSvea("1-"), (s) => s.length === 2, "the held create to land at Svea");
      expect(atSvea("1-")).toEqual(["Canceled", "Active"]);

      // The restart settles what the kill left (no command, no clerk action): the re-issue's create is adopted.
      const restarted = await startHost();
      const view = await until(
        async () => (await clerk(restarted.url, "GET", "/api/orders/k-1?locale=en")) as { paymentView?: PaymentView },
        (v) => v.paymentView?.state === "waiting" && v.paymentView.links.length === 2,
        "the restart to settle the re-issue",
      );
      const newMon = mock.deps.repo.list({}).find((o) => o.merchantOrderNumber.startsWith("1-") && o.orderStatus === "Active")?.merchantOrderNumber;
      expect(view.paymentView?.links.map((l) => [l.merchantOrderNumber, l.state])).toEqual([
        [old, "cancelled"],
        [newMon, "waiting"],
      ]);
      expect(atSvea("1-").filter((s) => s === "Active")).toHaveLength(1);
      noSecretsIn(host.child);
      noSecretsIn(restarted.child);
    });

    it("killed while Svea still holds its create: the restart shows the link as being checked, and the next save sends it under the same number, so Svea makes one order and one SMS", async () => {
      mock.deps.pollGuard.enabled = true;
      const host = await startHost();
      // Svea holds the first create; the host dies before its answer, and is back before Svea gets to it.
      mock.deps.faults.add({ kind: "delay", endpoint: "create", delayMs: 12_000 });
      const save = clerk(host.url, "PUT", "/api/orders/k-3?locale=en", orderFor("k-3")).catch(() => undefined);
      await until(() => mock.deps.faults.list().endpoint.length, (n) => n === 0, "the delayed create");
      await host.child.kill9();
      await save;
      const restarted = await startHost();
      const creates = () => mock.deps.requests.list().filter((e) => e.method === "POST" && e.path === "/api/v1/orders");

      // Not "no payment link": Svea may have the link and text the customer at any moment.
      const view = (locale: string) => clerk(restarted.url, "GET", `/api/orders/k-3?locale=${locale}`) as Promise<{ paymentView?: PaymentView }>;
      const checking = await until(() => view("en"), (v) => v.paymentView?.state === "checking", "the order to show its link as being checked");
      expect(checking.paymentView?.label).toBe("Being checked with Svea: the payment link may have been sent to the customer");
      expect(checking.paymentView?.icon).toEqual({ name: "svea-instore-checking", colour: "own" });
      expect((await view("sv")).paymentView?.label).toBe("Kontrolleras hos Svea: betallänken kan ha skickats till kunden");
      expect(atSvea("3-")).toEqual([]);
      // The host hears it too (the restart's reconcile reads Svea's 404), and picking holds the order back as being checked.
      const stored = () => clerk(restarted.url, "GET", "/api/orders/k-3?locale=en") as Promise<{ payment?: Record<string, unknown> | null }>;
      const told = (await until(stored, (v) => v.payment?.beingChecked === true, "the host to be told it is being checked")).payment;
      expect(told).toMatchObject({ state: "failed", beingChecked: true, paymentLink: null });
      const picking = (await clerk(restarted.url, "GET", "/api/picking-list?locale=sv")) as { heldBack: { orderId: string; reason: string; message: string }[] };
      expect(picking.heldBack.find((h) => h.orderId === "k-3")).toEqual({
        orderId: "k-3",
        reason: "payment-being-checked",
        message: "Inte betald med Svea Instore än (Kontrolleras hos Svea: betallänken kan ha skickats till kunden)",
      });

      // The clerk saves again while Svea still holds the first create: it goes again under the same number.
      const resaved = (await clerk(restarted.url, "PUT", "/api/orders/k-3?locale=en", orderFor("k-3"))) as { paymentView?: PaymentView };
      expect(resaved.paymentView?.state).toBe("waiting");
      expect(resaved.paymentView?.links).toHaveLength(1);
      const after = (await stored()).payment;
      expect(after).toMatchObject({ state: "waiting", paymentLink: resaved.paymentView?.paymentLink });
      expect(after).not.toHaveProperty("beingChecked");
      const mon = resaved.paymentView?.links[0]?.merchantOrderNumber ?? "";
      expect(atSvea("3-")).toEqual(["Active"]);
      // Svea then gets to the create it held: the number is taken, so it makes no second order and sends no SMS.
      await until(creates, (c) => c.length === 2, "Svea to answer the held create", 20_000);
      expect(creates().map((e) => [(e.body as { merchantOrderNumber?: string }).merchantOrderNumber, e.status])).toEqual([
        [mon, 200],
        [mon, 409],
      ]);
      expect(atSvea("3-")).toEqual(["Active"]);
      expect(mock.deps.repo.smsOutbox().filter((s) => s.merchantOrderNumber.startsWith("3-"))).toHaveLength(1);
      // Svea's 5 s pacing held throughout: the restart's read and the save's read never met a 403.
      expect(mock.deps.requests.list().filter((e) => e.status === 403)).toEqual([]);
      noSecretsIn(restarted.child);
    }, 60_000);

    it("killed between recording a callback and processing it: the restart processes it and the order is paid", async () => {
      const host = await startHost();
      const saved = await clerk(host.url, "PUT", "/api/orders/k-2?locale=en", orderFor("k-2"));
      const mon = saved.paymentView?.links.at(-1)?.merchantOrderNumber ?? "";
      // The callback is recorded and answered; its processing reads the status, which Svea holds open.
      mock.deps.faults.add({ kind: "delay", endpoint: "status", delayMs: 1_500 });
      expect((await rawHttp("POST", `${mock.adminUrl}/orders/${mock.merchant.id}/${mon}/complete`, { "content-type": "application/json" }, "{}")).status).toBe(200);
      await until(() => mock.deps.faults.list().endpoint.length, (n) => n === 0, "the processing's status read");
      const attempts = mock.deps.callbacks.journal.list().filter((a) => a.merchantOrderNumber === mon);
      expect(attempts.map((a) => a.status)).toEqual([200]);
      await host.child.kill9();

      // The restart processes the recorded callback by itself: no command, no clerk action, no second callback.
      const restarted = await startHost();
      const after = await until(
        async () => (await clerk(restarted.url, "GET", "/api/orders/k-2?locale=en")) as { paymentView?: PaymentView },
        (v) => v.paymentView?.state === "paid",
        "the restart to process the recorded callback",
      );
      expect(after.paymentView?.sveaReference).toBe(mock.deps.repo.find(mock.merchant.id, mon)?.paymentOrderId);
      // No second callback was needed: Svea delivered once.
      expect(mock.deps.callbacks.journal.list().filter((a) => a.merchantOrderNumber === mon)).toHaveLength(1);
      noSecretsIn(host.child);
      noSecretsIn(restarted.child);
    });
  });
});
