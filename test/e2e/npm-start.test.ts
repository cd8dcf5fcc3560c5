// `npm start` as a user runs it (compiled): the mock's four labelled lines plus host:, both answering, and a clean SIGTERM exit.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { ensurePluginBuilt, repoRoot, startScript } from "./ensure-plugin-built.js";

describe("npm start (dist/scripts/start.js)", () => {
  it("prints mock:, merchant:, inbox:, admin: and host:, serves an Instore save end to end, and exits 0 on SIGTERM", async () => {
    await ensurePluginBuilt();
    const child = spawn(process.execPath, [startScript, "--port", "0", "--memory"], {
      cwd: repoRoot,
      env: { ...process.env, REFERENCE_HOST_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    try {
      const lines: string[] = [];
      const reader = createInterface({ input: child.stdout });
      for await (const line of reader) {
        lines.push(line);
        if (line.startsWith("host: ")) break;
      }
      expect(lines.map((l) => l.split(":")[0])).toEqual(["mock", "merchant", "inbox", "admin", "host"]);
      const value = (label: string) => lines.find((l) => l.startsWith(`${label}: `))!.slice(label.length + 2);
      const host = value("host");
      const mock = value("mock");
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
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
