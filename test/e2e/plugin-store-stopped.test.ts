// The reference host with the compiled plugin's embedded store on a disk that fills up: health and the clerk say "restart",
// and Svea's callback is refused until then, so it is retried and recorded after the restart.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { hostMessage } from "../../host/host-messages.js";
import { startReferenceHost, type ReferenceHost } from "../../host/reference-host.js";
import { capturingLogger, putJson } from "../host/host-test-helpers.js";
import { ensurePluginBuilt, repoRoot } from "./ensure-plugin-built.js";
import { startMockSvea } from "../../mock-svea/start-mock-svea.js";
import { readUntil } from "../support/drive-manual-clock.js";
import { callbackAttempts, orderFor, payAtCheckout, pluginSettingsFor } from "./story-harness.js";
import { embeddedStoreHostOptions } from "./embedded-store-host.js";

let dir: string;
let host: ReferenceHost;
const logs = capturingLogger();

beforeAll(async () => {
  await ensurePluginBuilt();
  dir = await mkdtemp(join(tmpdir(), "svea-stopped-"));
  // Svea answers nowhere: the save below fails at its first journal write, before any call to Svea.
  host = await startReferenceHost({ ...embeddedStoreHostOptions(dir, "store-stopped-callback-key-0123456789abcdef"), logger: logs.logger });
});
afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the plugin's embedded store after a failed write (ENOSPC)", () => {
  it("makes /healthz answer 503 naming the store and 'restart required', and the clerk's saves say restart rather than try again", async () => {
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200);
    // This run's journal segment is /dev/full: its first write fails with ENOSPC, as on a full disk.
    await symlink("/dev/full", join(dir, "svea-instore-plugin.journal-000001.jsonl"));

    for (const id of ["full-1", "full-2"]) {
      const save = await putJson(`${host.url}/api/orders/${id}`, orderFor(id), { "accept-language": "en" });
      expect(save.status).toBe(503);
      const body = (await save.json()) as { code: string; title: string };
      expect(body.code).toBe("plugin-restart-required");
      expect(body.title).toMatch(/restarted/);
      expect(body.title).not.toMatch(/try again in/i);
    }

    const health = await fetch(`${host.url}/healthz`);
    expect(health.status).toBe(503);
    const status = (await health.json()) as Record<string, string>;
    expect(status.status).toBe("restart-required");
    expect(status.store).toBe(join(dir, "svea-instore-plugin.json"));
    expect(status.message).toMatch(/ENOSPC.*restart required/);
    expect(JSON.stringify(status)).not.toMatch(/pw-not-logged|kkkkkkkk|\n    at /);

    const lines = logs.lines();
    // One error line says the store stopped; the refused calls after it are short warnings without the write's stack.
    const errors = lines.filter((l) => (l.level as number) >= 50);
    expect(errors.map((l) => l.msg)).toEqual([expect.stringMatching(/stopped after a failed journal write and must be restarted/)]);
    expect(lines.filter((l) => /plugin call refused/.test(String(l.msg)))).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toMatch(/"stack"/);
  });
});

describe("a payment whose callback comes while the embedded store is stopped by a full disk", () => {
  it("the callback and the clerk's check-now are answered 503 (restart required), so Svea retries; after space is freed and a restart the retry records it paid", async () => {
    const folder = await mkdtemp(join(tmpdir(), "svea-stopped-callback-"));
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 0));
    const mock = await startMockSvea({ port: 0, dataFile: null, clock, logger: false, sweepSchedule: false, enforcePollInterval: false });
    const callbackKey = randomBytes(32).toString("base64url");
    // The same port each time: the callback URL Svea holds names it.
    const start = (port = 0) =>
      startReferenceHost({
        port,
        pluginDir: repoRoot,
        dataFile: join(folder, "host-orders.json"),
        lendStorage: false,
        pluginDataDir: join(folder, "plugin"),
        clock,
        logLevel: "silent",
        schedules: "manual",
        settings: ({ pluginBaseUrl }: { pluginBaseUrl: string }) => pluginSettingsFor(mock, pluginBaseUrl, callbackKey),
      });
    let running: ReferenceHost | undefined;
    try {
      running = await start();
      const port = Number(new URL(running.url).port);
      const saved = await putJson(`${running.url}/api/orders/stop-cb-1`, orderFor("stop-cb-1"));
      expect(saved.status).toBe(201);
      const view = ((await saved.json()) as { paymentView: { paymentLink: string; links: { merchantOrderNumber: string }[] } }).paymentView;
      const mon = view.links[0]!.merchantOrderNumber;
      await running.close();

      running = await start(port);
      // This run's journal segment is /dev/full: the callback's record is the first write, and it fails with ENOSPC.
      const segment = join(folder, "plugin", "svea-instore-plugin.journal-000001.jsonl");
      await symlink("/dev/full", segment);
      await payAtCheckout(view.paymentLink);
      expect(await callbackAttempts(mock, mon)).toEqual(["1 503 failed"]);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(503);
      // The clerk's check-now reads Svea (paid) but cannot keep the answer: it says restart, not "fix it and try again".
      const check = await fetch(`${running.url}/api/orders/stop-cb-1/check-payment?locale=en`, { method: "POST" });
      expect(check.status).toBe(503);
      expect(await check.json()).toMatchObject({ code: "plugin-restart-required", title: expect.stringMatching(/restarted/) });
      // The same from the order's page: the page says so in its refusal panel, not with the API's problem document.
      const page = await (await fetch(`${running.url}/orders/stop-cb-1?locale=en`)).text();
      const formToken = /name="formToken" value="([^"]+\.check-payment)"/.exec(page)?.[1];
      expect(formToken).toBeDefined();
      const pressed = await fetch(`${running.url}/orders/stop-cb-1/check-payment?locale=en`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(running.url).origin },
        body: new URLSearchParams({ formToken: formToken! }),
      });
      expect(pressed.headers.get("content-type")).toMatch(/^text\/html/);
      const refusal = /<li [^>]*data-refusal="([^"]+)"[^>]*>([^<]*)</.exec(await pressed.text());
      expect([pressed.status, refusal?.[1], refusal?.[2]]).toEqual([409, "plugin-restart-required", hostMessage("en", "plugin-restart-required")]);
      await clock.advance(1_000);
      expect(await callbackAttempts(mock, mon)).toEqual(["1 503 failed", "2 503 failed"]);
      expect((await running.store.get("stop-cb-1"))?.payment?.state).toBe("waiting");

      // Space freed, the host restarted as /healthz asked: Svea's next retry is recorded and the order is paid.
      await running.close();
      await rm(segment);
      running = await start(port);
      await clock.advance(5_000);
      expect(await callbackAttempts(mock, mon)).toEqual(["1 503 failed", "2 503 failed", "3 200 delivered"]);
      const host = running;
      const payment = await readUntil(async () => (await host.store.get("stop-cb-1"))?.payment, (p) => p?.state === "paid", clock);
      expect(payment).toMatchObject({ state: "paid", sveaReference: expect.any(Number) });

      // The disk fills again (the next start's segment fails at its first write) and a save stops the store; a credit
      // of the paid order then says restart too.
      await running.close();
      running = await start(port);
      await symlink("/dev/full", segment);
      expect((await putJson(`${running.url}/api/orders/stop-cb-2`, orderFor("stop-cb-2"))).status).toBe(503);
      // Past the 5 s since the payment's status read: the credit's read is not paced (the clock is a manual one).
      await clock.advance(10_000);
      const credit = await fetch(`${running.url}/api/orders/stop-cb-1/credit?locale=en`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ amount: "10.00", vatPercent: "25" }),
      });
      expect([credit.status, ((await credit.json()) as { code?: string }).code]).toEqual([503, "plugin-restart-required"]);
      // The same from the order's page, in Swedish: the order's page with the refusal, the amount typed kept.
      const creditPage = await fetch(`${running.url}/orders/stop-cb-1/credit?locale=sv`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(running.url).origin },
        body: new URLSearchParams({ amount: "10,00", vatPercent: "25", formToken: "credit-page-1" }),
      });
      expect(creditPage.headers.get("content-type")).toMatch(/^text\/html/);
      const creditRefusal = /<li [^>]*data-refusal="([^"]+)"[^>]*>([^<]*)</.exec(await creditPage.text());
      expect([creditPage.status, creditRefusal?.[1], creditRefusal?.[2]]).toEqual([422, "plugin-restart-required", hostMessage("sv", "plugin-restart-required")]);
    } finally {
      await running?.close();
      await mock.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
