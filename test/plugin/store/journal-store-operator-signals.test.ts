// What the embedded store tells an operator: a failed write stops it (health, one log line, "restart required").
import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbeddedPluginStore, StoreStoppedError, type JournalPluginStore } from "../../../plugin/store/index.js";
import { CapturingLogger } from "../support/plugin-test-kit.js";
import { link } from "./plugin-store-contract.js";
import { storeDir } from "./store-temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let file: string;
let logger: CapturingLogger;
const opened: JournalPluginStore[] = [];

beforeEach(async () => {
  dir = await storeDir();
  file = join(dir.path, "svea-instore-plugin.json");
  logger = new CapturingLogger();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
  await dir.remove();
});

function store(options: Parameters<typeof createEmbeddedPluginStore>[0] = {}): JournalPluginStore {
  const s = createEmbeddedPluginStore({ file, logger, ...options });
  opened.push(s);
  return s;
}

const logged = () => logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("a journal write that fails (a full disk)", () => {
  it("stops the store: health says restart required, one error line says so, and every later change is refused with the same words", async () => {
    const s = store();
    await s.open();
    expect(s.health()).toEqual({ status: "ok" });
    // The segment this run writes is /dev/full: every write(2) to it fails with ENOSPC, as on a full disk.
    await symlink("/dev/full", join(dir.path, "svea-instore-plugin.journal-000001.jsonl"));

    const first = await s.putLink("o1", link("a-1")).then(() => undefined, (e: unknown) => e);
    expect(first).toBeInstanceOf(StoreStoppedError);
    expect((first as Error).message).toMatch(/stopped after a failed write \(ENOSPC\).*restart required/);
    expect((first as Error).message).not.toMatch(/try again/i);
    expect(await s.getOrder("o1")).toBeUndefined();

    const health = s.health();
    expect(health).toMatchObject({ status: "restart-required", store: file });
    expect(health.status === "restart-required" && health.message).toMatch(/restart required/);

    await expect(s.reserve("a-1", 1, 5_000)).rejects.toThrow(/restart required/);
    await expect(s.putLink("o2", link("b-1"))).rejects.toBeInstanceOf(StoreStoppedError);

    const errors = logged().filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ store: file, code: "ENOSPC", restartRequired: true });
    expect(String(errors[0]!.msg)).toMatch(/stopped after a failed journal write and must be restarted/);
    // No stack, no record: only the code of the failed write.
    expect(JSON.stringify(errors[0])).not.toMatch(/at |a-1|stack/);
  });

  it("stops the store when a batched sync fails too", async () => {
    const s = store({ fsync: "batched" });
    await s.open();
    await symlink("/dev/full", join(dir.path, "svea-instore-plugin.journal-000001.jsonl"));
    await expect(s.putLink("o1", link("a-1"))).rejects.toBeInstanceOf(StoreStoppedError);
    expect(s.health().status).toBe("restart-required");
  });
});
