// The randomness rule for secrets (callbackKey, previousCallbackKey, the host's key file, the mock's admin token):
// a repeated word or block is refused, and keys as a shop generates them never are.
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isPlainlyNotRandom, MIN_SECRET_BITS, secretBits } from "../../common/secret-randomness.js";

describe("isPlainlyNotRandom", () => {
  it.each([
    ["one character repeated", "a".repeat(32)],
    ["two characters repeated", "ab".repeat(20)],
    ["a word repeated", "hunter2".repeat(5)],
    ["a 4-character block repeated to 32", "Xy7!".repeat(8)],
    ["a 4-character block repeated to 44", "q9Z-".repeat(11)],
    ["a word repeated with a character after it", `${"hunter2".repeat(5)}!`],
    ["a word repeated with other characters between", "hunter2!hunter2?hunter2#hunter2$"],
    ["numbered words", "password1password2password3password4"],
    ["a block repeated after a random start", `K7mQ${"Tr0ub4dor&3".repeat(3)}`],
  ])("refuses %s", (_, secret) => {
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(isPlainlyNotRandom(secret)).toBe(true);
  });

  it("a repeated block counts once: the word repeated scores what the word alone scores", () => {
    expect(secretBits("hunter2".repeat(5))).toBeCloseTo(secretBits("hunter2"), 6);
    expect(secretBits("ab".repeat(16))).toBe(2);
    expect(secretBits("a".repeat(32))).toBe(0);
  });

  it("never refuses a generated key of the documented forms (20,000 draws each)", () => {
    const forms: Record<string, () => string> = {
      "32 bytes base64url": () => randomBytes(32).toString("base64url"),
      "32 bytes base64 (openssl rand -base64 32)": () => randomBytes(32).toString("base64"),
      "32 bytes hex (openssl rand -hex 32)": () => randomBytes(32).toString("hex"),
      "16 bytes hex": () => randomBytes(16).toString("hex"),
      UUID: () => randomUUID(),
    };
    const lowest: Record<string, number> = {};
    for (const [form, draw] of Object.entries(forms)) {
      let low = Infinity;
      for (let i = 0; i < 20_000; i++) low = Math.min(low, secretBits(draw()));
      lowest[form] = low;
    }
    for (const [form, low] of Object.entries(lowest)) expect(low, form).toBeGreaterThanOrEqual(MIN_SECRET_BITS + 10);
  });

  it("passes a readable key with no repeated stretch, as before", () => {
    for (const key of ["soak-callback-key-0123456789abcdefghijklmnop", "rotated-new-key-0123456789abcdefghij", "2f7Kq9xWm4TzL8vRb1NcY6sHd3JpE0aG"])
      expect(isPlainlyNotRandom(key)).toBe(false);
  });

  it("judges a very long secret quickly", () => {
    const started = performance.now();
    expect(isPlainlyNotRandom("a".repeat(200_000))).toBe(true);
    expect(isPlainlyNotRandom("aaaaaaX1".repeat(25_000))).toBe(true);
    expect(isPlainlyNotRandom(randomBytes(150_000).toString("base64url"))).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
