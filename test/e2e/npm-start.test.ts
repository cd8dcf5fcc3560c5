// `npm start` as a user runs it (compiled): the mock's labelled lines plus host:, both answering, and a clean SIGTERM exit.
import { describe, expect, it } from "vitest";
import { startNpmStart } from "../support/npm-start-process.js";

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
