// The demo callback key survives restarts: created once (owner-only, atomically), read back unchanged, never replaced
// when damaged (that would break every link handed to Svea), and made owner-only when others could read it.
import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateCallbackKey } from "../../host/callback-key-file.js";
import { HostStartupError } from "../../host/host-startup-error.js";
import { rejectionOf, useTempDirs } from "./host-test-helpers.js";

const tempDir = useTempDirs("callback-key-");

describe("loadOrCreateCallbackKey", () => {
  it("creates a long random key once, owner-readable only, with no temp file left, and returns the same key afterwards", async () => {
    const dir = await tempDir();
    const file = join(dir, "data", "callback-key");
    const warnings: string[] = [];
    const key = await loadOrCreateCallbackKey(file, { warn: (m) => warnings.push(m) });
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, "data"))).toEqual(["callback-key"]);
    expect(await loadOrCreateCallbackKey(file, { warn: (m) => warnings.push(m) })).toBe(key);
    expect(await loadOrCreateCallbackKey(join(dir, "data", "other-key"))).not.toBe(key);
    expect(warnings).toEqual([]);
  });

  it.each([
    ["a too short", "short-but-secret\n", "holds a key of 16 characters, and at least 32 are needed", "innehåller en nyckel på 16 tecken, och minst 32 behövs"],
    ["an empty", "", "is empty", "är tom"],
    ["a binary", Buffer.from([0x00, 0xff, 0x41, ...Buffer.from("Zk9v-secret-tail-0123456789abcdef")]), "holds control characters", "innehåller styrtecken"],
    ["a two-line", "first-half-of-a-key-0123456789\nsecond-half-0123456789abcdef\n", "holds control characters, line breaks", "innehåller styrtecken, radbrytningar"],
    ["a plainly not random", `secret${"e".repeat(40)}\n`, "holds a key that callbackKey's rule refuses: it must look random: at least 64 bits", "innehåller en nyckel som callbackKey-regeln vägrar: den måste se slumpmässig ut"],
    ["a repeated word's", `${"secret7".repeat(6)}\n`, "holds a key that callbackKey's rule refuses: it must look random", "innehåller en nyckel som callbackKey-regeln vägrar"],
  ])("refuses %s file naming it and the problem, in English and Swedish, never its content, and leaves it as it was", async (_, content, problem, swedish) => {
    const file = join(await tempDir(), "callback-key");
    await writeFile(file, content);
    const error = await rejectionOf(loadOrCreateCallbackKey(file));
    expect(error).toBeInstanceOf(HostStartupError);
    expect(error).toMatchObject({ code: "callback-key-invalid" });
    const message = (error as Error).message;
    expect(message).toContain(`the callback key file ${file} ${problem}`);
    expect(message).toContain("restore the file from a backup, or delete it");
    expect((error as HostStartupError).messages?.sv).toContain(`nyckelfilen för återanrop ${file} ${swedish}`);
    expect(message).toContain(`\n  sv: nyckelfilen för återanrop ${file} ${swedish}`);
    expect(message).toContain("återställ filen från en säkerhetskopia, eller ta bort den");
    expect(message).not.toMatch(/secret|first-half|Zk9v/);
    expect(await readFile(file)).toEqual(Buffer.from(content));
  });

  it("refuses a key file it cannot read, naming it", async () => {
    const file = join(await tempDir(), "callback-key");
    await mkdir(file);
    expect(await rejectionOf(loadOrCreateCallbackKey(file))).toMatchObject({
      code: "callback-key-invalid",
      message: `the callback key file ${file} cannot be read (EISDIR)\n  sv: nyckelfilen för återanrop ${file} kan inte läsas (EISDIR)`,
    });
  });

  it("makes a key file other users could read owner-only, and says so", async () => {
    const file = join(await tempDir(), "callback-key");
    const key = "kept-callback-key-0123456789abcdefghijklmn";
    await writeFile(file, `${key}\n`);
    await chmod(file, 0o644);
    const warnings: string[] = [];
    expect(await loadOrCreateCallbackKey(file, { warn: (m) => warnings.push(m) })).toBe(key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([`the callback key file ${file} could be read by other users (mode 0644); its mode is now 0600`]);
    expect(warnings.join()).not.toContain(key);
  });
});
