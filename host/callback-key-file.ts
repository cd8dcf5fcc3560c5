// The demo's callback HMAC key: generated once and kept under ./data, so links issued before a restart still verify after it.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

const MIN_KEY_LENGTH = 32;

export async function loadOrCreateCallbackKey(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (existing.length >= MIN_KEY_LENGTH) return existing;
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32).toString("base64url");
  await mkdir(dirname(file), { recursive: true });
  // Owner-only: the key is the secret behind every callback URL the plugin hands Svea.
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
