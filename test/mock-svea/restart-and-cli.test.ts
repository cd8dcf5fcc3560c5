// State survives a restart of the whole server on a file store; the CLI reads its flags and env and prints four lines.
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../common/clock.js";
import { bannerLines, main, parseCliOptions, USAGE } from "../../mock-svea/cli.js";
import { DEMO_MERCHANTS_FILE } from "../../mock-svea/merchants-config.js";
import { startCallbackTarget } from "./callback-target.js";
import { basic, DEMO, orderRequest, startTestMock } from "./mock-svea-test-server.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A data file in a fresh temporary dir (removed after the test) and a manual clock for the mocks started on it. */
async function restartWorld(): Promise<{ dataFile: string; clock: ManualClock }> {
  const dir = await mkdtemp(join(tmpdir(), "mock-svea-restart-"));
  dirs.push(dir);
  return { dataFile: join(dir, "mock-svea.json"), clock: new ManualClock(Date.UTC(2026, 0, 15, 10, 0, 0)) };
}

describe("restart", () => {
  it("keeps orders, their state and their payment links across a restart on the same data file", async () => {
    const { dataFile, clock } = await restartWorld();
    const first = await startTestMock({ dataFile, clock });
    const body = orderRequest({ mobilePhoneNumber: "+46701234567" });
    const n = String(body.merchantOrderNumber);
    const created = await request(first.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
    expect(created.status).toBe(200);
    await request(first.url).post(`/__admin/orders/${DEMO.id}/${n}/complete`).send({ paymentMethod: "card" }).expect(200);
    await first.close();

    const second = await startTestMock({ dataFile, clock });
    try {
      const status = await request(second.url).get(`/api/v1/orders/${n}/status`).set("Authorization", basic(DEMO));
      expect(status.body).toMatchObject({ orderStatus: "Completed", paymentType: "Card", paymentOrderId: created.body.paymentOrderId });
      expect((await request(second.url).get("/__admin/sms")).body.messages).toHaveLength(1);
      const token = new URL(created.body.instoreUiUri).pathname;
      expect((await request(second.url).get(token)).text).toContain('data-outcome="paid"');
      const again = await request(second.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
      expect(again.status).toBe(409);
      const next = await request(second.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(orderRequest()));
      expect(next.body.paymentOrderId).toBeGreaterThan(created.body.paymentOrderId);
    } finally {
      await second.close();
    }
  });
});

describe("restart with a callback still owed", () => {
  it("goes on retrying where the stopped mock left off, and stops owing once delivered", async () => {
    const { dataFile, clock } = await restartWorld();
    const target = await startCallbackTarget([503, 503]);
    try {
      const first = await startTestMock({ dataFile, clock });
      const body = orderRequest({ callbackUri: `${target.url}/cb` });
      const n = String(body.merchantOrderNumber);
      await request(first.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body)).expect(200);
      await request(first.url).post(`/__admin/orders/${DEMO.id}/${n}/complete`).send({ paymentMethod: "card" }).expect(200);
      await first.deps.callbacks.settled();
      expect(first.deps.repo.find(DEMO.id, n)?.callbackOwed).toEqual({ attempt: 2, dueAt: new Date(clock.now() + 1_000).toISOString() });
      await first.close();
      expect(target.received).toHaveLength(1);

      // Restarted before the retry was due: the retry waits for its time, then runs (and fails once more).
      const second = await startTestMock({ dataFile, clock });
      try {
        await second.deps.callbacks.settled();
        expect(target.received).toHaveLength(1);
        expect(second.deps.callbacks.pending()).toEqual([expect.objectContaining({ merchantOrderNumber: n, attempt: 2 })]);
        clock.advance(1_000);
        await second.deps.callbacks.runDue();
        expect(target.received).toHaveLength(2);
        expect(second.deps.repo.find(DEMO.id, n)?.callbackOwed).toMatchObject({ attempt: 3 });
      } finally {
        await second.close();
      }

      // Restarted long after: the overdue retry runs at once and is delivered; nothing is owed any more.
      clock.advance(60_000);
      const third = await startTestMock({ dataFile, clock });
      try {
        await third.deps.callbacks.settled();
        expect(target.received.map((r) => JSON.parse(r.body))).toEqual([{ merchantOrderNumber: n }, { merchantOrderNumber: n }, { merchantOrderNumber: n }]);
        expect(third.deps.callbacks.journal.list((a) => a.merchantOrderNumber === n).map((a) => [a.attempt, a.outcome])).toEqual([[3, "delivered"]]);
        expect(third.deps.repo.find(DEMO.id, n)?.callbackOwed).toBeNull();
      } finally {
        await third.close();
      }
      const fourth = await startTestMock({ dataFile, clock });
      await fourth.deps.callbacks.settled();
      expect(fourth.deps.callbacks.pending()).toEqual([]);
      await fourth.close();
      expect(target.received).toHaveLength(3);
    } finally {
      await target.close();
    }
  });
});

describe("cli", () => {
  it("defaults to port 4010, ./data/mock-svea.json, the demo merchants and the 5 s poll rule", () => {
    const options = parseCliOptions([], {});
    expect(options).toMatchObject({ port: 4010, host: "127.0.0.1", dataFile: "./data/mock-svea.json", enforcePollInterval: true, fsync: "batched" });
    expect(options).not.toHaveProperty("clock");
  });

  it("reads env vars, and flags win over them", () => {
    const env = { MOCK_SVEA_PORT: "5000", MOCK_SVEA_DATA: "/tmp/x.json", MOCK_SVEA_POLL_LIMIT: "off", MOCK_SVEA_ADMIN_TOKEN: "mock-admin-token-0123456789abcdefgh", MOCK_SVEA_CLOCK: "manual" };
    expect(parseCliOptions([], env)).toMatchObject({ port: 5000, dataFile: "/tmp/x.json", enforcePollInterval: false, adminToken: "mock-admin-token-0123456789abcdefgh", clock: expect.any(ManualClock) });
    expect(parseCliOptions(["--port", "0", "--memory", "--merchants", "m.json"], env)).toMatchObject({ port: 0, dataFile: null, merchants: "m.json" });
    expect(() => parseCliOptions(["--port", "http"], {})).toThrow(/--port/);
    expect(() => parseCliOptions(["--bogus"], {})).toThrow();
    expect(() => parseCliOptions([], { MOCK_SVEA_POLL_LIMIT: "maybe" })).toThrow(/MOCK_SVEA_POLL_LIMIT/);
    expect(parseCliOptions([], { MOCK_SVEA_FSYNC: "never" })).toMatchObject({ fsync: "never" });
    expect(parseCliOptions(["--fsync", "batched"], { MOCK_SVEA_FSYNC: "never" })).toMatchObject({ fsync: "batched" });
    expect(() => parseCliOptions(["--fsync", "always"], {})).toThrow(/--fsync must be "batched" or "never", not "always"/);
    expect(() => parseCliOptions([], { MOCK_SVEA_FSYNC: "sometimes" })).toThrow(/^MOCK_SVEA_FSYNC must be "batched" or "never", not "sometimes"/);
  });

  it("--help recommends MOCK_SVEA_ADMIN_TOKEN over --admin-token, whose value every user sees in ps", () => {
    const lines = USAGE.split("\n");
    const flag = lines.findIndex((l) => l.trimStart().startsWith("--admin-token"));
    expect(lines[flag + 1]).toMatch(/^\s+prefer MOCK_SVEA_ADMIN_TOKEN: .*visible .* in ps$/);
  });

  it("names the merchants file and where its JSON breaks, never quoting it (a password may stand there)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mock-merchants-"));
    const file = join(dir, "merchants.json");
    await writeFile(file, '{\n  "merchants": [\n    { "id": "m1", "password": Unquoted-Pw-77, "name": "Shop" }\n  ]\n}\n');
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await main(["--merchants", file, "--memory", "--port", "0"], {})).toBeUndefined();
      expect(process.exitCode).toBe(1);
    } finally {
      stderr.mockRestore();
      process.exitCode = undefined;
      await rm(dir, { recursive: true, force: true });
    }
    expect(written.join("")).toBe(
      `mock-svea: ${file} is not valid JSON: line 3, column 31: expected a value (an unquoted word, a single quote or a trailing comma is not JSON)\n`,
    );
  });

  it("prints exactly the five labelled lines", async () => {
    const mock = await startTestMock();
    try {
      expect(bannerLines(mock)).toEqual([`mock: ${mock.url}`, "merchant: demo-merchant / demo-password-2026", `payment admin: ${mock.url}/payment-admin 124842 / demo-payment-admin-secret-2026`, `inbox: ${mock.url}/__admin/inbox`, `admin: ${mock.url}/__admin`]);
    } finally {
      await mock.close();
    }
  });

  it("prints five lines also when the first merchant has no Payment Admin credentials, saying so on the payment admin line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mock-merchants-"));
    const file = join(dir, "merchants.json");
    const country = { countryCode: "SE", currency: "SEK", vatPercents: [0, 600, 1200, 2500] };
    await writeFile(file, JSON.stringify({ merchants: [{ id: "shop-1", password: "shop-1-password", name: "Butiken", countries: [country] }] }));
    const mock = await startTestMock({ merchants: file });
    try {
      expect(bannerLines(mock)).toEqual([
        `mock: ${mock.url}`,
        "merchant: shop-1 / (not shown: see the merchants file)",
        "payment admin: not configured (shop-1 has no paymentAdmin in the merchants file)",
        `inbox: ${mock.url}/__admin/inbox`,
        `admin: ${mock.url}/__admin`,
      ]);
    } finally {
      await mock.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prints the demo credentials when the bundled merchants file is named, however its path is written", async () => {
    for (const merchants of [DEMO_MERCHANTS_FILE, relative(process.cwd(), DEMO_MERCHANTS_FILE), `${dirname(DEMO_MERCHANTS_FILE)}/../mock-svea/merchants.json`]) {
      const mock = await startTestMock({ merchants });
      try {
        expect([merchants, mock.merchantsSource, bannerLines(mock)[1]]).toEqual([merchants, "demo", "merchant: demo-merchant / demo-password-2026"]);
      } finally {
        await mock.close();
      }
    }
  });

  it("never prints the passwords of a configured merchants file, even one copied from the demo", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mock-merchants-"));
    const file = join(dir, "merchants.json");
    await copyFile(DEMO_MERCHANTS_FILE, file);
    const mock = await startTestMock({ merchants: file });
    try {
      const lines = bannerLines(mock);
      expect(lines).toEqual([
        `mock: ${mock.url}`,
        "merchant: demo-merchant / (not shown: see the merchants file)",
        `payment admin: ${mock.url}/payment-admin 124842 / (not shown: see the merchants file)`,
        `inbox: ${mock.url}/__admin/inbox`,
        `admin: ${mock.url}/__admin`,
      ]);
      expect(lines.join("\n")).not.toMatch(/demo-password-2026|demo-payment-admin-secret-2026/);
    } finally {
      await mock.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
