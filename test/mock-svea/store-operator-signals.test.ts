// What the mock's file store tells an operator: a failed journal write stops it (health 503, one log line, "restart").
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHostLogger } from "../../host/host-logger.js";
import { basic, DEMO, orderRequest, startTestMock, type TestMock } from "./mock-svea-test-server.js";

let dir: string;
let mock: TestMock | undefined;
const chunks: string[] = [];
const logLines = () => chunks.join("").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mock-store-"));
  chunks.length = 0;
});
afterEach(async () => {
  await mock?.close().catch(() => {});
  mock = undefined;
  await rm(dir, { recursive: true, force: true });
});

const create = (m: TestMock) =>
  fetch(`${m.url}/api/v1/orders`, { method: "POST", headers: { authorization: basic(DEMO), "content-type": "application/json" }, body: JSON.stringify(orderRequest()) });

describe("the mock's journal on a full disk", () => {
  it("stops its store: /healthz answers 503 naming the store, one error line says restart, and each change is refused with 503 'restart required'", async () => {
    const file = join(dir, "mock-svea.json");
    mock = await startTestMock({ dataFile: file, fsync: "never", logger: createHostLogger("info", { write: (c: string) => void chunks.push(c) }) });
    expect((await fetch(`${mock.url}/healthz`)).status).toBe(200);
    // This run's journal segment is /dev/full: every write(2) fails with ENOSPC.
    await symlink("/dev/full", join(dir, "mock-svea.json.journal-000001.jsonl"));

    for (let i = 0; i < 2; i++) {
      const answer = await create(mock);
      expect(answer.status).toBe(503);
      expect(((await answer.json()) as { detail: string }).detail).toMatch(/stopped after a failed write \(ENOSPC\).*restart required/);
    }
    const health = await fetch(`${mock.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "restart-required", store: file, message: expect.stringMatching(/restart required/) });

    const errors = logLines().filter((l) => (l.level as number) >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ store: file, code: "ENOSPC", restartRequired: true });
    expect(String(errors[0]!.msg)).toMatch(/stopped after a failed journal write and must be restarted/);
    expect(logLines().filter((l) => /request refused/.test(String(l.msg)))).toHaveLength(2);
  });
});

describe("the mock's journal replay", () => {
  it("warns, naming the file and the bytes, when it drops a torn last line", async () => {
    const file = join(dir, "mock-svea.json");
    const segment = join(dir, "mock-svea.json.journal-000001.jsonl");
    await writeFile(segment, '{"seq":1,"op":"sms","sms":{"to":"+467');
    mock = await startTestMock({ dataFile: file, fsync: "never", logger: createHostLogger("info", { write: (c: string) => void chunks.push(c) }) });
    expect(logLines().filter((l) => l.level === 40)).toEqual([expect.objectContaining({ file: segment, droppedBytes: 37, msg: expect.stringMatching(/unfinished last line/) })]);
  });
});
