// The callback route over real HTTP: token checks, durable inbox, fast 2xx, duplicates, key rotation, no secrets in logs.
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { callbackToken, redactCallbackUrl, verifyCallbackToken } from "../../../plugin/callback/index.js";
import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { t } from "../../../plugin/i18n/translate.js";
import { STORE_FILE_NAME, type ActivateOverrides } from "../../../plugin/plugin-runtime.js";
import { createEmbeddedPluginStore, type JournalPluginStore } from "../../../plugin/store/index.js";
import { listJournalSegments, segmentPath } from "../../../plugin/store/journal-segment-reader.js";
import { storeDir } from "../store/store-temp-dir.js";
import { FakeSvea } from "../support/fake-svea.js";
import { CALLBACK_KEY, CapturingLogger, PREVIOUS_CALLBACK_KEY, hostOrder, startKit, testSettings } from "../support/plugin-test-kit.js";

const servers: ServerType[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** The plugin's routes alone over real HTTP (no host in front of them), and a poster of callbacks to them. */
async function servedKit(settings: Record<string, unknown>, overrides: ActivateOverrides = {}) {
  const svea = new FakeSvea();
  const kit = await startKit(settings, { svea, ...overrides });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: kit.instance.routes.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (number: string, token: string, body: string = JSON.stringify({ merchantOrderNumber: number })) =>
    fetch(`${base}/callback/${number}/${token}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { ...kit, svea, post };
}

async function setUp(settings = testSettings(), overrides: ActivateOverrides = {}) {
  const kit = await servedKit(settings, overrides);
  const saved = await kit.instance.hooks["order.save"]({ order: hostOrder(), locale: "en" });
  const merchantOrderNumber = saved.accepted ? saved.paymentView!.links[0]!.merchantOrderNumber : "";
  return { ...kit, merchantOrderNumber };
}

async function openedEmbeddedStore(file: string): Promise<JournalPluginStore> {
  const store = createEmbeddedPluginStore({ file, logger: new CapturingLogger() });
  await store.open();
  return store;
}

describe("callback tokens", () => {
  it("are base64url HMACs that verify against the current or the previous key only", () => {
    const token = callbackToken(CALLBACK_KEY, "1001-1-abc");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyCallbackToken({ current: CALLBACK_KEY }, "1001-1-abc", token)).toBe("current");
    expect(verifyCallbackToken({ current: "x".repeat(32), previous: CALLBACK_KEY }, "1001-1-abc", token)).toBe("previous");
    expect(verifyCallbackToken({ current: "x".repeat(32), previous: "y".repeat(32) }, "1001-1-abc", token)).toBe(false);
    expect(verifyCallbackToken({ current: CALLBACK_KEY }, "1001-2-abc", token)).toBe(false);
    expect(verifyCallbackToken({ current: CALLBACK_KEY }, "1001-1-abc", token.slice(0, -1))).toBe(false);
    expect(redactCallbackUrl(`https://erp.example/p/callback/1001-1-abc/${token}`)).toBe("https://erp.example/p/callback/1001-1-abc/[redacted]");
  });
});

describe("POST /callback/:merchantOrderNumber/:token", () => {
  it("refuses a forged token with 401 and changes nothing", async () => {
    const { post, merchantOrderNumber, deps, svea } = await setUp();
    const before = await deps.store.getOrder("order-1");
    const response = await post(merchantOrderNumber, callbackToken("forged-key-forged-key-forged-key-xx", merchantOrderNumber));
    expect(response.status).toBe(401);
    expect(await deps.store.getOrder("order-1")).toEqual(before);
    expect(svea.count("status")).toBe(0);
  });

  it("logs what a forged callback chose only cut short: 5,000 characters of order number cannot flood the log", async () => {
    const { post, logger } = await setUp();
    const chosen = "A".repeat(5_000);
    expect((await post(chosen, "x".repeat(43))).status).toBe(401);
    const line = logger.lines.find((l) => l.includes("callback refused: bad token"))!;
    expect(line.length).toBeLessThan(600);
    expect(JSON.parse(line)).toMatchObject({ merchantOrderNumber: `${"A".repeat(120)}… (5000 characters)` });
  });

  it("a request at a path none of its routes has (the host left its prefix on) is answered 404 and warned about once", async () => {
    const { logger, instance, merchantOrderNumber } = await setUp();
    const token = callbackToken(CALLBACK_KEY, merchantOrderNumber);
    for (let i = 0; i < 2; i++) {
      const response = await instance.routes.fetch(new Request(`http://erp.example/plugins/svea-instore/callback/${merchantOrderNumber}/${token}`, { method: "POST", body: "{}" }));
      expect(response.status).toBe(404);
    }
    const lines = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l.msg).includes("matched none"));
    expect(lines.map((l) => l.level)).toEqual(["warn", "debug"]);
    expect(lines[0]).toMatchObject({ method: "POST", path: `/plugins/svea-instore/callback/${merchantOrderNumber}/[redacted]` });
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("answers 404 for an unknown order with a valid token", async () => {
    const { post } = await setUp();
    expect((await post("9999-1-abc", callbackToken(CALLBACK_KEY, "9999-1-abc"))).status).toBe(404);
  });

  it("records the callback, answers 200, then reads the status and tells the host the order is paid", async () => {
    const { post, merchantOrderNumber, svea, background, orders, deps } = await setUp();
    svea.complete(merchantOrderNumber, "Card");
    const response = await post(merchantOrderNumber, callbackToken(CALLBACK_KEY, merchantOrderNumber));
    expect(response.status).toBe(200);
    await background.idle();
    expect(orders.last("order-1")).toMatchObject({ state: "paid", sveaReference: 5000, paymentMethod: "Card", billingAddress: { fullName: "Anna Andersson" } });
    const record = await deps.store.getOrder("order-1");
    expect(record?.inbox).toEqual([expect.objectContaining({ outcome: "paid", processedAt: expect.any(Number) })]);
  });

  it("never trusts the body: a malformed or lying body still gets 2xx and the status decides", async () => {
    const { post, merchantOrderNumber, background, deps } = await setUp();
    const response = await post(merchantOrderNumber, callbackToken(CALLBACK_KEY, merchantOrderNumber), "{not json, orderStatus: Completed");
    expect(response.status).toBe(200);
    await background.idle();
    const record = await deps.store.getOrder("order-1");
    expect(record?.links[0]?.state).toBe("waiting");
    expect(record?.inbox[0]?.outcome).toBe("unchanged");
  });

  it("answers 2xx to duplicates and changes nothing", async () => {
    const { post, merchantOrderNumber, svea, background, orders } = await setUp();
    svea.complete(merchantOrderNumber);
    const token = callbackToken(CALLBACK_KEY, merchantOrderNumber);
    expect((await post(merchantOrderNumber, token)).status).toBe(200);
    await background.idle();
    const updates = orders.updates.length;
    const statusReads = svea.count("status");
    expect((await post(merchantOrderNumber, token)).status).toBe(200);
    await background.idle();
    expect(orders.updates.length).toBe(updates);
    expect(svea.count("status")).toBe(statusReads);
  });

  it("processes a duplicate whose first recording failed but landed: the host's failed write may or may not have kept it", async () => {
    const { post, merchantOrderNumber, svea, background, orders, storage, deps } = await setUp();
    svea.complete(merchantOrderNumber, "Card");
    const token = callbackToken(CALLBACK_KEY, merchantOrderNumber);
    storage.landThenFail = 1;
    expect((await post(merchantOrderNumber, token)).status).toBe(500);
    await background.idle();
    expect(svea.count("status")).toBe(0);
    expect((await deps.store.getOrder("order-1"))?.inbox).toEqual([expect.objectContaining({ processedAt: null })]);
    // Svea tries again once the disk has room: the entry is there, unprocessed, so this is a duplicate that must still be worked off.
    expect((await post(merchantOrderNumber, token)).status).toBe(200);
    await background.idle();
    expect(orders.last("order-1")).toMatchObject({ state: "paid", paymentMethod: "Card" });
    expect((await deps.store.getOrder("order-1"))?.inbox).toEqual([expect.objectContaining({ outcome: "paid", processedAt: expect.any(Number) })]);
  });

  it("starts one processing per unprocessed callback however many duplicates arrive while it runs", async () => {
    const { post, merchantOrderNumber, svea, background, deps, logger } = await setUp();
    svea.complete(merchantOrderNumber);
    const token = callbackToken(CALLBACK_KEY, merchantOrderNumber);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = deps.store.withOrderLock("order-1", () => held);
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(merchantOrderNumber, token)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    release();
    await holding;
    await background.idle();
    expect(svea.count("status")).toBe(1);
    // Not four queued for the order's lock, three of them to find the entry processed.
    expect(logger.lines.filter((l) => l.includes("callback processed"))).toHaveLength(1);
  });

  it("keeps links issued under the previous key working after a rotation", async () => {
    const { post, merchantOrderNumber, svea, background, orders } = await setUp(
      testSettings({ callbackKey: "rotated-new-key-0123456789abcdefghij", previousCallbackKey: CALLBACK_KEY }),
    );
    svea.complete(merchantOrderNumber);
    expect((await post(merchantOrderNumber, callbackToken(PREVIOUS_CALLBACK_KEY, merchantOrderNumber))).status).toBe(401);
    expect((await post(merchantOrderNumber, callbackToken(CALLBACK_KEY, merchantOrderNumber))).status).toBe(200);
    await background.idle();
    expect(orders.last("order-1")?.state).toBe("paid");
  });

  it("refuses a body far larger than Svea ever sends", async () => {
    const { post, merchantOrderNumber } = await setUp();
    const response = await post(merchantOrderNumber, callbackToken(CALLBACK_KEY, merchantOrderNumber), "x".repeat(64 * 1024));
    expect(response.status).toBe(413);
  });

  it("answers 503 plugin-restart-required (a problem document, Svea sends it again) while the embedded store is stopped, with no host in front", async () => {
    const dir = await storeDir();
    try {
      const file = join(dir.path, STORE_FILE_NAME);
      const saving = await setUp(testSettings(), { store: await openedEmbeddedStore(file) });
      const { merchantOrderNumber } = saving;
      await saving.instance.deactivate();
      // The next run's journal segment is /dev/full: the callback's record is its first write, and fails with ENOSPC.
      expect(await listJournalSegments(file)).toEqual([]);
      const restarted = await openedEmbeddedStore(file);
      await symlink("/dev/full", segmentPath(file, 1));
      const { post, background, orders, svea, logger, instance } = await servedKit(testSettings({ defaultLocale: "en" }), { store: restarted });
      const token = callbackToken(CALLBACK_KEY, merchantOrderNumber);
      for (const attempt of [1, 2]) {
        const answer = await post(merchantOrderNumber, token);
        expect([attempt, answer.status, answer.headers.get("content-type")]).toEqual([attempt, 503, "application/problem+json; charset=utf-8"]);
        expect(await answer.json()).toEqual({ type: "about:blank", status: 503, code: "plugin-restart-required", title: t("en", "callback.store-stopped") });
      }
      await background.idle();
      expect(instance.health?.().status).toBe("restart-required");
      expect(orders.updates).toEqual([]);
      expect(svea.count("status")).toBe(0);
      // One warning per refused callback, naming the order's number and not the token.
      const refused = logger.lines.filter((l) => l.includes("callback refused: the plugin's store has stopped"));
      expect(refused.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([1, 2].map(() => expect.objectContaining({ level: "warn", merchantOrderNumber, restartRequired: true })));
      expect(logger.lines.join("\n")).not.toContain(token);
      await instance.deactivate();
    } finally {
      await dir.remove();
    }
  });

  it("logs neither the token nor the keys", async () => {
    const { post, merchantOrderNumber, logger, background } = await setUp();
    const token = callbackToken(CALLBACK_KEY, merchantOrderNumber);
    await post(merchantOrderNumber, token);
    await post(merchantOrderNumber, "forged");
    await background.idle();
    const log = logger.lines.join("\n");
    expect(log).toContain("[redacted]");
    expect(log).not.toContain(token);
    expect(log).not.toContain(CALLBACK_KEY);
    expect(log).not.toContain("secret-password");
  });
});
