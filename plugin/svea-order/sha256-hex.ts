// SHA-256 of a text as hex, in one call where Node has the one-shot crypto.hash (20.12+), else through a Hash object.
import * as crypto from "node:crypto";

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/** The same digest either way; the one-shot form skips the Hash object and its three calls (fingerprints, order numbers). */
export const sha256Hex: (text: string) => string =
  typeof oneShot === "function"
    ? (text) => oneShot("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
