// The mock's request journal over HTTP: newest requests kept within its count and bytes, read back as sent, redacted.
import { pino, type Logger } from "pino";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { RequestJournal, requestJournalBytes } from "../../mock-svea/request-journal.js";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

let mock: TestMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

type Entry = { method: string; path: string; status: number; body?: { merchantOrderNumber?: string } | string; headers: Record<string, string> };

async function journal(m: TestMock): Promise<Entry[]> {
  return (await request(m.url).get("/__admin/requests")).body.requests;
}

function create(m: TestMock, body: Record<string, unknown>) {
  return request(m.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(body));
}

describe("the mock's request journal", () => {
  it("keeps the newest requests up to its size, each read back as it was sent", async () => {
    mock = await startTestMock({ requestJournalSize: 3 });
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const body = orderRequest({ merchantName: `Butik ${i} åäö` });
      numbers.push(String(body.merchantOrderNumber));
      await create(mock, body).expect(200);
    }
    await request(mock.url).get(`/api/v1/orders/${numbers[4]}/status`).set("Authorization", basic(DEMO)).expect(200);
    const entries = await journal(mock);
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/api/v1/orders", 200],
      ["POST", "/api/v1/orders", 200],
      ["GET", `/api/v1/orders/${numbers[4]}/status`, 200],
    ]);
    expect(entries.slice(0, 2).map((e) => (e.body as { merchantOrderNumber: string }).merchantOrderNumber)).toEqual(numbers.slice(3, 5));
    expect((entries[1]!.body as { merchantName: string }).merchantName).toBe("Butik 4 åäö");
    expect(entries[2]!.body).toBeUndefined();
    for (const e of entries) expect(e.headers.authorization).toBe("[redacted]");
  });

  it("refuses a body nested deeper than 64 levels as System.Text.Json does, naming where, and the journal stays readable", async () => {
    mock = await startTestMock();
    const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const body = JSON.stringify(orderRequest()).replace(/^\{/, `{"junk":${deep(10_000)},`);
    const refused = await request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual({ [`$.junk${"[0]".repeat(63)}`]: ["The maximum configured depth of 64 has been exceeded."] });
    // 64 levels are still read (and refused only for what they say).
    const within = await request(mock.url).post("/api/v1/orders").set("Authorization", basic(DEMO)).set("Content-Type", "application/json").send(JSON.stringify(orderRequest()).replace(/^\{/, `{"junk":${deep(63)},`));
    expect(within.status).toBe(200);
    const entries = await journal(mock);
    expect(entries.map((e) => e.status)).toEqual([400, 200]);
  });

  it("keeps fewer when their bytes fill it, and notes a body larger than all of it instead of dropping the request", async () => {
    mock = await startTestMock({ requestJournalSize: 100, requestJournalBytes: 4096 });
    for (let i = 0; i < 10; i++) await create(mock, orderRequest()).expect(200);
    const kept = await journal(mock);
    // Each create takes a few hundred bytes here: 4 KiB holds some, not all ten.
    expect(kept.length).toBeGreaterThan(2);
    expect(kept.length).toBeLessThan(10);
    const rows = Array.from({ length: 60 }, (_, i) => ({ articleNumber: `A-${i}`, name: `Artikel nummer ${i}`, quantity: 100, unitPrice: 1000, vatPercent: 2500, unit: "st" }));
    const big = orderRequest({ orderItems: rows });
    await create(mock, big).expect(200);
    const last = (await journal(mock)).at(-1)!;
    expect(last.path).toBe("/api/v1/orders");
    expect(last.status).toBe(200);
    expect(last.body).toMatch(/^\(\d+ bytes: more than the request journal's 4096 bytes\)$/);
  });

  it("answers and journals a request whose path holds an escape that does not decode (`%ZZ`), still redacting what looks secret", async () => {
    const lines: string[] = [];
    // Logging on (as `npm run mock` runs it): the request line is where the path is redacted before the answer leaves.
    mock = await startTestMock({ logger: pino({ level: "info" }, { write: (line: string) => void lines.push(line) }) });
    const number = "50%ZZ-rabatt-2026-a";
    await create(mock, orderRequest({ merchantOrderNumber: number })).expect(200);
    const cancel = await request(mock.url).post(`/api/v1/orders/${number}/cancel`).set("Authorization", basic(DEMO));
    expect(cancel.status).toBe(200);
    expect(mock.deps.repo.find(DEMO.id, number)?.orderStatus).toBe("Canceled");
    // No credentials, a bad escape in a query, and a token behind a bad escape: the route's own answer, a 401.
    const token = "q8DkXyQ7xld5zfZmW64y5rMl137ZLUsxdU0JPWydo";
    await request(mock.url).get(`/api/v1/orders/%ZZ${token}/status?note=%ZZ&pw=hunter2`).expect(401);
    const entries = await journal(mock);
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/api/v1/orders", 200],
      ["POST", `/api/v1/orders/${number}/cancel`, 200],
      ["GET", "/api/v1/orders/[redacted]/status?note=%ZZ&pw=[redacted]", 401],
    ]);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; path?: string; status?: number }).filter((l) => l.msg === "request" && l.path?.startsWith("/api/"));
    expect(logged.map((l) => [l.path, l.status])).toEqual(entries.map((e) => [e.path, e.status]));
    expect(lines.join("\n")).not.toContain(token);
    expect(lines.join("\n")).not.toContain("hunter2");
  });

  it("gives the route's answer and journals it when writing the request's log line fails", async () => {
    const base = pino({ level: "info" }, { write: () => {} });
    // A logger whose request line throws, as a broken log destination or a bug in what the line is built from would.
    const failing = new Proxy(base, {
      get: (target, key, receiver) =>
        key === "info"
          ? (obj: unknown, msg?: string) => {
              if (msg === "request") throw new Error("log destination failed");
              return target.info(obj as object, msg);
            }
          : Reflect.get(target, key, receiver),
    }) as Logger;
    mock = await startTestMock({ logger: failing });
    const body = orderRequest();
    const number = String(body.merchantOrderNumber);
    await create(mock, body).expect(200);
    await request(mock.url).post(`/api/v1/orders/${number}/cancel`).set("Authorization", basic(DEMO)).expect(200);
    expect(mock.deps.repo.find(DEMO.id, number)?.orderStatus).toBe("Canceled");
    expect((await journal(mock)).map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/api/v1/orders", 200],
      ["POST", `/api/v1/orders/${number}/cancel`, 200],
    ]);
  });

  it("is emptied by the admin reset of the journals", async () => {
    mock = await startTestMock();
    await create(mock, orderRequest()).expect(200);
    expect(await journal(mock)).toHaveLength(1);
    await request(mock.url).post("/__admin/reset").expect(200);
    expect(await journal(mock)).toEqual([]);
  });
});

describe("RequestJournal", () => {
  it("keeps headers given as a record (no Node bindings) as a record", () => {
    const j = new RequestJournal(10);
    j.add({ requestId: "r1", at: 0, method: "GET", rawPath: "/api/v1/orders/1/status", merchantId: null, headers: { accept: "application/json", authorization: "[redacted]" }, body: undefined, status: 404, latencyMs: 1, fault: null });
    j.add({ requestId: "r2", at: 1, method: "GET", rawPath: "/api/v1/orders/2/status", merchantId: "m", headers: ["Accept", "*/*", "X-Two", "a", "x-two", "b"], body: undefined, status: 200, latencyMs: 2, fault: "delay" });
    // As /__admin/requests serialises them.
    const [first, second] = JSON.parse(JSON.stringify(j.list())) as Record<string, unknown>[];
    expect(first).toEqual({ requestId: "r1", at: "1970-01-01T00:00:00.000Z", method: "GET", path: "/api/v1/orders/1/status", merchantId: null, headers: { accept: "application/json", authorization: "[redacted]" }, status: 404, latencyMs: 1, fault: null });
    // Node's raw list: names lower-cased, repeated headers joined, as fetch Headers list them.
    expect(second!.headers).toEqual({ accept: "*/*", "x-two": "a, b" });
    expect(second).toMatchObject({ requestId: "r2", merchantId: "m", status: 200, latencyMs: 2, fault: "delay" });
  });

  it("sizes its bytes by entries, the body limit, at least 8 MiB and at most 1 GiB", () => {
    const MiB = 1024 * 1024;
    expect(requestJournalBytes(2_000, MiB)).toBe(8 * MiB);
    expect(requestJournalBytes(2_000, 10 * MiB)).toBe(20 * MiB + 64 * 1024);
    expect(requestJournalBytes(100_000, MiB)).toBe(100_000 * 4096);
    expect(requestJournalBytes(1_000_000, MiB)).toBe(1024 * MiB);
  });
});
