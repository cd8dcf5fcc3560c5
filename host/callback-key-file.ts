// The demo's callback HMAC key: generated once and kept under ./data, so links issued before a restart still verify after it.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { HostStartupError } from "./host-startup-error.js";
import { PRIVATE_DIR_MODE } from "../common/private-file-modes.js";
import { isPlainlyNotRandom } from "../common/secret-randomness.js";
import type { BilingualText } from "../common/bilingual-text.js";
import { startupMessage } from "./host-startup-messages.js";

const MIN_KEY_LENGTH = 32;
const OWNER_ONLY = 0o600;

export interface CallbackKeyFileOptions {
  /** Told of every fix-up (a mode tightened) and of what could not be fixed; default: a `host:` line on stderr. */
  warn?: (message: string) => void;
}

/**
 * The key in `file`, or a new one written there when the file does not exist. A file that exists but holds no usable
 * key stops the start (HostStartupError `callback-key-invalid`): a new key would break every link already handed to
 * Svea, so only the operator may decide to replace it. A file other users may read is made owner-only, and said so.
 * Nothing here ever prints the key or the file's content.
 */
export async function loadOrCreateCallbackKey(file: string, options: CallbackKeyFileOptions = {}): Promise<string> {
  const warn = options.warn ?? ((message: string) => void process.stderr.write(`host: ${message}\n`));
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return createKeyFile(file);
    throw new HostStartupError("callback-key-invalid", startupMessage("callback-key-unreadable", { file, reason: code ?? (error as Error).message }));
  }
  const key = text.trim();
  const problem = keyProblem(key);
  if (problem) {
    throw new HostStartupError("callback-key-invalid", startupMessage("callback-key-unusable", { file, problem }));
  }
  await keepOwnerOnly(file, warn);
  return key;
}

/** What is wrong with the file's (trimmed) text as a key, in words that never quote it; undefined when it is usable. */
function keyProblem(key: string): BilingualText | undefined {
  if (key === "") return startupMessage("callback-key-empty");
  if (/[\u0000-\u001f\u007f\ufffd]/.test(key)) return startupMessage("callback-key-characters");
  if (key.length < MIN_KEY_LENGTH) return startupMessage("callback-key-short", { length: key.length, min: MIN_KEY_LENGTH });
  if (isPlainlyNotRandom(key)) return startupMessage("callback-key-not-random");
  return undefined;
}

/** Group or other permissions on the key let other users of the machine forge callbacks: tightened to 0600, and said. */
async function keepOwnerOnly(file: string, warn: (message: string) => void): Promise<void> {
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const shown = (m: number) => `0${m.toString(8).padStart(3, "0")}`;
  try {
    await chmod(file, OWNER_ONLY);
    warn(`the callback key file ${file} could be read by other users (mode ${shown(mode)}); its mode is now ${shown(OWNER_ONLY)}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    warn(`the callback key file ${file} can be read by other users (mode ${shown(mode)}) and its mode could not be changed (${code}): make it readable by its owner only (chmod 600)`);
  }
}

/** A new key, written owner-only to a temp file, synced and renamed into place: never a half-written key file. */
async function createKeyFile(file: string): Promise<string> {
  const key = randomBytes(32).toString("base64url");
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temp, "wx", OWNER_ONLY);
    try {
      await handle.writeFile(`${key}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // The rename itself survives a power cut only once the directory is synced.
  const directory = await open(dir, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
  return key;
}
