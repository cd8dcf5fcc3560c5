// The demo callback key survives restarts: created once (owner-only), read back unchanged, replaced only when unusable.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadOrCreateCallbackKey } from "../../host/callback-key-file.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("loadOrCreateCallbackKey", () => {
  it("creates a long random key once, owner-readable only, and returns the same key afterwards", async () => {
    const dir = await mkdtemp(join(tmpdir(), "callback-key-"));
    dirs.push(dir);
    const file = join(dir, "data", "callback-key");
    const key = await loadOrCreateCallbackKey(file);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateCallbackKey(file)).toBe(key);
    expect(await loadOrCreateCallbackKey(join(dir, "data", "other-key"))).not.toBe(key);
  });

  it("replaces a key too short to be accepted by the plugin", async () => {
    const dir = await mkdtemp(join(tmpdir(), "callback-key-"));
    dirs.push(dir);
    const file = join(dir, "callback-key");
    await writeFile(file, "short\n");
    const key = await loadOrCreateCallbackKey(file);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(file, "utf8")).trim()).toBe(key);
  });
});
