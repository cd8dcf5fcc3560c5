// The demo callback key survives restarts: created once (owner-only), read back unchanged, replaced only when unusable.
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateCallbackKey } from "../../host/callback-key-file.js";
import { useTempDirs } from "./host-test-helpers.js";

const tempDir = useTempDirs("callback-key-");

describe("loadOrCreateCallbackKey", () => {
  it("creates a long random key once, owner-readable only, and returns the same key afterwards", async () => {
    const dir = await tempDir();
    const file = join(dir, "data", "callback-key");
    const key = await loadOrCreateCallbackKey(file);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateCallbackKey(file)).toBe(key);
    expect(await loadOrCreateCallbackKey(join(dir, "data", "other-key"))).not.toBe(key);
  });

  it("replaces a key too short to be accepted by the plugin", async () => {
    const dir = await tempDir();
    const file = join(dir, "callback-key");
    await writeFile(file, "short\n");
    const key = await loadOrCreateCallbackKey(file);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(file, "utf8")).trim()).toBe(key);
  });
});
