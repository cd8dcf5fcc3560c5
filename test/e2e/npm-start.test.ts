// `npm start` as a user runs it (compiled): the mock's labelled lines plus host:, both answering, and a clean SIGTERM exit.
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startNpmStart } from "../support/npm-start-process.js";
import { runToExit } from "../support/run-to-exit.js";
import { startScript } from "./ensure-plugin-built.js";

describe("npm start (dist/scripts/start.js)", () => {
  it("prints mock:, merchant:, inbox:, admin: and host:, serves an Instore save end to end, and exits 0 on SIGTERM", async () => {
    const world = await startNpmStart();
    let stopped = false;
    try {
      expect(world.labels).toEqual(["mock", "merchant", "payment admin", "inbox", "admin", "host"]);
      const { host, mock } = world;
      expect(host).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${host}/healthz`)).json()).toMatchObject({ status: "ok", plugin: { id: "svea-instore" } });
      const order = {
        id: "start-1",
        number: "7001",
        paymentMethod: "svea-instore",
        currency: "SEK",
        pricesIncludeVat: true,
        customer: { name: "Test Testsson", mobilePhone: "+46701234567", countryCode: "SE" },
        rows: [{ name: "Kaffe", quantity: "1", unitPrice: "49.00", vatPercent: "12" }],
        total: "49.00",
      };
      const saved = await fetch(`${host}/api/orders/start-1`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(order) });
      expect(saved.status).toBe(201);
      const sms = (await (await fetch(`${mock}/__admin/sms`)).json()) as { messages: { mobilePhoneNumber: string }[] };
      expect(sms.messages.map((m) => m.mobilePhoneNumber)).toEqual(["+46701234567"]);
      const credentials = await fetch(`${host}/api/commands/verify-credentials?locale=en`, { method: "POST" });
      expect(((await credentials.json()) as { ok: boolean }).ok).toBe(true);
      stopped = true;
      expect(await world.stop()).toBe(0);
    } finally {
      if (!stopped) await world.stop();
    }
  });
});

describe("npm start with files", () => {
  it("keeps orders, customers' numbers and keys in folders only its user can enter, its journals, snapshots and order file owner-only", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npm-start-modes-"));
    try {
      const data = join(dir, "data");
      const world = await startNpmStart({ dataFile: join(data, "mock-svea.json") });
      const order = { id: "m-1", number: "7002", paymentMethod: "svea-instore", currency: "SEK", pricesIncludeVat: true, customer: { name: "T", mobilePhone: "+46701234567", countryCode: "SE" }, rows: [{ name: "Kaffe", quantity: "1", unitPrice: "49.00", vatPercent: "12" }], total: "49.00" };
      expect((await fetch(`${world.host}/api/orders/m-1`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(order) })).status).toBe(201);
      expect(await world.stop()).toBe(0);
      const found: { path: string; mode: number; dir: boolean }[] = [];
      const walk = async (path: string): Promise<void> => {
        const info = await stat(path);
        found.push({ path: path.slice(dir.length), mode: info.mode & 0o777, dir: info.isDirectory() });
        if (info.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
      };
      await walk(data);
      const dirs = found.filter((f) => f.dir);
      expect(dirs.map((f) => f.path)).toContain("/data");
      expect(dirs.filter((f) => f.mode !== 0o700)).toEqual([]);
      // Written by the package itself, the host's order file (customers' names, numbers, links) included.
      const own = found.filter((f) => !f.dir && /journal|mock-svea|callback-key|plugin|host-orders/.test(f.path) && !f.path.endsWith(".lock"));
      expect(own.map((f) => f.path)).toEqual(expect.arrayContaining([expect.stringMatching(/callback-key$/), expect.stringMatching(/mock-svea/), expect.stringMatching(/host-orders\.json$/)]));
      expect(own.filter((f) => (f.mode & 0o077) !== 0)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("npm start that cannot start", () => {
  /** Runs dist/scripts/start.js to its exit: the exit code and what it wrote to stderr. */
  const startFails = (args: string[], env: Record<string, string>) => runToExit(startScript, args, { ...process.env, ...env });

  it("says which port is taken and which setting chooses it, with no stack trace", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const host = await startFails(["--port", "0", "--memory"], { REFERENCE_HOST_PORT: port });
      expect(host.code).toBe(1);
      // Beside the mock's own log lines (JSON), the one line for the operator, and no stack trace.
      expect(host.stderr.split("\n")).toContain(`host: port ${port} on 127.0.0.1 is already in use; choose another with REFERENCE_HOST_PORT (0 = any free port)`);
      expect(host.stderr).not.toMatch(/^\s+at /m);
      const mock = await startFails(["--memory"], { MOCK_SVEA_PORT: port, REFERENCE_HOST_PORT: "0" });
      expect(mock.code).toBe(1);
      expect(mock.stderr.split("\n")).toContain(`mock: port ${port} on 127.0.0.1 is already in use; choose another with MOCK_SVEA_PORT or --port (0 = any free port)`);
      expect(mock.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it("names a damaged host-orders.json and where it breaks, in one line without a stack or the file's text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "npm-start-data-"));
    try {
      const file = join(dir, "host-orders.json");
      await writeFile(file, '{"orders": {"o1": {"customer": Anna-Secret-Street}}}');
      const start = await startFails(["--data", join(dir, "mock-svea.json")], { MOCK_SVEA_PORT: "0", REFERENCE_HOST_PORT: "0" });
      expect(start.code).toBe(1);
      const operatorLines = start.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("{"));
      expect(operatorLines).toEqual([
        `host: ${file} is not valid JSON: line 1, column 32: expected a value (an unquoted word, a single quote or a trailing comma is not JSON). Repair the file, or move it away to start with no orders.`,
        `  sv: ${file} är inte giltig JSON: rad 1, kolumn 32: ett värde väntades (ett ord utan citattecken, enkla citattecken eller ett avslutande kommatecken är inte JSON). Laga filen, eller flytta undan den för att starta utan ordrar.`,
      ]);
      expect(start.stderr).not.toMatch(/Anna-Secret|SyntaxError|^\s+at /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the environment variable a bad port came from", async () => {
    const bad = await startFails(["--memory"], { MOCK_SVEA_PORT: "abc", REFERENCE_HOST_PORT: "0" });
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toBe('MOCK_SVEA_PORT must be an integer from 0 to 65535, not "abc"');
  });

  it("refuses a REFERENCE_HOST_TIME_ZONE that is no IANA time zone, naming it", async () => {
    const bad = await startFails(["--memory"], { MOCK_SVEA_PORT: "0", REFERENCE_HOST_PORT: "0", REFERENCE_HOST_TIME_ZONE: "Stockholm" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'REFERENCE_HOST_TIME_ZONE must be an IANA time zone such as Europe/Stockholm, not "Stockholm"\n' +
        '  sv: REFERENCE_HOST_TIME_ZONE måste vara en IANA-tidszon, t.ex. Europe/Stockholm, inte "Stockholm"\n',
    );
  });
});
